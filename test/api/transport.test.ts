// The real transports against loopback servers: node:http by default, undici through a proxy when one is set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTransport } from "../../src/api/transport";

let server: Server;
let base: string;
const seen: Array<{ url?: string; host?: string; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      seen.push({ url: req.url, host: req.headers.host, body });
      res.setHeader("content-type", "application/json");
      res.setHeader("retry-after", "3");
      res.end(JSON.stringify({ success: true, errors: [], messages: [], result: { ok: true } }));
    });
  });
  // As a proxy: record the CONNECT target, then serve the tunnelled request ourselves (no name is ever resolved).
  server.on("connect", (req, socket) => {
    seen.push({ url: `CONNECT ${req.url}`, body: "" });
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n", () => server.emit("connection", socket));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("createTransport", () => {
  it("without a proxy variable: node:http, body and headers as given", async () => {
    seen.length = 0;
    const t = await createTransport({});
    const res = await t({ method: "POST", url: `${base}/client/v4/x`, headers: { "content-type": "application/json" }, body: '{"a":1}' }, { timeoutMs: 5000 });
    await t.close();
    expect(res.status).toBe(200);
    expect(res.header("Retry-After")).toBe("3");
    expect(JSON.parse(res.text).result).toEqual({ ok: true });
    expect(seen).toEqual([{ url: "/client/v4/x", host: base.slice(7), body: '{"a":1}' }]);
  });

  it("with HTTP_PROXY: the request goes to the proxy (undici), NO_PROXY honoured", async () => {
    seen.length = 0;
    const viaProxy = await createTransport({ HTTP_PROXY: base });
    await viaProxy({ method: "GET", url: "http://api.example.invalid/client/v4/y", headers: {} }, { timeoutMs: 5000 });
    await viaProxy.close();
    // The proxy was asked for the API host; nothing was resolved or sent outside loopback.
    expect(seen.map((r) => r.url)).toEqual(["CONNECT api.example.invalid:80", "/client/v4/y"]);

    const bypass = await createTransport({ HTTP_PROXY: "http://127.0.0.1:9", NO_PROXY: "127.0.0.1" });
    await bypass({ method: "GET", url: `${base}/client/v4/z`, headers: {} }, { timeoutMs: 5000 });
    await bypass.close();
    expect(seen[2].url).toBe("/client/v4/z");
  });

  it("a refused connection is reported with its code (so a POST may be retried)", async () => {
    const t = await createTransport({});
    const err = await t({ method: "POST", url: "http://127.0.0.1:9/x", headers: {}, body: "{}" }, { timeoutMs: 5000 }).catch((e) => e);
    await t.close();
    expect(err.code).toBe("ECONNREFUSED");
  });
});
