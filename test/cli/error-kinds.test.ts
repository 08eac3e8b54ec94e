// Every --json error carries a kind a script can branch on (README, "Exit codes"): usage, auth, api, network,
// cancelled, internal — with the API's code, and the system's errno for network failures.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http } from "msw";
import { BASE, fail, fakeApi, makeConfig } from "../support/fake-api";
import { runCli, scriptedPrompter, TEST_ACCOUNT } from "../support/cli";

const { server, requests, configs } = fakeApi();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  configs.length = 0;
});
afterEach(() => server.resetHandlers());

/** The one JSON document on stdout; nothing else anywhere. */
function jsonError(r: { stdout: string; stderr: string }) {
  const doc = JSON.parse(r.stdout);
  expect(doc.success).toBe(false);
  return doc as { success: false; kind: string; errors: Array<{ code?: number; errno?: string; message: string; hint?: string }> };
}

describe("commander's usage errors with --json: one JSON document on stdout, kind usage, exit 2", () => {
  it.each([
    [["lst", "--json"], "Unknown command 'lst'", "Did you mean list?"],
    [["list", "--bogus", "--json"], "Unknown option '--bogus'", "Run with --help for usage."],
    [["get", "--json"], "Missing required argument 'config'", "Run with --help for usage."],
    [["--json"], "No command given.", "Run hyperdrive --help for the commands."],
  ])("%j", async (argv, message, hint) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(jsonError(r)).toEqual({ success: false, kind: "usage", errors: [{ message, hint }] });
    expect(r.stdout).not.toContain("error:");
    expect(requests).toHaveLength(0);
  });

  it("without --json the message stays commander's, on stderr", async () => {
    const r = await runCli(["list", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("error: unknown option '--bogus'\n(run with --help for usage)\n");
  });

  it("`--json` after `--` is an argument, not the option", async () => {
    const r = await runCli(["lst", "--", "--json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
  });
});

describe("the kind of each failure", () => {
  it("usage: a bad flag value found by the command", async () => {
    const r = await runCli(["create", "x", "--connection-string", "mongodb://u:p@h/d", "--json"]);
    expect(r.code).toBe(2);
    expect(jsonError(r).kind).toBe("usage");
  });

  it("auth: no credentials (still exit 2: nothing was sent)", async () => {
    const r = await runCli(["list", "--json"], { env: { CLOUDFLARE_API_TOKEN: undefined } });
    expect(r.code).toBe(2);
    const doc = jsonError(r);
    expect(doc.kind).toBe("auth");
    expect(doc.errors[0].message).toBe("No Cloudflare credentials found.");
    expect(requests).toHaveLength(0);
  });

  it.each([
    [403, 10000, "Authentication error"],
    [400, 9109, "Unauthorized to access requested resource"],
    [400, 6003, "Invalid request headers"],
  ])("auth: HTTP %i with code %i", async (status, code, message) => {
    server.use(http.get(`${BASE}/accounts/:a/hyperdrive/configs`, () => fail(status, [{ code, message }])));
    const r = await runCli(["list", "--json"]);
    expect(r.code).toBe(1);
    const doc = jsonError(r);
    expect(doc.kind).toBe("auth");
    expect(doc.errors[0]).toMatchObject({ code, message });
  });

  it("api: any other refusal, with the API's code", async () => {
    server.use(http.post(`${BASE}/accounts/:a/hyperdrive/configs`, () => fail(400, [{ code: 2008, message: "Bad hostname" }])));
    const r = await runCli(["create", "x", "--connection-string", "postgres://u:p@h.example.com/d", "--json"]);
    expect(r.code).toBe(1);
    const doc = jsonError(r);
    expect(doc.kind).toBe("api");
    expect(doc.errors[0]).toMatchObject({ code: 2008, message: "Bad hostname" });
  });

  it("api: a 404", async () => {
    const r = await runCli(["get", "f".repeat(32), "--json"]);
    expect(r.code).toBe(1);
    expect(jsonError(r).kind).toBe("api");
  });

  it("network: with the errno", async () => {
    const refused = async () => {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    };
    const r = await runCli(["list", "--json"], { transport: refused });
    expect(r.code).toBe(1);
    const doc = jsonError(r);
    expect(doc.kind).toBe("network");
    expect(doc.errors).toEqual([
      {
        errno: "ECONNREFUSED",
        message: `GET /client/v4/accounts/${TEST_ACCOUNT}/hyperdrive/configs failed: api.cloudflare.com refused the connection.`,
        hint: expect.stringMatching(/Check the network/),
      },
    ]);
  });

  it("cancelled: the user said no", async () => {
    configs.push(makeConfig(1, { name: "keep" }));
    const r = await runCli(["delete", "keep", "--json"], { prompter: scriptedPrompter([false]), tty: true });
    expect(r.code).toBe(130);
    expect(jsonError(r)).toEqual({ success: false, kind: "cancelled", errors: [{ message: "Cancelled: nothing was changed." }] });
  });

  it("internal: an unexpected error (a bug)", async () => {
    const broken = async () => ({ status: 200, text: "", header: (): string => { throw new TypeError("boom"); } });
    const r = await runCli(["list", "--json"], { transport: broken });
    expect(r.code).toBe(1);
    const doc = jsonError(r);
    expect(doc.kind).toBe("internal");
    expect(doc.errors[0].message).toBe("Unexpected error: boom");
  });

  it("internal: a local failure that is not the user's input (an unreadable emulator state file)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hd-kinds-"));
    try {
      mkdirSync(join(dir, ".hyperdrive"));
      writeFileSync(join(dir, ".hyperdrive", "local-state.json"), "{ not json");
      const r = await runCli(["--local", "list", "--json"], { cwd: dir });
      expect(r.code).toBe(1);
      const doc = jsonError(r);
      expect(doc.kind).toBe("internal");
      expect(doc.errors[0].message).toMatch(/emulator state file .* is not valid/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
