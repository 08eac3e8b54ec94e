// create with an explicit binding request whose edit fails: the config exists, so the id and the snippet are printed,
// but the command fails (exit 1) and --json says binding.written: false with the reason.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeApi } from "../support/fake-api";
import { runCli } from "../support/cli";

const { server, requests, configs } = fakeApi();
let dir: string;
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  configs.length = 0;
  dir = mkdtempSync(join(tmpdir(), "hd-bind-fail-"));
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const create = ["create", "prod-db", "--connection-string", "postgres://u:pw-SECRET@db.example.com/app"];
const BROKEN = '{\n  "name": \n}\n';
const JSONC = '{\n  // the worker\n  "name": "w",\n}\n';

describe("create: a binding edit that was asked for and failed fails the command", () => {
  it("--update-config on a read-only file: exit 1, id and snippet printed, file untouched, reason read-only", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    chmodSync(join(dir, "wrangler.jsonc"), 0o444);
    const r = await runCli([...create, "--update-config"], { cwd: dir });
    expect(r.code).toBe(1);
    const id = configs[0].id;
    expect(r.stdout).toContain(`✔ Created Hyperdrive PostgreSQL config 'prod-db': ${id}`);
    expect(r.stderr).toContain("⚠ wrangler.jsonc is read-only (mode 0444) for this user; it was not changed.");
    expect(r.stdout).toContain(`"id": "${id}"`);
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(JSONC);
  });

  it("--binding NAME --json: binding.written is false and the reason says why", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    chmodSync(join(dir, "wrangler.jsonc"), 0o444);
    const r = await runCli([...create, "--binding", "DB", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.id).toBe(configs[0].id);
    expect(doc.binding).toMatchObject({ status: "failed", written: false, reason: "read-only", binding: "DB", id: doc.id });
  });

  it("the .env line could not be saved (--local-connection-string): exit 1, the binding itself written", async () => {
    writeFileSync(join(dir, "wrangler.toml"), 'name = "w"\n');
    mkdirSync(join(dir, ".env")); // a folder where the file should be
    const r = await runCli([...create, "--update-config", "--local-connection-string", "postgres://dev:dev-SECRET@localhost/app", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.binding).toMatchObject({ status: "written", written: true, localConnectionString: { status: "failed" } });
    expect(r.all).not.toContain("dev-SECRET");
  });

  it("success: binding.written is true, exit 0", async () => {
    writeFileSync(join(dir, "wrangler.toml"), 'name = "w"\n');
    const r = await runCli([...create, "--update-config", "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).binding).toMatchObject({ status: "written", written: true });
  });

  it("nothing asked for (no flag, no terminal) on a file that does not parse: still exit 0, written false", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), BROKEN);
    const r = await runCli([...create, "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).binding).toMatchObject({ status: "failed", written: false, reason: "invalid-config" });
  });
});

describe("a binding will be written: the wrangler config is checked before the config is created", () => {
  it("--update-config on a file that does not parse: exit 2, nothing sent", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), BROKEN);
    const r = await runCli([...create, "--update-config"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("wrangler.jsonc does not parse (value expected at line 3, column 1); nothing was created.");
    expect(r.stderr).toContain("--no-update-config");
    expect(requests.filter((q) => q.method === "POST")).toHaveLength(0);
  });

  it("a wrangler.json nested 10,000 deep: exit 2 before any request, no stack overflow", async () => {
    writeFileSync(join(dir, "wrangler.json"), `{"name":"w","x":${"[".repeat(10_000)}${"]".repeat(10_000)}}`);
    const r = await runCli([...create, "--binding", "DB"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("wrangler.json does not parse (maximum nesting depth of 500 exceeded at line 1, column 516)");
    expect(r.all).not.toMatch(/call stack|bug/);
    expect(requests).toHaveLength(0);
  });

  it("without a flag, the same file: the config is created, the binding step reports the depth (no crash)", async () => {
    writeFileSync(join(dir, "wrangler.json"), `{"name":"w","x":${"[".repeat(10_000)}${"]".repeat(10_000)}}`);
    const r = await runCli([...create, "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).binding).toMatchObject({ status: "failed", reason: "invalid-config" });
  });
});
