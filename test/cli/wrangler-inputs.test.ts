// --cwd, --env and the wrangler config they point at: a directory that does not exist, a Worker with no config, an
// environment the config does not define (a typo) are usage errors before any request, with the file left as it was.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeApi, makeConfig } from "../support/fake-api";
import { runCli } from "../support/cli";

const { server, requests, configs } = fakeApi();
let dir: string;
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  configs.length = 0;
  configs.push(makeConfig(1, { name: "prod-db" }));
  dir = mkdtempSync(join(tmpdir(), "hd-env-"));
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const JSONC = `{
  "name": "worker", // the Worker
  "env": {
    "production": { "vars": { "LEVEL": "warn" } },
    "staging": {},
  },
}
`;
const TOML = 'name = "worker"\n\n[vars]\nLEVEL = "info"\n';
const origin = ["--connection-string", "postgres://u:pw-SECRET@db.example.com/app"];

describe("--cwd", () => {
  it("a directory that does not exist: exit 2 naming the flag and the path, nothing sent", async () => {
    const r = await runCli(["--cwd", join(dir, "nope"), "list"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`✖ --cwd ${join(dir, "nope")}: no such directory (${join(dir, "nope")}).`);
    expect(requests).toHaveLength(0);
  });

  it("a file, or a path through a file: exit 2, not an unexpected error", async () => {
    writeFileSync(join(dir, "file"), "");
    const file = await runCli(["--cwd", "file", "list"], { cwd: dir });
    expect(file.code).toBe(2);
    expect(file.stderr).toContain(`✖ --cwd file: not a directory (${join(dir, "file")}).`);
    const through = await runCli(["--cwd", "file/sub", "list", "--json"], { cwd: dir });
    expect(through.code).toBe(2);
    expect(JSON.parse(through.stdout)).toMatchObject({ kind: "usage", errors: [{ message: expect.stringContaining("--cwd file/sub: a part of the path is a file") }] });
    expect(requests).toHaveLength(0);
  });

  it("an existing directory is where the config is found", async () => {
    mkdirSync(join(dir, "worker"));
    writeFileSync(join(dir, "worker", "wrangler.toml"), TOML);
    const r = await runCli(["--cwd", "worker", "bind", "prod-db"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "worker", "wrangler.toml"), "utf8")).toContain('[[hyperdrive]]\nbinding = "HYPERDRIVE"');
  });
});

