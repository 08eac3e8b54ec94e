import { describe, expect, it } from "vitest";
import { ApiClient, parseRetryAfter, type HttpRequest, type Transport } from "../../src/api/client";
import { ApiError, NetworkError } from "../../src/api/errors";

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function scripted(replies: Reply[]) {
  const sent: HttpRequest[] = [];
  const transport: Transport = async (req) => {
    sent.push(req);
    const r = replies.shift();
    if (!r) throw new Error("no more replies");
    if (r instanceof Error) throw r;
    const headers = r.headers ?? {};
    return { status: r.status, header: (n) => headers[n.toLowerCase()], text: r.body === undefined ? "" : JSON.stringify(r.body) };
  };
  return { sent, transport };
}

const env = (result: unknown, extra = {}) => ({ success: true, errors: [], messages: [], result, ...extra });
const cfg = (i: number) => ({ id: i.toString(16).padStart(32, "0"), name: `c${i}`, origin: { host: "h" }, caching: { disabled: false } });
const netErr = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });

function client(transport: Transport, sleeps: number[] = []) {
  return new ApiClient({
    credentials: { kind: "token", token: "t0k" },
    transport,
    userAgent: "hyperdrive-cli/test",
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 1,
  });
}

describe("ApiClient", () => {
  it("pages with per_page=100 until total_count (250 configs → 3 requests)", async () => {
    const all = Array.from({ length: 250 }, (_, i) => cfg(i));
    const pages = [0, 1, 2].map((p) => ({
      status: 200,
      body: env(all.slice(p * 100, p * 100 + 100), { result_info: { page: p + 1, per_page: 100, count: 100, total_count: 250 } }),
    }));
    const { sent, transport } = scripted(pages);
    const list = await client(transport).listConfigs("acc");
    expect(list).toHaveLength(250);
    expect(list[249].name).toBe("c249");
    expect(sent.map((r) => new URL(r.url).search)).toEqual(["?page=1&per_page=100", "?page=2&per_page=100", "?page=3&per_page=100"]);
  });

  it("stops on an empty page even when total_count is wrong", async () => {
    const { sent, transport } = scripted([
      { status: 200, body: env([cfg(1)], { result_info: { page: 1, per_page: 100, count: 1, total_count: 500 } }) },
      { status: 200, body: env([], { result_info: { page: 2, per_page: 100, count: 0, total_count: 500 } }) },
    ]);
    expect(await client(transport).listConfigs("acc")).toHaveLength(1);
    expect(sent).toHaveLength(2);
  });

  it("sends the token as a Bearer header and the user agent", async () => {
    const { sent, transport } = scripted([{ status: 200, body: env(cfg(1)) }]);
    await client(transport).getConfig("acc", cfg(1).id);
    expect(sent[0].headers.authorization).toBe("Bearer t0k");
    expect(sent[0].headers["user-agent"]).toBe("hyperdrive-cli/test");
    expect(sent[0].url).toBe(`https://api.cloudflare.com/client/v4/accounts/acc/hyperdrive/configs/${cfg(1).id}`);
  });

  it("API key credentials use X-Auth-Email and X-Auth-Key", async () => {
    const { sent, transport } = scripted([{ status: 200, body: env(cfg(1)) }]);
    await new ApiClient({ credentials: { kind: "key", email: "a@b.c", key: "k" }, transport, userAgent: "ua" }).getConfig("a", "x");
    expect(sent[0].headers).toMatchObject({ "x-auth-email": "a@b.c", "x-auth-key": "k" });
    expect(sent[0].headers.authorization).toBeUndefined();
  });

  it("retries a GET on 429, honouring Retry-After", async () => {
    const sleeps: number[] = [];
    const { sent, transport } = scripted([
      { status: 429, body: { success: false, errors: [{ code: 971, message: "rate limited" }], messages: [], result: null }, headers: { "retry-after": "7" } },
      { status: 200, body: env(cfg(1)) },
    ]);
    await client(transport, sleeps).getConfig("a", "x");
    expect(sent).toHaveLength(2);
    expect(sleeps).toEqual([7000]);
  });

  it("retries on 503 with exponential backoff, at most 3 attempts, then fails with the API's error", async () => {
    const sleeps: number[] = [];
    const e503 = { status: 503, body: { success: false, errors: [{ code: 10013, message: "service unavailable" }], messages: [], result: null } };
    const { sent, transport } = scripted([e503, e503, e503]);
    const err = await client(transport, sleeps).getConfig("a", "x").catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(503);
    expect(sent).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it("never retries a POST on 5xx (it may have been applied)", async () => {
    const { sent, transport } = scripted([{ status: 502, body: { success: false, errors: [{ code: 1, message: "bad gateway" }], messages: [], result: null } }]);
    const err = await client(transport)
      .createConfig("a", { name: "n", origin: { scheme: "postgres", host: "h", port: 1, database: "d", user: "u", password: "p" } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(sent).toHaveLength(1);
  });

  it("retries a POST when the connection was refused (it never reached the server)", async () => {
    const { sent, transport } = scripted([netErr("ECONNREFUSED"), { status: 200, body: env(cfg(1)) }]);
    await client(transport).createConfig("a", { name: "n", origin: { scheme: "postgres", host: "h", port: 1, database: "d", user: "u", password: "p" } });
    expect(sent).toHaveLength(2);
  });

  it("does not retry a POST after a connection reset", async () => {
    const { sent, transport } = scripted([netErr("ECONNRESET")]);
    const err = await client(transport)
      .createConfig("a", { name: "n", origin: { scheme: "postgres", host: "h", port: 1, database: "d", user: "u", password: "p" } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toMatch(/closed the connection/);
    expect(sent).toHaveLength(1);
  });

  it("gives up on Retry-After longer than a minute instead of hanging", async () => {
    const { sent, transport } = scripted([{ status: 429, body: { success: false, errors: [{ code: 971, message: "Please wait" }], messages: [], result: null }, headers: { "retry-after": "300" } }]);
    const err = await client(transport).getConfig("a", "x").catch((e) => e);
    expect(sent).toHaveLength(1);
    expect(err.retryAfter).toBe(300);
    expect(err.details()[0].hint).toMatch(/Wait 300 s/);
  });

  it("turns an envelope failure into one ApiError with every code, error_chain included", async () => {
    const { transport } = scripted([
      {
        status: 400,
        body: { success: false, errors: [{ code: 6003, message: "Invalid request headers", error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }] }], messages: [], result: null },
      },
    ]);
    const err: ApiError = await client(transport).getConfig("a", "x").catch((e) => e);
    expect(err.codes()).toEqual([6003, 6111]);
    expect(err.details()[0]).toMatchObject({ code: 6003, message: expect.stringContaining("Invalid format for Authorization header [code: 6111]"), hint: expect.stringMatching(/malformed/) });
    expect(err.method).toBe("GET");
    expect(err.path).toBe("/accounts/a/hyperdrive/configs/x");
  });

  it("reports a non-JSON answer plainly", async () => {
    const transport: Transport = async () => ({ status: 502, header: () => undefined, text: "<html>Bad gateway</html>" });
    const err = await new ApiClient({ credentials: { kind: "token", token: "t" }, transport, userAgent: "u", maxAttempts: 1 }).getConfig("a", "x").catch((e) => e);
    expect(err.message).toMatch(/malformed response from the API \(HTTP 502\): <html>Bad gateway/);
  });

  it("parses Retry-After as seconds or a date", () => {
    expect(parseRetryAfter("12")).toBe(12);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThanOrEqual(4);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
