// wrangler's (yargs') spellings of every flag, derived from the specs: booleans as --x, --x=true|false, --x true|false
// and --no-x; camelCase names; and a single-value flag repeated with different values refused.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeApi, makeConfig } from "../support/fake-api";
import { runCli, TEST_ACCOUNT } from "../support/cli";
import { normaliseArgv } from "../../src/commands/spec";
import { createSpec } from "../../src/commands/specs/create";

const { server, requests, configs } = fakeApi();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  configs.length = 0;
  configs.push(makeConfig(1, { name: "prod-db" }));
});
afterEach(() => server.resetHandlers());
const mutations = () => requests.filter((r) => r.method !== "GET");

describe("boolean flags in every yargs form", () => {
  it.each([
    [["--caching-disabled"], { disabled: true }],
    [["--caching-disabled=true"], { disabled: true }],
    [["--caching-disabled", "true"], { disabled: true }],
    [["--caching-disabled=false", "--max-age", "30"], { disabled: false, max_age: 30 }],
    [["--caching-disabled", "false", "--max-age", "30"], { disabled: false, max_age: 30 }],
    [["--no-caching-disabled", "--max-age", "30"], { disabled: false, max_age: 30 }],
    [["--cachingDisabled"], { disabled: true }],
    [["--no-cachingDisabled", "--swr", "5"], { disabled: false, stale_while_revalidate: 5 }],
  ])("update prod-db %j sends caching %j", async (flags, caching) => {
    const r = await runCli(["update", "prod-db", ...flags]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(mutations().map((m) => m.body)).toEqual([{ caching }]);
  });

  it("a switch before the argument does not take the argument as its value", async () => {
    const r = await runCli(["update", "--caching-disabled", "prod-db"]);
    expect(r.code).toBe(0);
    expect(mutations()).toEqual([expect.objectContaining({ path: `/accounts/${TEST_ACCOUNT}/hyperdrive/configs/${makeConfig(1).id}`, body: { caching: { disabled: true } } })]);
  });

  it("--caching-disabled=maybe is a usage error naming the forms; nothing is sent", async () => {
    const r = await runCli(["update", "prod-db", "--caching-disabled=maybe"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--caching-disabled takes true or false, got 'maybe'/);
    expect(mutations()).toHaveLength(0);
  });

  it.each([
    [["--update-config"], true],
    [["--update-config=true"], true],
    [["--update-config", "true"], true],
    [["--updateConfig"], true],
    [["--update-config=false"], false],
    [["--update-config", "false"], false],
    [["--no-update-config"], false],
    [["--no-updateConfig"], false],
  ])("create … %j: wrangler.toml written: %s", async (flags, written) => {
    const dir = mkdtempSync(join(tmpdir(), "hd-forms-"));
    try {
      const toml = 'name = "worker"\n';
      writeFileSync(join(dir, "wrangler.toml"), toml);
      const r = await runCli(["create", "new-db", "--connection-string", "postgres://u:pw@db.example.com/app", ...flags], { cwd: dir });
      expect(r.code).toBe(0);
      const after = readFileSync(join(dir, "wrangler.toml"), "utf8");
      if (written) expect(after).toMatch(/\[\[hyperdrive\]\]\nbinding = "HYPERDRIVE"/);
      else expect(after).toBe(toml);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("camelCase spellings", () => {
  it("create with every origin and config flag in camelCase sends the same body as in kebab-case", async () => {
    const camel = ["--originHost", "h", "--originPort=5432", "--originScheme", "postgres", "--database", "d", "--originUser", "u", "--originPassword", "pw",
      "--maxAge", "30", "--swr", "5", "--originConnectionLimit", "40", "--sslmode", "require"];
    const kebab = ["--origin-host", "h", "--origin-port=5432", "--origin-scheme", "postgres", "--database", "d", "--origin-user", "u", "--origin-password", "pw",
      "--max-age", "30", "--swr", "5", "--origin-connection-limit", "40", "--sslmode", "require"];
    expect((await runCli(["create", "a", ...camel, "--noUpdateConfig"])).code).toBe(2); // not a yargs spelling: unknown option
    expect((await runCli(["create", "a", ...camel])).code).toBe(0);
    configs.length = 0;
    expect((await runCli(["create", "a", ...kebab])).code).toBe(0);
    const [fromCamel, fromKebab] = mutations().map((m) => m.body);
    expect(fromCamel).toEqual(fromKebab);
    expect(fromCamel).toMatchObject({ origin: { host: "h", port: 5432, user: "u" }, caching: { max_age: 30, stale_while_revalidate: 5 }, origin_connection_limit: 40, mtls: { sslmode: "require" } });
  });

  it("the connection string, the global options and the aliases too", async () => {
    const r = await runCli(["--dryRun", "--accountId", TEST_ACCOUNT, "create", "a", "--connectionString", "postgres://u:pw@db.example.com/app", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dry_run: true, body: { origin: { host: "db.example.com" } } });
    expect(mutations()).toHaveLength(0);
    expect(normaliseArgv(["--caCertificateUuid", "x", "--mtlsCertificateUuid=y"], createSpec.flags!)).toEqual(["--ca-certificate-uuid", "x", "--mtls-certificate-uuid=y"]);
  });

  it("leaves values and everything after -- alone", () => {
    expect(normaliseArgv(["--originPassword", "--maxAge", "--", "--maxAge", "true"], createSpec.flags!)).toEqual(["--origin-password", "--maxAge", "--", "--maxAge", "true"]);
  });
});

describe("a single-value flag given twice", () => {
  it("with different values is a usage error that shows neither value; nothing is sent", async () => {
    const r = await runCli(["update", "prod-db", "--origin-password", "first-SECRET", "--originPassword", "second-SECRET"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--origin-password was given twice, with different values; give it once/);
    expect(r.all).not.toMatch(/SECRET/);
    const b = await runCli(["update", "prod-db", "--max-age", "30", "--max-age=60"]);
    expect(b.code).toBe(2);
    const c = await runCli(["update", "prod-db", "--caching-disabled", "--no-caching-disabled"]);
    expect(c.stderr).toMatch(/--caching-disabled was given twice, with different values/);
    expect(mutations()).toHaveLength(0);
  });

  it("with the same value is accepted, and repeatable flags stay repeatable", async () => {
    const r = await runCli(["update", "prod-db", "--max-age", "30", "--maxAge", "30"]);
    expect(r.code).toBe(0);
    expect(mutations()[0].body).toMatchObject({ caching: { max_age: 30 } });
    expect(normaliseArgv(["--fault", "429", "--fault", "503"], { fault: { value: "spec", parse: (v: string, p: string[]) => [...p, v], default: [] as string[] } })).toEqual(["--fault", "429", "--fault", "503"]);
  });
});

describe("wrangler's other global flags", () => {
  it("the provisioning switches and the false forms of --install-skills and --temporary change nothing", async () => {
    for (const flags of [["--x-provision"], ["--experimental-provision=false"], ["--no-x-auto-create"], ["--experimental-auto-create"], ["--no-install-skills"], ["--installSkills=false"], ["--temporary=false"]]) {
      const r = await runCli(["update", "prod-db", "--max-age", "30", ...flags]);
      expect(r.code, `${flags}: ${r.stderr}`).toBe(0);
    }
    expect(mutations().map((m) => m.body)).toEqual(Array(7).fill({ caching: { max_age: 30 } }));
  });

  it.each([
    [["--install-skills"], /--install-skills is wrangler's \(it installs Cloudflare skills for AI coding agents\)/, /Drop the flag/],
    [["--temporary"], /--temporary asks wrangler for a temporary preview account/, /CLOUDFLARE_API_TOKEN.*--local/],
    [["--event-code", "ABC123"], /--event-code asks wrangler for a temporary preview account/, /--local/],
  ])("%j is refused with what to do instead; nothing is sent", async (flags, message, fix) => {
    const r = await runCli(["update", "prod-db", "--max-age", "30", ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(fix);
    expect(requests).toHaveLength(0);
  });
});
