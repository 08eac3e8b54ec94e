// Local development through the CLI: the local connection string for `wrangler dev` (issue items 1–8), on real files
// in temporary folders with the fake API (and the in-process emulator for --local). What a user notices: the files'
// bytes, the warnings printed, exit codes, requests sent.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeApi, makeConfig } from "../support/fake-api";
import { runCli, scriptedPrompter } from "../support/cli";

const { server, requests, configs } = fakeApi();
let dir: string;
beforeAll(() => server.listen({ onUnhandledRequest: "bypass" }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  configs.length = 0;
  dir = mkdtempSync(join(tmpdir(), "hd-localdev-"));
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const VAR = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE";
const TOP = "postgres://dev:top-SECRET@localhost:5432/app";
const STAGING = "postgres://dev:staging-SECRET@localhost:5432/staging";
const read = (name: string) => readFileSync(join(dir, name), "utf8");
const TOML = `name = "worker"\n\n[env.staging]\nname = "worker-staging"\n`;

describe("1. --env writes .env.<env>, never the top-level .env", () => {
  it("bind --env staging keeps the top-level string in .env; plain wrangler dev still gets its own database", async () => {
    configs.push(makeConfig(1, { name: "top" }), makeConfig(2, { name: "stage" }));
    writeFileSync(join(dir, "wrangler.toml"), TOML);
    let r = await runCli(["bind", "top", "--local-connection-string", TOP], { cwd: dir });
    expect(r.code).toBe(0);
    r = await runCli(["--env", "staging", "bind", "stage", "--local-connection-string", STAGING], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`• Set ${VAR} in .env.staging for wrangler dev --env staging.`);
    expect(read(".env")).toBe(`${VAR}='${TOP}'\n`);
    expect(read(".env.staging")).toBe(`${VAR}='${STAGING}'\n`);
    expect(r.all).not.toMatch(/SECRET/);
  });
});

describe("2. a binding without a local string breaks wrangler dev: say so, offer to set it", () => {
  it("without a terminal: a warning with the exact command (MySQL example for a MySQL config, --env and -c kept)", async () => {
    configs.push(makeConfig(1, { name: "shop", origin: { scheme: "mysql", host: "db.example.com", port: 3306, database: "shop", user: "u" } }));
    mkdirSync(join(dir, "worker"));
    writeFileSync(join(dir, "worker", "wrangler.toml"), TOML);
    const r = await runCli(["-c", "worker/wrangler.toml", "--env", "staging", "bind", "shop"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `⚠ wrangler dev --env staging will not start: binding HYPERDRIVE has no local connection string (${VAR} in .env.staging, or localConnectionString in worker/wrangler.toml). ` +
        "Set one with: hyperdrive -c worker/wrangler.toml bind shop --binding HYPERDRIVE --env staging --local-connection-string mysql://USER:PASSWORD@localhost:3306/DATABASE",
    );
    const json = await runCli(["-c", "worker/wrangler.toml", "--env", "staging", "bind", "shop", "--json"], { cwd: dir });
    expect(JSON.parse(json.stdout).localDev).toMatchObject({ variable: VAR, source: "none", warnings: [{ code: "no-local-connection-string" }] });
  });

  it("no warning once wrangler dev would find one: in .env, in the shell, or as localConnectionString", async () => {
    configs.push(makeConfig(1, { name: "x" }));
    writeFileSync(join(dir, "wrangler.toml"), 'name = "w"\n');
    writeFileSync(join(dir, ".env"), `${VAR}=${TOP}\n`);
    let r = await runCli(["bind", "x"], { cwd: dir });
    expect(r.stdout).not.toContain("will not start");
    rmSync(join(dir, ".env"));
    r = await runCli(["bind", "x"], { cwd: dir, env: { [VAR]: TOP } });
    expect(r.stdout).not.toContain("will not start");
  });

  it("on a terminal: asks for it (masked), re-asks after a bad answer, saves a good one", async () => {
    configs.push(makeConfig(1, { name: "x" }));
    writeFileSync(join(dir, "wrangler.toml"), 'name = "w"\n');
    const prompter = scriptedPrompter(["not a url", TOP]);
    const r = await runCli(["bind", "x"], { cwd: dir, prompter, tty: true });
    expect(r.code).toBe(0);
    expect(prompter.asked).toEqual([
      "Connection string for wrangler dev to use for HYPERDRIVE, saved in .env (empty to skip): ",
      "Connection string for wrangler dev to use for HYPERDRIVE, saved in .env (empty to skip): ",
    ]);
    expect(r.stderr).toContain("Invalid --local-connection-string: it does not start with a scheme");
    expect(read(".env")).toBe(`${VAR}='${TOP}'\n`);
    expect(r.stdout).not.toContain("will not start");
  });

  it("--local on a terminal: the origin just tested is the default", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), '{ "name": "w" }\n');
    const prompter = scriptedPrompter([true, true]);
    const origin = "postgres://app:origin-SECRET@127.0.0.1:5432/app";
    const r = await runCli(["--local", "create", "demo", "--connection-string", origin], {
      cwd: dir,
      prompter,
      tty: true,
      env: { HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off" },
    });
    expect(r.code).toBe(0);
    expect(prompter.asked[1]).toBe("Use the origin just tested (postgres://app:****@127.0.0.1:5432/app) for wrangler dev, saved in .env?");
    expect(read(".env")).toBe(`${VAR}='${origin}'\n`);
    expect(r.all).not.toContain("origin-SECRET");
  });
});

describe("3. wrangler dev reads .env from its working directory", () => {
  it("run from elsewhere: the .env is written beside the config and the user told where to run wrangler dev", async () => {
    configs.push(makeConfig(1, { name: "x" }));
    mkdirSync(join(dir, "apps", "api"), { recursive: true });
    writeFileSync(join(dir, "apps", "api", "wrangler.jsonc"), '{ "name": "w" }\n');
    const r = await runCli(["-c", "apps/api/wrangler.jsonc", "bind", "x", "--local-connection-string", TOP], { cwd: dir });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "apps", "api", ".env"))).toBe(true);
    expect(existsSync(join(dir, ".env"))).toBe(false);
    expect(r.stderr).toContain(
      "⚠ wrangler dev reads .env from the folder it runs in, not the config's: run wrangler dev from apps/api (or add --cwd apps/api).",
    );
  });
});

