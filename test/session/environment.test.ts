// .env files into the command's environment, as wrangler 4.164 loads them: which files, which wins, how values parse
// and expand; and end to end, credentials, account and base URL taken from them, never printing a value.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultEnvFiles, loadEnvironment, parseDotenv } from "../../src/session/environment";
import { fakeApi } from "../support/fake-api";
import { runCli, TEST_ACCOUNT, TEST_TOKEN } from "../support/cli";

describe("parseDotenv (dotenv 16.3's grammar)", () => {
  it("reads quoted, unquoted, exported and commented lines", () => {
    const text = [
      "# a comment",
      "PLAIN=value with spaces   # trailing comment",
      "export EXPORTED=yes",
      "SINGLE='no $expansion # kept'",
      'DOUBLE="line\\nbreak"',
      "BACKTICK=`it's \"both\"`",
      "COLON: works",
      "EMPTY=",
      "MULTI=\"first",
      "second\"",
      "DUP=one",
      "DUP=two",
    ].join("\r\n");
    expect(parseDotenv(text)).toEqual({
      PLAIN: "value with spaces",
      EXPORTED: "yes",
      SINGLE: "no $expansion # kept",
      DOUBLE: "line\nbreak",
      BACKTICK: `it's "both"`,
      COLON: "works",
      EMPTY: "",
      MULTI: "first\nsecond",
      DUP: "two",
    });
  });
});

describe("loadEnvironment (wrangler's loadDotEnv + dotenv-expand 12)", () => {
  const files = (texts: Record<string, string>) => (path: string) => texts[path];

  it("loads .env, .env.local, then .env.<env> and .env.<env>.local: later files win, a non-empty shell value wins over all", () => {
    expect(defaultEnvFiles()).toEqual([".env", ".env.local"]);
    expect(defaultEnvFiles("staging")).toEqual([".env", ".env.local", ".env.staging", ".env.staging.local"]);
    const read = files({
      "/p/.env": "A=env\nB=env\nC=env\nD=env\nSHELL_SET=file\nSHELL_EMPTY=file\n",
      "/p/.env.local": "B=local\n",
      "/p/.env.staging": "C=staging\nB=staging\n",
      "/p/.env.staging.local": "D=staging-local\n",
    });
    const plain = loadEnvironment({ cwd: "/p", shell: { SHELL_SET: "shell", SHELL_EMPTY: "" }, readFile: read });
    expect(plain.env).toMatchObject({ A: "env", B: "local", C: "env", D: "env", SHELL_SET: "shell", SHELL_EMPTY: "file" });
    expect(plain.loaded).toEqual(["/p/.env", "/p/.env.local"]);
    expect(plain.sources).toMatchObject({ A: "/p/.env", B: "/p/.env.local" });
    expect(plain.sources.SHELL_SET).toBeUndefined();
    const staging = loadEnvironment({ cwd: "/p", envName: "staging", shell: {}, readFile: read });
    expect(staging.env).toMatchObject({ A: "env", B: "staging", C: "staging", D: "staging-local" });
  });

  it("--env-file replaces the defaults, resolved against the working directory, later files winning", () => {
    const read = files({ "/p/.env": "A=default\n", "/p/ci/one.env": "A=one\nB=one\n", "/secrets/two.env": "B=two\n" });
    const loaded = loadEnvironment({ cwd: "/p", envFiles: ["ci/one.env", "/secrets/two.env", "missing.env"], shell: {}, readFile: read });
    expect(loaded.env).toMatchObject({ A: "one", B: "two" });
    expect(loaded.loaded).toEqual(["/p/ci/one.env", "/secrets/two.env"]);
  });

  it("expands $VAR and ${VAR} (shell first, then earlier lines), defaults, and \\$ as a literal dollar, quotes or not", () => {
    const read = files({
      "/p/.env": [
        "HOST=db.example.com",
        "URL=postgres://u@${HOST}:$PORT/app",
        "SINGLE='$HOST'",
        "DEFAULTED=${MISSING:-fallback}",
        "ALT=${HOST:+set}",
        "LITERAL=pa\\$\\$word",
        "FROM_SHELL=${USER_NAME}",
      ].join("\n"),
    });
    const { env } = loadEnvironment({ cwd: "/p", shell: { PORT: "6543", USER_NAME: "ops" }, readFile: read });
    expect(env).toMatchObject({
      URL: "postgres://u@db.example.com:6543/app",
      SINGLE: "db.example.com",
      DEFAULTED: "fallback",
      ALT: "set",
      LITERAL: "pa$$word",
      FROM_SHELL: "ops",
    });
  });
});