describe("bind without a wrangler config", () => {
  it("exit 2 before any request, naming the folder searched and what to do", async () => {
    const r = await runCli(["bind", "prod-db"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`✖ No wrangler.json, wrangler.jsonc or wrangler.toml in ${dir} or the folders above it: bind writes the binding into the Worker's config.`);
    expect(r.stderr).toContain("Run it from the Worker's folder (or give --cwd DIR), or name the file with --config PATH; --no-update-config prints the snippet instead.");
    expect(requests).toHaveLength(0);
  });

  it("--no-update-config still prints the snippet (exit 0)", async () => {
    const r = await runCli(["bind", "prod-db", "--no-update-config"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`"id": "${configs[0].id}"`);
  });
});

describe("--env NAME that the wrangler config does not define", () => {
  const commands: Array<[string, string[]]> = [
    ["bind", ["bind", "prod-db"]],
    ["bind --update-config", ["bind", "prod-db", "--update-config"]],
    ["create", ["create", "new-db", ...origin, "--update-config"]],
    ["create (snippet only)", ["create", "new-db", ...origin, "--no-update-config"]],
    ["apply", ["apply", "new-db", ...origin, "--binding", "DB"]],
    ["update --local-connection-string", ["update", "prod-db", "--local-connection-string", "postgres://dev:dev@localhost:5432/app"]],
    ["rotate --new-config", ["rotate", "prod-db", "--new-config", "--origin-password", "new-SECRET"]],
    // Commands that only read: the env's account_id and .env.<env> files would be read from a section that is not there.
    ["list", ["list"]],
    ["get", ["get", "prod-db"]],
  ];

  it.each(commands)("%s --env prodd: exit 2, the file's environments listed, the file untouched, nothing sent", async (_, argv) => {
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    const r = await runCli([...argv, "--env", "prodd"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('✖ --env prodd: wrangler.jsonc has no environment "prodd" (it has "production", "staging").');
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(JSONC);
    expect(requests).toHaveLength(0);
    expect(r.all).not.toContain("SECRET");
  });

  it("the hint names --create-env where a section can be added, and a near name when there is one", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    const typo = await runCli(["bind", "prod-db", "--env", "prodd"], { cwd: dir });
    expect(typo.stderr).toContain("Check the spelling, leave --env out for the top level, or pass --create-env to add a new env.prodd section to wrangler.jsonc.");
    const cased = await runCli(["bind", "prod-db", "-e", "Staging", "--json"], { cwd: dir });
    expect(cased.code).toBe(2);
    expect(JSON.parse(cased.stdout).errors[0].hint).toMatch(/^Did you mean --env staging\? /);
    const update = await runCli(["update", "prod-db", "--local-connection-string", "postgres://dev:dev@localhost/app", "--env", "prodd"], { cwd: dir });
    expect(update.stderr).toContain("add an env.prodd section to wrangler.jsonc first.");
    expect(update.stderr).not.toContain("--create-env");
  });

  it("a TOML config without environments: exit 2 saying it defines none", async () => {
    writeFileSync(join(dir, "wrangler.toml"), TOML);
    const r = await runCli(["bind", "prod-db", "--env", "staging"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('✖ --env staging: wrangler.toml has no environment "staging" (it defines none).');
    expect(readFileSync(join(dir, "wrangler.toml"), "utf8")).toBe(TOML);
  });

  it("--create-env adds the section (bind and create); an existing environment needs no flag", async () => {
    writeFileSync(join(dir, "wrangler.toml"), TOML);
    const bound = await runCli(["bind", "prod-db", "--env", "staging", "--create-env"], { cwd: dir });
    expect(bound.code).toBe(0);
    expect(bound.stdout).toContain(`✔ Added binding HYPERDRIVE → ${configs[0].id} to env.staging of wrangler.toml.`);
    expect(readFileSync(join(dir, "wrangler.toml"), "utf8")).toBe(`${TOML}\n[[env.staging.hyperdrive]]\nbinding = "HYPERDRIVE"\nid = "${configs[0].id}"\n`);
    const created = await runCli(["create", "new-db", ...origin, "--env", "staging", "--binding", "DB", "--json"], { cwd: dir });
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).binding).toMatchObject({ status: "written", env: "staging", binding: "DB" });
  });

  it("--create-env without --env is exit 2", async () => {
    writeFileSync(join(dir, "wrangler.toml"), TOML);
    const r = await runCli(["bind", "prod-db", "--create-env"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--create-env goes with --env NAME");
    expect(requests).toHaveLength(0);
  });

  it("without a wrangler config --env is not checked: create prints the env's snippet", async () => {
    const r = await runCli(["create", "new-db", ...origin, "--env", "staging"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(env staging)");
  });
});

describe("--env ''", () => {
  it.each([
    ["bind", ["bind", "prod-db"]],
    ["create", ["create", "new-db", ...origin, "--update-config"]],
    ["list", ["list"]],
  ])("%s: exit 2 (an environment needs a name), nothing written or sent", async (_, argv) => {
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    for (const form of [["--env", ""], ["--env="], ["-e", "  "]]) {
      const r = await runCli([...argv, ...form], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/✖ --env "\s*": an environment needs a name\./);
      expect(r.stderr).toContain("Leave --env out to use the top level of the wrangler config");
    }
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(JSONC);
    expect(requests).toHaveLength(0);
  });
});

describe("a wrangler config that does not parse, where its account_id or bindings are read", () => {
  const BROKEN_JSONC = '{\n  "account_id": "023e105f4ecef8ad9ca31a8372d0c353",\n  "name": "worker"\n  "main": "src/index.ts"\n}\n';
  const BROKEN_TOML = 'account_id = "023e105f4ecef8ad9ca31a8372d0c353"\nname = \n';

  it.each([
    ["list", ["list"]],
    ["get", ["get", "prod-db"]],
    ["create", ["create", "new-db", ...origin]],
    ["bind", ["bind", "prod-db"]],
  ])("%s: exit 2 naming the file, with line and column (JSONC and TOML), nothing sent", async (_, argv) => {
    writeFileSync(join(dir, "wrangler.jsonc"), BROKEN_JSONC);
    const jsonc = await runCli(argv, { cwd: dir });
    expect(jsonc.code).toBe(2);
    expect(jsonc.stderr).toContain("✖ wrangler.jsonc does not parse (comma expected at line 4, column 3).");
    expect(jsonc.stderr).toContain("hyperdrive reads account_id from it, as wrangler does: fix the file, or give --account-id ID (which skips it).");
    rmSync(join(dir, "wrangler.jsonc"));
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "wrangler.toml"), BROKEN_TOML);
    const toml = await runCli([...argv, "--json"], { cwd: join(dir, "sub") });
    expect(toml.code).toBe(2);
    expect(JSON.parse(toml.stdout)).toMatchObject({ kind: "usage", errors: [{ message: "../wrangler.toml does not parse (unexpected end of line at line 2, column 8)." }] });
    expect(readFileSync(join(dir, "wrangler.toml"), "utf8")).toBe(BROKEN_TOML);
    expect(requests).toHaveLength(0);
  });

  it("--account-id skips the file", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), BROKEN_JSONC);
    const r = await runCli(["list", "--account-id", "023e105f4ecef8ad9ca31a8372d0c353"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("prod-db");
  });

  it("update --local-connection-string reads the bindings: the file is named", async () => {
    writeFileSync(join(dir, "wrangler.toml"), 'name = "worker"\n[[hyperdrive]]\nbinding = \n');
    const r = await runCli(["update", "prod-db", "--local-connection-string", "postgres://dev:dev@localhost/app"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("✖ wrangler.toml does not parse (unexpected end of line at line 3, column 11).");
    expect(requests).toHaveLength(0);
  });
});

describe("an expired `wrangler login` session", () => {
  it("list: exit 2 (kind auth), saying when it expired and how to renew it; nothing sent", async () => {
    const home = join(dir, "home");
    mkdirSync(join(home, ".config", ".wrangler", "config"), { recursive: true });
    writeFileSync(
      join(home, ".config", ".wrangler", "config", "default.toml"),
      'oauth_token = "oauth-SECRET"\nexpiration_time = "2026-11-30T09:15:00.000Z"\nrefresh_token = "refresh-SECRET"\nscopes = [ "account:read" ]\n',
    );
    const r = await runCli(["list", "--json"], { cwd: dir, home, env: { CLOUDFLARE_API_TOKEN: undefined }, now: new Date("2026-12-02T09:15:00Z") });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe("auth");
    expect(doc.errors[0].message).toBe(
      `The wrangler login session in ${join(home, ".config", ".wrangler", "config", "default.toml")} expired on 2026-11-30 09:15 UTC (2 days ago); hyperdrive does not renew sessions.`,
    );
    expect(doc.errors[0].hint).toMatch(/^Renew it with `wrangler login` .*, or set CLOUDFLARE_API_TOKEN/);
    expect(r.all).not.toMatch(/SECRET|No Cloudflare credentials found/);
    expect(requests).toHaveLength(0);
  });
});
