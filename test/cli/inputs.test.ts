// What a person can type, and the answer they get: usage errors in --json mode, base URLs, account ids, names, hosts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { http } from "msw";
import { fail, fakeApi, makeConfig } from "../support/fake-api";
import { createTransport } from "../../src/api/transport";
import { runCli, scriptedPrompter } from "../support/cli";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const { server, requests, configs } = fakeApi();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  configs.length = 0;
  configs.push(makeConfig(1, { name: "prod-db" }));
});
afterEach(() => server.resetHandlers());

describe("--json: one JSON document on stdout for every outcome", () => {
  it.each([
    [["crate", "x", "--json"], /unknown command 'crate'/i],
    [["list", "--jsn", "--json"], /unknown option '--jsn'/i],
    [["create", "--json"], /missing required argument 'name'/i],
    [["list", "extra", "--json"], /too many arguments/i],
    [["update", "prod-db", "--json", "--max-age"], /option '--max-age <seconds>' argument missing/i],
    [["--json"], /No command given/i],
  ])("%j: exit 2, a JSON error on stdout", async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ success: false, errors: [{ message: expect.stringMatching(message) }] });
    expect(doc.kind).toBe("usage");
    expect(doc.errors[0].hint).toMatch(/--help|Did you mean/);
    expect(requests).toHaveLength(0);
  });

  it("without --json the message is on stderr and stdout is empty", async () => {
    const r = await runCli(["crate", "x"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/unknown command 'crate'/);
  });

  it("--version --json prints {\"version\": …}; --version alone the bare version", async () => {
    const { VERSION } = await import("../../src/version");
    for (const argv of [["--version", "--json"], ["--json", "-v"]]) {
      const r = await runCli(argv);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ version: VERSION });
    }
    expect((await runCli(["--version"])).stdout).toBe(`${VERSION}\n`);
  });

  it("--help --json still prints the help", async () => {
    const r = await runCli(["list", "--help", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: hyperdrive list/);
  });
});