describe("credentials from .env files, end to end", () => {
  const api = fakeApi();
  const { server, requests } = api;
  let dir: string;
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  beforeEach(() => {
    requests.length = 0;
    dir = mkdtempSync(join(tmpdir(), "hd-dotenv-"));
  });
  afterEach(() => {
    server.resetHandlers();
    rmSync(dir, { recursive: true, force: true });
  });
  const noShellCredentials = { CLOUDFLARE_API_TOKEN: undefined, CLOUDFLARE_ACCOUNT_ID: undefined };

  it("CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID from .env, .env.local winning; the value is never printed", async () => {
    writeFileSync(join(dir, ".env"), `CLOUDFLARE_API_TOKEN=stale-token\nCLOUDFLARE_ACCOUNT_ID=${TEST_ACCOUNT}\n`);
    writeFileSync(join(dir, ".env.local"), `CLOUDFLARE_API_TOKEN="${TEST_TOKEN}"\n`);
    const r = await runCli(["list", "--json"], { cwd: dir, env: noShellCredentials });
    expect(r.code).toBe(0);
    expect(requests.map((q) => q.path)).toEqual([`/accounts/${TEST_ACCOUNT}/hyperdrive/configs`]);
    expect(requests[0].headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expect(r.all).not.toContain(TEST_TOKEN);
    expect(r.stderr).toBe("");
  });

  it("the shell's variable wins over the files", async () => {
    writeFileSync(join(dir, ".env"), "CLOUDFLARE_API_TOKEN=file-token\n");
    const r = await runCli(["list", "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(requests[0].headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  });

  it("--env NAME adds .env.NAME; --env-file (repeatable) replaces the defaults; --cwd moves where they are found", async () => {
    writeFileSync(join(dir, ".env"), "CLOUDFLARE_API_TOKEN=wrong-token\n");
    writeFileSync(join(dir, ".env.staging"), `CLOUDFLARE_API_TOKEN=${TEST_TOKEN}\n`);
    mkdirSync(join(dir, "ci"));
    writeFileSync(join(dir, "ci", "base.env"), `CLOUDFLARE_API_TOKEN=wrong-token\nCLOUDFLARE_ACCOUNT_ID=${TEST_ACCOUNT}\n`);
    writeFileSync(join(dir, "ci", "token.env"), `CLOUDFLARE_API_TOKEN=${TEST_TOKEN}\n`);
    const env = { ...noShellCredentials, CLOUDFLARE_ACCOUNT_ID: TEST_ACCOUNT };
    expect((await runCli(["list", "--json", "--env", "staging"], { cwd: dir, env })).code).toBe(0);
    const fromFiles = await runCli(["--env-file", "ci/base.env", "--env-file", "ci/token.env", "list", "--json"], { cwd: dir, env: noShellCredentials });
    expect(fromFiles.code).toBe(0);
    const viaCwd = await runCli(["list", "--json", "--cwd", dir, "--env", "staging"], { cwd: tmpdir(), env });
    expect(viaCwd.code).toBe(0);
    expect(requests.map((q) => q.headers.authorization)).toEqual([`Bearer ${TEST_TOKEN}`, `Bearer ${TEST_TOKEN}`, `Bearer ${TEST_TOKEN}`]);
    // Without --env staging, only .env's token is loaded.
    await runCli(["list", "--json"], { cwd: dir, env });
    expect(requests.at(-1)?.headers.authorization).toBe("Bearer wrong-token");
  });

  it("the global key pair and the deprecated CF_ names work from .env too", async () => {
    writeFileSync(join(dir, ".env"), `CF_API_TOKEN=${TEST_TOKEN}\nCF_ACCOUNT_ID=${TEST_ACCOUNT}\n`);
    const r = await runCli(["list", "--json"], { cwd: dir, env: noShellCredentials });
    expect(r.code).toBe(0);
    expect(requests[0].headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expect(r.stderr).toMatch(/CF_API_TOKEN is deprecated/);
    requests.length = 0;
    writeFileSync(join(dir, ".env"), `CLOUDFLARE_API_KEY=global-key-value\nCLOUDFLARE_EMAIL=ops@example.com\n`);
    const key = await runCli(["list", "--json"], { cwd: dir });
    expect(requests[0].headers["x-auth-key"]).toBe("global-key-value");
    expect(key.all).not.toContain("global-key-value");
  });

  it("HYPERDRIVE_LOG=debug says which file each setting came from, never the value", async () => {
    writeFileSync(join(dir, ".env"), `CLOUDFLARE_API_TOKEN=${TEST_TOKEN}\n`);
    const r = await runCli(["list", "--json"], { cwd: dir, env: { CLOUDFLARE_API_TOKEN: undefined, HYPERDRIVE_LOG: "debug" } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`[debug] environment files loaded: ${join(dir, ".env")}`);
    expect(r.stderr).toContain(`[debug] credentials: CLOUDFLARE_API_TOKEN from ${join(dir, ".env")}`);
    expect(r.all).not.toContain(TEST_TOKEN);
    const quiet = await runCli(["list", "--json"], { cwd: dir, env: { CLOUDFLARE_API_TOKEN: undefined } });
    expect(quiet.stderr).not.toContain("[debug]");
  });
});

describe("wrangler auth profiles, end to end", () => {
  const api = fakeApi();
  const { server, requests } = api;
  let home: string;
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  beforeEach(() => {
    requests.length = 0;
    home = mkdtempSync(join(tmpdir(), "hd-profiles-"));
    const config = join(home, ".config", ".wrangler", "config");
    mkdirSync(config, { recursive: true });
    const session = (token: string) => `oauth_token = "${token}"\nexpiration_time = "2999-01-01T00:00:00.000Z"\nrefresh_token = "r"\nscopes = []\n`;
    writeFileSync(join(config, "default.toml"), session("default-oauth"));
    writeFileSync(join(config, "work.toml"), session("work-oauth"));
    mkdirSync(join(home, "projects", "client", "worker"), { recursive: true });
    mkdirSync(join(home, ".config", ".wrangler", "profiles"));
    writeFileSync(join(home, ".config", ".wrangler", "profiles", "directory-bindings.json"), JSON.stringify({ [join(home, "projects", "client")]: "work" }));
  });
  afterEach(() => {
    server.resetHandlers();
    rmSync(home, { recursive: true, force: true });
  });
  const run = (argv: string[], cwd: string) => runCli(argv, { cwd, home, env: { CLOUDFLARE_API_TOKEN: undefined } });

  it("--profile NAME, the directory's bound profile (the --config file's folder first), else the default session", async () => {
    expect((await run(["list", "--json"], home)).code).toBe(0);
    expect((await run(["list", "--json", "--profile", "work"], home)).code).toBe(0);
    expect((await run(["list", "--json"], join(home, "projects", "client", "worker"))).code).toBe(0);
    writeFileSync(join(home, "projects", "client", "wrangler.jsonc"), "{}\n");
    expect((await run(["list", "--json", "--config", join(home, "projects", "client", "wrangler.jsonc")], home)).code).toBe(0);
    expect(requests.map((q) => q.headers.authorization)).toEqual(["Bearer default-oauth", "Bearer work-oauth", "Bearer work-oauth", "Bearer work-oauth"]);
    const missing = await run(["list", "--profile", "nobody"], home);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/The profile nobody \(from --profile\) has no session/);
    expect(missing.all).not.toContain("oauth");
  });
});
