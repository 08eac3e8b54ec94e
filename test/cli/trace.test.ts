// HYPERDRIVE_LOG=debug and --verbose: one trace line per HTTP request on stderr, and never a secret, even when the
// request carries one (token header, origin password, Access client secret in the body).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { http } from "msw";
import { BASE, fail, fakeApi } from "../support/fake-api";
import { runCli, TEST_ACCOUNT, TEST_TOKEN } from "../support/cli";
import { tracedTransport, tracePath } from "../../src/api/trace";

const { server, requests } = fakeApi();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
});
afterEach(() => server.resetHandlers());

const PASSWORD = "pw-9f8e7d6c5b4a";
const ACCESS_SECRET = "access-secret-1a2b3c4d5e6f";
const traceLines = (stderr: string) => stderr.split("\n").filter((l) => /^\[debug\] (GET|POST|PATCH|PUT|DELETE) /.test(l));

describe("the request trace", () => {
  it("HYPERDRIVE_LOG=debug: method, path, status, duration and attempt of each request — no secret", async () => {
    const r = await runCli(["create", "traced", "--connection-string", "-"], {
      env: { HYPERDRIVE_LOG: "debug" },
      stdin: `postgres://app:${PASSWORD}@db.example.com:5432/app`,
    });
    expect(r.code).toBe(0);
    expect(requests[0].body).toMatchObject({ origin: { password: PASSWORD } });
    expect(requests[0].headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    const lines = traceLines(r.stderr);
    expect(lines).toHaveLength(requests.length);
    expect(lines[0]).toMatch(new RegExp(`^\\[debug\\] POST /client/v4/accounts/${TEST_ACCOUNT}/hyperdrive/configs → 200 in \\d+ ms \\(attempt 1\\)$`));
    for (const secret of [PASSWORD, TEST_TOKEN, "Bearer"]) expect(r.all).not.toContain(secret);
  });

  it("--verbose does the same; an Access client secret in the body stays out", async () => {
    const r = await runCli(
      ["create", "tunnel", "--origin-host", "db.example.com", "--database", "d", "--origin-user", "u", "--origin-password", "-",
        "--access-client-id", "cid.access", "--access-client-secret", ACCESS_SECRET, "--verbose"],
      { stdin: PASSWORD },
    );
    expect(r.code).toBe(0);
    expect(requests[0].body).toMatchObject({ origin: { access_client_secret: ACCESS_SECRET } });
    expect(traceLines(r.stderr)).toEqual([expect.stringMatching(/^\[debug\] POST \/client\/v4\/accounts\/\w+\/hyperdrive\/configs → 200 in \d+ ms \(attempt 1\)$/)]);
    for (const secret of [PASSWORD, ACCESS_SECRET, TEST_TOKEN]) expect(r.all).not.toContain(secret);
  });

  it("a retried request: one line per attempt, with its status and number", async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/accounts/:a/hyperdrive/configs`, () => (++calls === 1 ? fail(503, [{ code: 10002, message: "Internal" }]) : undefined)));
    const r = await runCli(["list", "--verbose"]);
    expect(r.code).toBe(0);
    const lines = traceLines(r.stderr);
    expect(lines[0]).toMatch(/^\[debug\] GET \/client\/v4\/accounts\/\w+\/hyperdrive\/configs\?page=1&per_page=100 → 503 in \d+ ms \(attempt 1\)$/);
    expect(lines[1]).toMatch(/ → 200 in \d+ ms \(attempt 2\)$/);
  });

  it("a network failure: the errno instead of a status", async () => {
    const refused = async () => {
      throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    };
    const r = await runCli(["list", "--verbose"], { transport: refused });
    expect(r.code).toBe(1);
    expect(traceLines(r.stderr).map((l) => l.replace(/in \d+ ms/, "in N ms"))).toEqual([1, 2, 3].map(
      (n) => `[debug] GET /client/v4/accounts/${TEST_ACCOUNT}/hyperdrive/configs?page=1&per_page=100 → ECONNREFUSED in N ms (attempt ${n})`,
    ));
  });

  it("off by default", async () => {
    const r = await runCli(["list"]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("[debug]");
  });
});

describe("tracePath", () => {
  it("drops the scheme, host and user:password, and replaces secret-looking query values", () => {
    expect(tracePath(`https://admin:${PASSWORD}@api.example.com/client/v4/x?page=2&token=${TEST_TOKEN}&api_key=k1&X-Amz-Signature=s1&name=n`)).toBe(
      "/client/v4/x?page=2&token=REDACTED&api_key=REDACTED&X-Amz-Signature=REDACTED&name=n",
    );
  });

  it("the transport wrapper never prints the headers or the body", async () => {
    const lines: string[] = [];
    let t = 0;
    const traced = tracedTransport(async () => ({ status: 201, header: () => undefined, text: "{}" }), (l) => lines.push(l), () => (t += 7));
    await traced(
      { method: "POST", url: `https://u:${PASSWORD}@h/p?secret=${ACCESS_SECRET}`, headers: { authorization: `Bearer ${TEST_TOKEN}` }, body: `{"password":"${PASSWORD}"}` },
      { timeoutMs: 1000, attempt: 2 },
    );
    expect(lines).toEqual(["POST /p?secret=REDACTED → 201 in 7 ms (attempt 2)"]);
  });
});