describe("API base URLs and proxies", () => {
  it.each([
    [{ CLOUDFLARE_API_BASE_URL: "notaurl" }, /CLOUDFLARE_API_BASE_URL 'notaurl' is not a URL/],
    [{ CLOUDFLARE_API_BASE_URL: "ftp://api.example.com/client/v4" }, /CLOUDFLARE_API_BASE_URL must be an http:\/\/ or https:\/\/ URL, got ftp:/],
    [{ HTTP_PROXY: "notaurl" }, /HTTP_PROXY is not a URL/],
    [{ https_proxy: "socks9://u:secretpw@proxy" }, /https_proxy must be an http:\/\/ or https:\/\/ URL/],
  ])("%j is a usage error: exit 2, no request, no retry", async (env, message) => {
    const r = await runCli(["list"], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/Retrying|bug|secretpw/);
    expect(requests).toHaveLength(0);
  });

  it("a base URL whose path is not /client/v4: the 7003 hint says the path looks wrong, not the account id", async () => {
    server.use(http.get("https://api.cloudflare.com/v4/*", () => fail(404, [{ code: 7003, message: "Could not route to /v4/accounts, perhaps your object identifier is invalid?" }])));
    const r = await runCli(["list"], { env: { CLOUDFLARE_API_BASE_URL: "https://api.cloudflare.com/v4" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The API base URL's path looks wrong: https:\/\/api.cloudflare.com\/v4 does not end in \/client\/v4/);
    expect(r.stderr).not.toMatch(/account id/);
  });

  it("a proxy that refuses the connection is named as the proxy, not as the API host", async () => {
    const closedPort = async () => {
      const s = createServer();
      await new Promise<void>((done) => s.listen(0, "127.0.0.1", done));
      const port = (s.address() as AddressInfo).port;
      await new Promise((done) => s.close(done));
      return port;
    };
    const [proxyPort, apiPort] = [await closedPort(), await closedPort()];
    const env = { HTTP_PROXY: `http://127.0.0.1:${proxyPort}`, CLOUDFLARE_API_BASE_URL: `http://127.0.0.1:${apiPort}/client/v4` };
    const transport = await createTransport(env);
    try {
      const r = await runCli(["list"], { env, transport });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`failed: the proxy 127.0.0.1:${proxyPort} refused the connection`));
      expect(r.stderr).toMatch(/Check HTTPS_PROXY \/ HTTP_PROXY/);
    } finally {
      await transport.close();
    }
  });

  it.each(["1e9", "0", "abc", "-5"])("HYPERDRIVE_TIMEOUT=%s says the range (exit 2)", async (value) => {
    const r = await runCli(["list"], { env: { HYPERDRIVE_TIMEOUT: value } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`HYPERDRIVE_TIMEOUT must be a number of seconds from 0.001 to 2147483, got '${value}'`));
  });
});

describe("names, hosts, databases and users the API could not use are refused before anything is sent", () => {
  const create = (...flags: string[]) => runCli(["create", "new-db", ...flags]);
  const discrete = (over: Record<string, string> = {}) => {
    const o = { "--origin-host": "db.example.com", "--origin-port": "5432", "--database": "app", "--origin-user": "u", "--origin-password": "pw", ...over };
    return Object.entries(o).flat();
  };

  it.each(["0123456789abcdef0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF"])("create %s: a name that looks like an id (exit 2)", async (name) => {
    const r = await runCli(["create", name, "--connection-string", "postgres://u:pw@db.example.com/app"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/looks like a config id \(32 hexadecimal digits\)/);
    expect(requests).toHaveLength(0);
  });

  it("update --name with 32 hex digits is refused the same way", async () => {
    const r = await runCli(["update", "prod-db", "--name", "ffffffffffffffffffffffffffffffff"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--name "ffffffffffffffffffffffffffffffff" looks like a config id/);
    expect(requests.filter((q) => q.method !== "GET")).toHaveLength(0);
  });

  it.each([
    [{ "--origin-host": "h:5432" }, /Invalid host "h:5432" from --origin-host: it includes a port[\s\S]*--origin-host h --origin-port 5432/],
    [{ "--origin-host": "h h" }, /Invalid host "h h" from --origin-host: it contains a space/],
    [{ "--origin-host": "[::1]" }, /an IPv6 address is given without brackets here[\s\S]*--origin-host ::1/],
    [{ "--origin-host": "a".repeat(100_000) }, /it is 100000 characters long; a host name has at most 253/],
    [{ "--origin-host": "db..example.com" }, /dot-separated labels/],
    [{ "--origin-host": "postgres://db.example.com" }, /it is a URL, not a host name/],
    [{ "--database": "ap\u0000p" }, /The database name from --database contains a control character/],
    [{ "--database": "d".repeat(64) }, /The database name from --database is 64 bytes long; PostgreSQL and MySQL keep at most 63/],
    [{ "--origin-user": "é".repeat(32) }, /The user name from --origin-user is 64 bytes long/],
    [{ "--origin-user": "u\tv" }, /The user name from --origin-user contains a control character/],
  ])("create with %j: exit 2, nothing sent", async (over, message) => {
    const r = await create(...discrete(over));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.length).toBeLessThan(1000);
    expect(requests).toHaveLength(0);
  });

  it("a connection string's database is checked too, and named as the connection string's", async () => {
    const r = await create("--connection-string", `postgres://u:pw@db.example.com/${"d".repeat(70)}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/The database name in --connection-string is 70 bytes long/);
  });

  it.each(["db.example.com", "10.0.0.1", "::1", "2001:db8::1", "fe80::1%eth0", "my_db.internal", "localhost", "db.example.com."])("%s is a valid host", async (host) => {
    const r = await create(...discrete({ "--origin-host": host }), "--dry-run");
    expect(r.stderr).not.toMatch(/Invalid host/);
    expect(r.code).toBe(0);
  });
});

describe("--yes answers every confirmation", () => {
  it("create --yes on a terminal writes the binding without asking 'Add binding?'", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hd-yes-"));
    try {
      writeFileSync(join(dir, "wrangler.toml"), 'name = "worker"\n');
      const prompter = scriptedPrompter([]);
      const r = await runCli(["create", "new-db", "--connection-string", "postgres://u:pw@db.example.com/app", "--yes"], { cwd: dir, prompter, tty: true });
      expect(r.code).toBe(0);
      expect(prompter.asked).toEqual([]);
      expect(readFileSync(join(dir, "wrangler.toml"), "utf8")).toMatch(/\[\[hyperdrive\]\]\nbinding = "HYPERDRIVE"\nid = "/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("without --yes the question is asked (and 'no' leaves the file alone)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hd-yes-"));
    try {
      writeFileSync(join(dir, "wrangler.toml"), 'name = "worker"\n');
      const prompter = scriptedPrompter([false]);
      const r = await runCli(["create", "new-db", "--connection-string", "postgres://u:pw@db.example.com/app"], { cwd: dir, prompter, tty: true });
      expect(r.code).toBe(0);
      expect(prompter.asked).toEqual([expect.stringMatching(/^Add binding HYPERDRIVE → /)]);
      expect(readFileSync(join(dir, "wrangler.toml"), "utf8")).toBe('name = "worker"\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("warnings go to stderr, results to stdout", () => {
  it("create --local-connection-string in a repository that does not ignore .env: the git warning on stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hd-warn-"));
    try {
      execFileSync("git", ["init", "-q"], { cwd: dir });
      writeFileSync(join(dir, "wrangler.toml"), 'name = "worker"\n');
      const r = await runCli(["create", "new-db", "--connection-string", "postgres://u:pw@db.example.com/app", "--update-config", "--local-connection-string", "postgres://dev:dev-SECRET@localhost/app"], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/⚠ git does not ignore \.env; add it to \.gitignore/);
      expect(r.stdout).not.toMatch(/git does not ignore|⚠/);
      expect(r.stdout).toMatch(/• Set CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE in \.env for wrangler dev\./);
      expect(r.all).not.toContain("dev-SECRET");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("help", () => {
  it("help cert upload shows cert upload's help, not cert's", async () => {
    const r = await runCli(["help", "cert", "upload"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: hyperdrive cert upload /);
  });

  it("the emulator's help names the global --account-id", async () => {
    const r = await runCli(["help", "emulator"]);
    expect(r.stdout).toMatch(/^Usage: hyperdrive emulator /);
    expect(r.stdout).toMatch(/--account-id <id> sets the account it serves \(32 lowercase hex digits/);
  });
});
