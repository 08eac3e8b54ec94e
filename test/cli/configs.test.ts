// The five config commands run in-process against an msw stand-in of the API: request bodies, output, exit codes.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { http } from "msw";
import { fakeApi, fail, makeConfig, BASE } from "../support/fake-api";
import { runCli, scriptedPrompter, TEST_ACCOUNT, TEST_TOKEN } from "../support/cli";

const api = fakeApi();
const { server, requests, configs } = api;
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  configs.length = 0;
});
afterEach(() => server.resetHandlers());

const SECRET = "s3cr3t-Pa55word";
const mutations = () => requests.filter((r) => r.method !== "GET");

describe("create", () => {
  it("sends the origin from a connection string read from stdin and prints the new id", async () => {
    const r = await runCli(["create", "prod-db", "--connection-string", "-"], { stdin: `postgres://app:${SECRET}@db.example.com:5432/app\n` });
    expect(r.code).toBe(0);
    expect(mutations()).toHaveLength(1);
    expect(mutations()[0]).toMatchObject({
      method: "POST",
      path: `/accounts/${TEST_ACCOUNT}/hyperdrive/configs`,
      body: { name: "prod-db", origin: { scheme: "postgres", host: "db.example.com", port: 5432, database: "app", user: "app", password: SECRET } },
    });
    expect(r.stdout).toMatch(/Created Hyperdrive PostgreSQL config 'prod-db': [0-9a-f]{32}/);
    expect(r.all).not.toContain(SECRET);
  });

  it("--json prints exactly the API result", async () => {
    const r = await runCli(["create", "j", "--origin-host", "h", "--origin-port", "5432", "--database", "d", "--origin-user", "u", "--origin-password", "-", "--json"], {
      stdin: SECRET,
    });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ name: "j", origin: { host: "h", port: 5432 } });
    expect(r.all).not.toContain(SECRET);
  });

  it("accepts wrangler's aliases (--host --port --user --password --scheme)", async () => {
    const r = await runCli(["create", "a", "--host", "h", "--port", "3306", "--scheme", "mysql", "--database", "d", "--user", "u", "--password", "-"], { stdin: SECRET });
    expect(r.code).toBe(0);
    expect(mutations()[0].body).toMatchObject({ origin: { scheme: "mysql", host: "h", port: 3306, user: "u" } });
  });

  it("prompts for a missing password on a terminal, masked", async () => {
    const prompter = scriptedPrompter([SECRET]);
    const r = await runCli(["create", "p", "--origin-host", "h", "--origin-port", "5432", "--database", "d", "--origin-user", "u"], { prompter, tty: true });
    expect(r.code).toBe(0);
    expect(prompter.asked).toEqual(["Password for u: "]);
    expect(mutations()[0].body).toMatchObject({ origin: { password: SECRET } });
    expect(r.all).not.toContain(SECRET);
  });

  it("prompts for it for a Workers VPC origin too (it has a password like any other), as doctor does", async () => {
    const prompter = scriptedPrompter([SECRET]);
    const r = await runCli(["create", "v", "--service-id", "svc-1", "--database", "d", "--origin-user", "u"], { prompter, tty: true });
    expect(r.code).toBe(0);
    expect(prompter.asked).toEqual(["Password for u: "]);
    expect(mutations()[0].body).toMatchObject({ origin: { service_id: "svc-1", password: SECRET } });
    const asked = scriptedPrompter([SECRET]);
    const doctor = await runCli(["doctor", "--origin-host", "127.0.0.1", "--origin-port", "1", "--database", "d", "--origin-user", "u", "--timeout", "1"], {
      prompter: asked,
      tty: true,
    });
    expect(asked.asked).toEqual(["Password for u: "]);
    expect(doctor.all).not.toContain(SECRET);
    expect(doctor.all).not.toMatch(/--origin-password is missing/);
  });

  it("without a terminal, a missing password is a usage error naming the flag; nothing is sent", async () => {
    const r = await runCli(["create", "p", "--origin-host", "h", "--origin-port", "5432", "--database", "d", "--origin-user", "u"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--origin-password is missing/);
    expect(requests).toHaveLength(0);
  });

  it.each([
    [["--max-age", "abc"], /--max-age must be a whole number from 0 to 3600, got 'abc'/],
    [["--max-age", "4000"], /--max-age must be between 0 and 3600/],
    [["--caching-disabled", "--max-age", "10"], /cannot be set when caching is disabled/],
    [["--origin-connection-limit", "2"], /at least 5/],
    [["--sslmode", "VERIFY_CA"], /not valid for a PostgreSQL origin/],
    [["--origin-host", "x"], /--connection-string cannot be combined with --origin-host/],
  ])("validates %j before sending anything (exit 2)", async (extra, message) => {
    const r = await runCli(["create", "v", "--connection-string", `postgres://u:${SECRET}@h/d`, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(requests).toHaveLength(0);
    expect(r.all).not.toContain(SECRET);
  });

  it("an unknown flag is a usage error", async () => {
    const r = await runCli(["create", "x", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
  });

  it("--dry-run prints the request with secrets redacted and sends nothing", async () => {
    const r = await runCli(
      ["create", "d", "--origin-host", "t.example.com", "--database", "d", "--origin-user", "u", "--origin-password", SECRET, "--access-client-id", "id.access", "--access-client-secret", "-", "--dry-run", "--json"],
      { stdin: "access-SECRET-value" },
    );
    expect(r.code).toBe(0);
    expect(requests).toHaveLength(0);
    expect(JSON.parse(r.stdout)).toEqual({
      dry_run: true,
      method: "POST",
      url: `${BASE}/accounts/${TEST_ACCOUNT}/hyperdrive/configs`,
      body: {
        name: "d",
        origin: { scheme: "postgresql", database: "d", user: "u", password: "<redacted>", host: "t.example.com", access_client_id: "id.access", access_client_secret: "<redacted>" },
      },
    });
    expect(r.all).not.toContain(SECRET);
    expect(r.all).not.toContain("access-SECRET-value");
  });

  it("two secrets cannot both come from stdin", async () => {
    const r = await runCli(["create", "d", "--origin-host", "t", "--database", "d", "--origin-user", "u", "--origin-password", "-", "--access-client-id", "i", "--access-client-secret", "-"], {
      stdin: "x",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/both want standard input/);
  });

  it.each([
    [2008, /could not resolve 'db.example.com'/],
    [2009, /not a public address.*Cloudflare Tunnel/],
    [2010, /could not reach db.example.com:5432/],
    [2011, /db.example.com:5432 refused the connection/],
    [2012, /does not accept TLS/],
    [2013, /rejected 'app'.*Nothing was created: run the create again with the right one/],
    [2014, /'app' does not exist on db.example.com:5432/],
    [2015, /hyperdrive doctor/],
    [2016, /'app' must be allowed to connect to 'app'/],
    [2017, /named 'prod-db' already exists.*hyperdrive get prod-db/],
    [2007, /Workers VPC/],
  ])("API code %i fails with exit 1 and a hint naming the origin, never the password", async (code, hint) => {
    server.use(http.post(`${BASE}/accounts/:a/hyperdrive/configs`, () => fail(400, [{ code, message: `Failure ${code}` }])));
    const r = await runCli(["create", "prod-db", "--connection-string", `postgres://app:${SECRET}@db.example.com:5432/app`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Failure ${code} [code: ${code}]`);
    expect(r.stderr.replace(/\s+/g, " ")).toMatch(hint);
    expect(r.all).not.toContain(SECRET);
  });

  it("--json failure: one document with code, message and hint on stdout", async () => {
    server.use(http.post(`${BASE}/accounts/:a/hyperdrive/configs`, () => fail(400, [{ code: 2011, message: "Network connection to the provided database was refused." }])));
    const r = await runCli(["create", "x", "--connection-string", `postgres://u:${SECRET}@h:5432/d`, "--json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toEqual({
      success: false,
      kind: "api",
      errors: [{ code: 2011, message: "Network connection to the provided database was refused.", hint: expect.stringContaining("h:5432 refused the connection") }],
    });
  });

  it("--json usage error: one document on stdout, exit 2", async () => {
    const r = await runCli(["create", "x", "--connection-string", "postgres://u:p#ss@h/d", "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      success: false,
      kind: "usage",
      errors: [{ message: "Invalid --connection-string: the password contains an unencoded '#'.", hint: expect.stringContaining("%23") }],
    });
  });
});

describe("update", () => {
  beforeEach(() => configs.push(makeConfig(1, { name: "prod-db" }), makeConfig(2, { name: "other" })));

  it("rotates the password by name: PATCH {origin:{password}} and nothing else", async () => {
    const r = await runCli(["update", "prod-db", "--origin-password", "-"], { stdin: `${SECRET}\n` });
    expect(r.code).toBe(0);
    expect(mutations()).toEqual([expect.objectContaining({ method: "PATCH", path: `/accounts/${TEST_ACCOUNT}/hyperdrive/configs/${makeConfig(1).id}`, body: { origin: { password: SECRET } } })]);
    expect(r.stdout).toMatch(/origin password → changed/);
    expect(r.all).not.toContain(SECRET);
  });

  it("--caching-disabled alone, and --caching-disabled false with max-age/swr", async () => {
    await runCli(["update", "prod-db", "--caching-disabled"]);
    await runCli(["update", "prod-db", "--caching-disabled", "true"]);
    await runCli(["update", "prod-db", "--caching-disabled", "false", "--max-age", "120", "--swr", "30"]);
    expect(mutations().map((m) => m.body)).toEqual([
      { caching: { disabled: true } },
      { caching: { disabled: true } },
      { caching: { disabled: false, max_age: 120, stale_while_revalidate: 30 } },
    ]);
  });

  it("--swr alone keeps a custom max-age, and --max-age alone a custom swr: the whole caching object is sent", async () => {
    configs[0].caching = { disabled: false, max_age: 120, stale_while_revalidate: 45 };
    await runCli(["update", "prod-db", "--swr", "30"]);
    expect(mutations()[0].body).toEqual({ caching: { max_age: 120, stale_while_revalidate: 30 } });
    // By id, the stored settings are fetched first.
    requests.length = 0;
    const r = await runCli(["update", makeConfig(1).id, "--max-age", "300", "--json"]);
    expect(requests.map((q) => q.method)).toEqual(["GET", "PATCH"]);
    expect(mutations()[0].body).toEqual({ caching: { max_age: 300, stale_while_revalidate: 30 } });
    expect(JSON.parse(r.stdout).caching).toEqual({ max_age: 300, stale_while_revalidate: 30 });
  });

  it("--max-age on a config whose caching is disabled says how to enable it (exit 2, nothing changed)", async () => {
    configs[0].caching = { disabled: true };
    const r = await runCli(["update", "prod-db", "--max-age", "30"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Caching is disabled on 'prod-db', so --max-age would not apply/);
    expect(r.stderr).toMatch(/--caching-disabled false/);
    expect(mutations()).toHaveLength(0);
    const enabled = await runCli(["update", "prod-db", "--caching-disabled", "false", "--max-age", "30"]);
    expect(enabled.code).toBe(0);
    expect(mutations()[0].body).toEqual({ caching: { disabled: false, max_age: 30 } });
  });

  it("--caching-disabled needs no stored settings: one PATCH of {disabled: true}", async () => {
    await runCli(["update", makeConfig(1).id, "--caching-disabled"]);
    expect(requests.map((q) => q.method)).toEqual(["PATCH"]);
    expect(mutations()[0].body).toEqual({ caching: { disabled: true } });
  });

  it("renames by id without listing", async () => {
    const r = await runCli(["update", makeConfig(2).id, "--name", "renamed"]);
    expect(r.code).toBe(0);
    expect(requests.map((q) => q.method)).toEqual(["PATCH"]);
    expect(mutations()[0].body).toEqual({ name: "renamed" });
  });

  it("a refused password (2013) points at the update that fixes it, naming the config; nothing was changed", async () => {
    server.use(http.patch(`${BASE}/accounts/:a/hyperdrive/configs/:id`, () => fail(400, [{ code: 2013, message: "Invalid database credentials." }])));
    const r = await runCli(["update", "prod-db", "--origin-password", "-"], { stdin: SECRET });
    expect(r.code).toBe(1);
    expect(r.stderr.replace(/\s+/g, " ")).toMatch(/rejected '\w+'.*To change it: hyperdrive update prod-db --origin-password -/);
    expect(r.all).not.toContain(SECRET);
  });

  it("nothing to change is a usage error, before any request", async () => {
    const r = await runCli(["update", "prod-db"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Nothing to update/);
    expect(requests).toHaveLength(0);
  });

  it("an unknown name lists the candidates", async () => {
    const r = await runCli(["update", "prod", "--max-age", "5"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No Hyperdrive config named 'prod'/);
    expect(r.stderr).toMatch(/Did you mean:\s+0+1\s+prod-db/);
    expect(mutations()).toHaveLength(0);
  });
});

describe("get, list, delete", () => {
  it("list: a table with caching in words, and an empty account says so", async () => {
    let r = await runCli(["list"]);
    expect(r.stdout).toMatch(/No Hyperdrive configs in this account/);
    configs.push(
      makeConfig(1, { name: "a" }),
      makeConfig(2, { name: "b", caching: { disabled: true } }),
      makeConfig(3, { name: "c", caching: { disabled: false, max_age: 60, stale_while_revalidate: 15 }, mtls: { sslmode: "verify-full", ca_certificate_id: "ca1" } }),
    );
    r = await runCli(["list"]);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^id\s+name\s+user\s+host\s+port\s+scheme\s+database\s+caching\s+mtls\s+connection limit$/);
    expect(lines[2]).toMatch(/a\s+app\s+db1.example.com\s+5432\s+PostgreSQL\s+app\s+enabled\s+60$/);
    expect(lines[3]).toMatch(/\bdisabled\b/);
    expect(lines[4]).toMatch(/max_age 60s, swr 15s\s+verify-full, ca ca1\s+60$/);
  });

  it("list --json prints the array", async () => {
    configs.push(makeConfig(1));
    const r = await runCli(["list", "--json"]);
    expect(JSON.parse(r.stdout)).toEqual([makeConfig(1)]);
  });

  it("get by name shows key/value lines; --json the object", async () => {
    configs.push(makeConfig(7, { name: "seven" }));
    const r = await runCli(["get", "seven"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^id\s+0+7$/m);
    expect(r.stdout).toMatch(/^host\s+db7.example.com$/m);
    expect(JSON.parse((await runCli(["get", makeConfig(7).id, "--json"])).stdout)).toMatchObject({ name: "seven" });
  });

  it("get of an unknown id: exit 1 with the API's message", async () => {
    const r = await runCli(["get", "f".repeat(32)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/hyperdrive config not found \[code: 2001\]/);
    expect(r.stderr).toMatch(/GET \/accounts\/.*\/hyperdrive\/configs\/f{32} → HTTP 404/);
  });

  it("delete without a terminal needs --yes (exit 2, nothing sent)", async () => {
    configs.push(makeConfig(1, { name: "gone" }));
    const r = await runCli(["delete", "gone", "--env", "my stage"]);
    expect(r.code).toBe(2);
    // The hint is the exact command line to run instead.
    expect(r.stderr).toContain("To confirm, run: hyperdrive delete gone --env 'my stage' --yes");
    expect(requests).toHaveLength(0);
    const ok = await runCli(["delete", "gone", "--yes"]);
    expect(ok.code).toBe(0);
    expect(mutations()).toEqual([expect.objectContaining({ method: "DELETE", path: `/accounts/${TEST_ACCOUNT}/hyperdrive/configs/${makeConfig(1).id}` })]);
    configs.push(makeConfig(2, { name: "forced" }));
    const forced = await runCli(["delete", "forced", "--force"]);
    expect(forced.code).toBe(0);
    expect(mutations().at(-1)).toMatchObject({ method: "DELETE", path: `/accounts/${TEST_ACCOUNT}/hyperdrive/configs/${makeConfig(2).id}` });
  });

  it("delete asks on a terminal; no cancels with exit 130", async () => {
    configs.push(makeConfig(1, { name: "keep" }));
    const prompter = scriptedPrompter([false]);
    const r = await runCli(["delete", "keep"], { prompter, tty: true });
    expect(r.code).toBe(130);
    expect(prompter.asked[0]).toMatch(/Delete Hyperdrive config 'keep'/);
    expect(mutations()).toHaveLength(0);
  });

  it("delete --dry-run shows the DELETE and sends nothing", async () => {
    const r = await runCli(["delete", "a".repeat(32), "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`DELETE ${BASE}/accounts/${TEST_ACCOUNT}/hyperdrive/configs/${"a".repeat(32)}`);
    expect(requests).toHaveLength(0);
  });
});

describe("credentials and account", () => {
  it("no credentials: says what to set (exit 2)", async () => {
    const r = await runCli(["list"], { env: { CLOUDFLARE_API_TOKEN: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No Cloudflare credentials found/);
    expect(r.stderr).toMatch(/CLOUDFLARE_API_TOKEN/);
  });

  it("without an account id, the only account is used", async () => {
    const r = await runCli(["list", "--json"], { env: { CLOUDFLARE_ACCOUNT_ID: undefined } });
    expect(r.code).toBe(0);
    expect(requests.map((q) => q.path)).toEqual(["/accounts", `/accounts/${TEST_ACCOUNT}/hyperdrive/configs`]);
  });

  it("several accounts without a terminal: an error listing them", async () => {
    server.use(
      http.get(`${BASE}/accounts`, () =>
        Response.json({ success: true, errors: [], messages: [], result: [{ id: "a".repeat(32), name: "One" }, { id: "b".repeat(32), name: "Two" }], result_info: { total_count: 2 } }),
      ),
    );
    const r = await runCli(["list"], { env: { CLOUDFLARE_ACCOUNT_ID: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/can see 2 accounts/);
    expect(r.stderr).toContain(`${"b".repeat(32)}  Two`);
  });

  it("--account-id wins over CLOUDFLARE_ACCOUNT_ID", async () => {
    await runCli(["list", "--account-id", "c".repeat(32)]);
    expect(requests[0].path).toBe(`/accounts/${"c".repeat(32)}/hyperdrive/configs`);
  });

  it("reads wrangler's deprecated CF_API_TOKEN and CF_ACCOUNT_ID, saying what to rename, without printing them", async () => {
    const r = await runCli(["list", "--json"], {
      env: { CLOUDFLARE_API_TOKEN: undefined, CLOUDFLARE_ACCOUNT_ID: undefined, CF_API_TOKEN: TEST_TOKEN, CF_ACCOUNT_ID: TEST_ACCOUNT },
    });
    expect(r.code).toBe(0);
    // No /accounts lookup: the account came from CF_ACCOUNT_ID.
    expect(requests.map((q) => q.path)).toEqual([`/accounts/${TEST_ACCOUNT}/hyperdrive/configs`]);
    expect(requests[0].headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expect(r.stderr).toMatch(/CF_API_TOKEN is deprecated: rename it to CLOUDFLARE_API_TOKEN/);
    expect(r.stderr).toMatch(/CF_ACCOUNT_ID is deprecated: rename it to CLOUDFLARE_ACCOUNT_ID/);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.all).not.toContain(TEST_TOKEN);
  });

  it("a CLOUDFLARE_ variable wins over its deprecated CF_ name, with no warning", async () => {
    const r = await runCli(["list"], { env: { CF_API_TOKEN: "old-token", CF_ACCOUNT_ID: "e".repeat(32) } });
    expect(r.code).toBe(0);
    expect(requests[0].path).toBe(`/accounts/${TEST_ACCOUNT}/hyperdrive/configs`);
    expect(requests[0].headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expect(r.stderr).not.toMatch(/deprecated/);
  });

  it("with both a token and a global key set, uses the key as wrangler does, and says so", async () => {
    const r = await runCli(["list"], { env: { CLOUDFLARE_API_KEY: "global-key-value", CLOUDFLARE_EMAIL: "ops@example.com" } });
    expect(r.code).toBe(0);
    expect(requests[0].headers.authorization).toBeUndefined();
    expect(requests[0].headers["x-auth-key"]).toBe("global-key-value");
    expect(requests[0].headers["x-auth-email"]).toBe("ops@example.com");
    expect(r.stderr).toMatch(/using the global API key, as wrangler does/);
    expect(r.all).not.toContain("global-key-value");
  });

  it("the token never appears in any output", async () => {
    server.use(http.get(`${BASE}/accounts/:a/hyperdrive/configs`, () => fail(403, [{ code: 10000, message: "Authentication error" }])));
    const r = await runCli(["list"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Account · Hyperdrive · Read/);
    expect(r.all).not.toContain(TEST_TOKEN);
  });
});

describe("doctor's origin flags", () => {
  it("its help offers only what it can check: no Tunnel (Access) or Workers VPC flags, which create offers", async () => {
    const doctor = await runCli(["doctor", "--help"]);
    const create = await runCli(["create", "--help"]);
    for (const flag of ["--access-client-id", "--access-client-secret", "--service-id"]) {
      expect(create.stdout).toContain(flag);
      expect(doctor.stdout).not.toContain(flag);
    }
    expect(doctor.stdout).toContain("--origin-host");
  });

  it.each([
    [["--origin-host", "db.example.com", "--access-client-id", "abc.access", "--access-client-secret", "-"]],
    [["--service-id", "svc-1"]],
  ])("%j is still understood, and refused with the reason (exit 2, nothing reached)", async (network) => {
    const r = await runCli(["doctor", "--database", "d", "--origin-user", "u", "--origin-password", SECRET, ...network], {
      stdin: "access-secret",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot be reached from here/);
    expect(requests).toHaveLength(0);
    expect(r.all).not.toContain(SECRET);
  });
});

describe("help and version", () => {
  it("--version prints the version, --help lists the commands and exit codes", async () => {
    const v = await runCli(["--version"]);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = await runCli(["--help"]);
    expect(h.code).toBe(0);
    for (const c of ["create", "update", "get", "list", "delete"]) expect(h.stdout).toContain(c);
    expect(h.stdout).toMatch(/Exit codes: 0 success/);
    const ch = await runCli(["create", "--help"]);
    expect(ch.stdout).toMatch(/--origin-host <host>\s+database host name or IP \(alias --host\)/);
    expect(ch.stdout).toMatch(/Examples:/);
  });
});

describe("account_id from the wrangler config", () => {
  it("wins over CLOUDFLARE_ACCOUNT_ID, as in wrangler; --account-id wins over both", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "hd-acct-"));
    try {
      writeFileSync(join(dir, "wrangler.jsonc"), `{ "account_id": "${"d".repeat(32)}" }\n`);
      await runCli(["list"], { cwd: dir });
      await runCli(["list", "--account-id", TEST_ACCOUNT], { cwd: dir });
      expect([...new Set(requests.map((q) => q.path))]).toEqual([`/accounts/${"d".repeat(32)}/hyperdrive/configs`, `/accounts/${TEST_ACCOUNT}/hyperdrive/configs`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is used when neither --account-id nor CLOUDFLARE_ACCOUNT_ID is set (the --env section first)", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "hd-acct-"));
    try {
      writeFileSync(join(dir, "wrangler.toml"), `account_id = "${"d".repeat(32)}"\n\n[env.staging]\naccount_id = "${"e".repeat(32)}"\n`);
      await runCli(["list"], { cwd: dir, env: { CLOUDFLARE_ACCOUNT_ID: undefined } });
      await runCli(["list", "--env", "staging"], { cwd: dir, env: { CLOUDFLARE_ACCOUNT_ID: undefined } });
      // (The stand-in knows only its own account, so these fail and are retried: only the paths matter here.)
      expect([...new Set(requests.map((q) => q.path))]).toEqual([`/accounts/${"d".repeat(32)}/hyperdrive/configs`, `/accounts/${"e".repeat(32)}/hyperdrive/configs`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("colour", () => {
  it("only on a terminal, never with NO_COLOR or --no-color", async () => {
    const esc = "\u001b[";
    expect((await runCli(["get", "x".repeat(3)], { tty: true })).stderr).toContain(esc);
    expect((await runCli(["get", "xxx"], { tty: false })).stderr).not.toContain(esc);
    expect((await runCli(["get", "xxx"], { tty: true, env: { NO_COLOR: "1" } })).stderr).not.toContain(esc);
    expect((await runCli(["get", "xxx", "--no-color"], { tty: true })).stderr).not.toContain(esc);
  });
});

describe("commandName (only the command being run is defined)", () => {
  it("skips global options and their values", async () => {
    const { commandName } = await import("../../src/main");
    expect(commandName(["--account-id", "x", "-c", "w.toml", "--json", "list"])).toBe("list");
    expect(commandName(["--env=staging", "get", "a"])).toBe("get");
    expect(commandName(["--help"])).toBeUndefined();
    expect(commandName(["--", "list"])).toBeUndefined();
  });

  it("an unknown command still gets commander's suggestion", async () => {
    const r = await runCli(["lst"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'lst'[\s\S]*Did you mean list\?/);
  });
});
