// create with an explicit binding request whose edit fails: the config exists, so the id and the snippet are printed,
// but the command fails (exit 1) and --json says binding.written: false with the reason.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

describe("create: a binding edit that was asked for and failed fails the command", () => {
  it("--update-config on a file that does not parse: exit 1, id and snippet printed, file untouched", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), BROKEN);
    const r = await runCli([...create, "--update-config"], { cwd: dir });
    expect(r.code).toBe(1);
    const id = configs[0].id;
    expect(r.stdout).toContain(`✔ Created Hyperdrive PostgreSQL config 'prod-db': ${id}`);
    expect(r.stdout).toMatch(/⚠ wrangler\.jsonc does not parse/);
    expect(r.stdout).toContain(`"id": "${id}"`);
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(BROKEN);
  });

  it("--binding NAME --json: binding.written is false and the reason says why", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), BROKEN);
    const r = await runCli([...create, "--binding", "DB", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.id).toBe(configs[0].id);
    expect(doc.binding).toMatchObject({ status: "failed", written: false, reason: "invalid-config", binding: "DB", id: doc.id });
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