describe("4. the local string is checked like the origin, before anything is sent", () => {
  it("not a URL, or PostgreSQL for a MySQL config: exit 2, nothing sent, nothing written", async () => {
    writeFileSync(join(dir, "wrangler.toml"), 'name = "w"\n');
    let r = await runCli(["create", "db", "--connection-string", "postgres://u:p@db.example.com/app", "--update-config", "--local-connection-string", "not a url"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Invalid --local-connection-string: it does not start with a scheme such as postgres:// or mysql://.");
    r = await runCli(["create", "db", "--connection-string", "mysql://u:p@db.example.com/app", "--update-config", "--local-connection-string", TOP], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--local-connection-string is a PostgreSQL string (postgres://), but 'db' is a MySQL config");
    expect(requests).toHaveLength(0);
    expect(existsSync(join(dir, ".env"))).toBe(false);
    expect(read("wrangler.toml")).toBe('name = "w"\n');
  });

  it("a database that needs TLS: says wrangler dev needs ?sslmode=require", async () => {
    configs.push(makeConfig(1, { name: "x", mtls: { sslmode: "verify-full", ca_certificate_id: "c".repeat(32) } }));
    writeFileSync(join(dir, "wrangler.toml"), 'name = "w"\n');
    const r = await runCli(["bind", "x", "--local-connection-string", "postgres://u:p@staging-db.internal:5432/app"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("'x' connects with sslmode verify-full, but wrangler dev connects without TLS unless the local connection string asks for it: if the database needs TLS, add ?sslmode=require");
  });
});

describe("5. update --local-connection-string", () => {
  it("with a password rotation: PATCHes the password and rewrites the string of every binding to the config", async () => {
    configs.push(makeConfig(1, { name: "prod" }));
    const id = makeConfig(1).id;
    writeFileSync(join(dir, "wrangler.toml"), `name = "w"\n\n[[hyperdrive]]\nbinding = "DB"\nid = "${id}"\n\n[[hyperdrive]]\nbinding = "REPLICA"\nid = "${id}"\n`);
    writeFileSync(join(dir, ".env"), "# local\nCLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB='postgres://dev:old@localhost/app'\n");
    const r = await runCli(["update", "prod", "--origin-password", "new-SECRET", "--local-connection-string", TOP], { cwd: dir });
    expect(r.code).toBe(0);
    expect(requests.filter((q) => q.method === "PATCH").map((q) => q.body)).toEqual([{ origin: { password: "new-SECRET" } }]);
    expect(read(".env")).toBe(
      `# local\nCLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB='${TOP}'\nCLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_REPLICA='${TOP}'\n`,
    );
    expect(r.stdout).toContain("✔ Updated Hyperdrive config 'prod'");
    expect(r.stdout).toContain("• Set CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB in .env for wrangler dev.");
    expect(r.all).not.toMatch(/SECRET/);
  });

  it("alone: sends no PATCH; --env writes .env.<env>; --json lists the bindings", async () => {
    configs.push(makeConfig(1, { name: "prod" }));
    const id = makeConfig(1).id;
    writeFileSync(join(dir, "wrangler.toml"), `name = "w"\n\n[[env.staging.hyperdrive]]\nbinding = "HYPERDRIVE"\nid = "${id}"\n`);
    const r = await runCli(["--env", "staging", "update", "prod", "--local-connection-string", STAGING, "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(requests.filter((q) => q.method !== "GET")).toEqual([]);
    expect(read(".env.staging")).toBe(`${VAR}='${STAGING}'\n`);
    expect(JSON.parse(r.stdout).bindings).toMatchObject([{ binding: "HYPERDRIVE", localConnectionString: { status: "written" } }]);
  });

  it("no binding points to the config: exit 2 before the PATCH, naming bind", async () => {
    configs.push(makeConfig(1, { name: "prod" }));
    writeFileSync(join(dir, "wrangler.toml"), 'name = "w"\n');
    const r = await runCli(["update", "prod", "--max-age", "30", "--local-connection-string", TOP], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`No binding in wrangler.toml points to 'prod' (${makeConfig(1).id}), so there is no local connection string to change.`);
    expect(r.stderr).toContain("hyperdrive bind prod --local-connection-string URL");
    expect(requests.filter((q) => q.method === "PATCH")).toEqual([]);
    expect(existsSync(join(dir, ".env"))).toBe(false);
  });
});

describe("6. .env becomes the Worker's secrets without .dev.vars: told once", () => {
  it("on the first local string in a .env only; never with a .dev.vars", async () => {
    configs.push(makeConfig(1, { name: "a" }), makeConfig(2, { name: "b" }));
    writeFileSync(join(dir, "wrangler.toml"), 'name = "w"\n');
    const note = "Without a .dev.vars file, wrangler dev also hands .env to the Worker as secrets";
    let r = await runCli(["bind", "a", "--local-connection-string", TOP], { cwd: dir });
    expect(r.stderr).toContain(`⚠ ${note}: env.${VAR} (with its password) is readable by the Worker and appears in \`wrangler types\`. To avoid it, create an empty .dev.vars or set CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV=false.`);
    r = await runCli(["bind", "b", "--binding", "OTHER", "--local-connection-string", TOP], { cwd: dir });
    expect(r.all).not.toContain(note);
    rmSync(join(dir, ".env"));
    writeFileSync(join(dir, ".dev.vars"), "");
    r = await runCli(["bind", "a", "--local-connection-string", TOP], { cwd: dir });
    expect(r.all).not.toContain(note);
  });
});

describe("7. a stale localConnectionString in the config, shadowed by .env", () => {
  it("is flagged, saying it holds a password, without printing it", async () => {
    configs.push(makeConfig(1, { name: "x" }));
    const id = makeConfig(1).id;
    writeFileSync(join(dir, "wrangler.jsonc"), `{ "hyperdrive": [{ "binding": "HYPERDRIVE", "id": "${id}", "localConnectionString": "postgres://u:committed-SECRET@localhost/app" }] }\n`);
    const r = await runCli(["bind", "x", "--local-connection-string", TOP], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `⚠ Binding HYPERDRIVE in wrangler.jsonc still has a localConnectionString, which wrangler dev ignores (${VAR} in .env wins); it holds a database password in a file that is usually committed: remove it from wrangler.jsonc.`,
    );
    expect(r.all).not.toMatch(/SECRET/);
  });
});

describe("8. ids made by the local emulator", () => {
  it("--local records the id and warns that the binding must not reach a deploy; a later bind of a real config is quiet", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), '{ "name": "w" }\n');
    const r = await runCli(["--local", "create", "demo", "--connection-string", "postgres://app:pw@127.0.0.1:5432/app", "--update-config", "--local-connection-string", TOP, "--json"], {
      cwd: dir,
      env: { HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off" },
    });
    expect(r.code).toBe(0);
    const { id, binding } = JSON.parse(r.stdout);
    expect(readdirSync(join(dir, ".hyperdrive", "local-ids"))).toEqual([`${id}.json`]);
    expect(binding.localDev.warnings).toContainEqual({
      code: "local-emulator-id",
      message: `HYPERDRIVE → ${id} is a config of the local emulator (--local), not of your Cloudflare account: a deploy with this binding would fail. Before deploying, create 'demo' without --local and bind it (hyperdrive bind demo --binding HYPERDRIVE).`,
    });
    // The real account's config replaces it: no more warning.
    configs.push(makeConfig(1, { name: "demo" }));
    const real = await runCli(["bind", "demo", "--binding", "HYPERDRIVE", "--json"], { cwd: dir });
    expect(JSON.parse(real.stdout).localDev.warnings.map((w: { code: string }) => w.code)).not.toContain("local-emulator-id");
  });
});
