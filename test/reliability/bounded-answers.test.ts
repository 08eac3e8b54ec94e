// Answers that would never end: a server that ignores `page`, and one that streams an endless body.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runCli, TEST_ACCOUNT } from "../support/cli";
import { makeConfig } from "../support/fake-api";
import { createTransport } from "../../src/api/transport";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});
async function serve(handler: (url: URL, res: import("node:http").ServerResponse) => void): Promise<{ base: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push(url.pathname + url.search);
    handler(url, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`, requests };
}
const firstPage = Array.from({ length: 100 }, (_, i) => makeConfig(i + 1));
const pageIgnored = (total: number) => (_url: URL, res: import("node:http").ServerResponse) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ success: true, errors: [], messages: [], result: firstPage, result_info: { page: 1, per_page: 100, count: 100, total_count: total } }));
};

describe("a server that ignores page", () => {
  for (const total of [250, 1_000_000]) {
    it(`total_count ${total}: stops at the first repeated page with a clear error (2 requests)`, async () => {
      const { base, requests } = await serve(pageIgnored(total));
      const r = await runCli(["list", "--json"], { env: { CLOUDFLARE_API_BASE_URL: base } });
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).errors[0].message).toBe(
        `Paging /accounts/${TEST_ACCOUNT}/hyperdrive/configs stopped at page 2: the API answered items of an earlier page again (it ignores \`page\`).`,
      );
      expect(requests).toHaveLength(2);
    });
  }
});

describe("an answer far larger than any Hyperdrive answer", () => {
  /** Streams `mb` MiB of spaces (a JSON document's worth of whitespace) with the given status. */
  const endless = (status: number, mb: number) => (_url: URL, res: import("node:http").ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json" });
    const chunk = Buffer.alloc(1024 * 1024, " ");
    let sent = 0;
    const pump = () => {
      while (sent < mb) {
        sent++;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      res.end("{}");
    };
    res.on("close", () => (sent = mb));
    pump();
  };

  for (const [name, transport] of [["node:http", () => createTransport({})]] as const) {
    for (const status of [200, 503]) {
      it(`${name}, HTTP ${status}: fails after 8 MiB, once (not retried)`, async () => {
        const { base, requests } = await serve(endless(status, 64));
        const real = await transport();
        const r = await runCli(["get", makeConfig(1).id], { env: { CLOUDFLARE_API_BASE_URL: base }, transport: real });
        await real.close();
        expect(r.code).toBe(1);
        expect(r.stderr).toContain("failed: the answer was larger than 8 MiB.");
        expect(requests).toHaveLength(1);
      });
    }
  }
});
