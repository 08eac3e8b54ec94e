// create → the Worker's wrangler config, and `bind`, through the CLI (the editing itself is tested in test/wrangler-config).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeApi, makeConfig } from "../support/fake-api";
import { runCli, scriptedPrompter } from "../support/cli";

const { server, requests, configs } = fakeApi();
let dir: string;
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  configs.length = 0;
  dir = mkdtempSync(join(tmpdir(), "hd-bind-"));
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const JSONC = `{
  // my worker
  "name": "worker",
  "main": "src/index.ts", // entry
}
`;
const create = ["create", "prod-db", "--connection-string", "postgres://u:pw-SECRET@db.example.com/app"];

describe("the wrangler config keeps its style (file bytes before and after)", () => {
  it("a one-line wrangler.json stays one line; an inline hyperdrive array in JSONC stays inline", async () => {
    const oneLine = '{"name":"worker","main":"src/index.ts","compatibility_date":"2025-01-01"}\n';
    writeFileSync(join(dir, "wrangler.json"), oneLine);
    const r = await runCli([...create, "--update-config"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const id = /config 'prod-db': ([0-9a-f]{32})/.exec(r.stdout)![1];
    expect(readFileSync(join(dir, "wrangler.json"), "utf8")).toBe(
      `{"name":"worker","main":"src/index.ts","compatibility_date":"2025-01-01","hyperdrive":[{"binding":"HYPERDRIVE","id":"${id}"}]}\n`,
    );
    rmSync(join(dir, "wrangler.json"));
    const inline = '{\n  "name": "worker", // the Worker\n  "hyperdrive": [{ "binding": "MAIN", "id": "0123456789abcdef0123456789abcdef" }],\n}\n';
    writeFileSync(join(dir, "wrangler.jsonc"), inline);
    const second = await runCli(["create", "replica", "--connection-string", "postgres://u:pw@db.example.com/app", "--binding", "REPLICA"], { cwd: dir });
    expect(second.code, second.stderr).toBe(0);
    const replica = /config 'replica': ([0-9a-f]{32})/.exec(second.stdout)![1];
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(
      `{\n  "name": "worker", // the Worker\n  "hyperdrive": [{ "binding": "MAIN", "id": "0123456789abcdef0123456789abcdef" }, { "binding": "REPLICA", "id": "${replica}" }],\n}\n`,
    );
  });
});

describe("create writes the binding", () => {
  it("--update-config repoints a template's HYPERDRIVE placeholder in place, keeping localConnectionString (JSONC and TOML)", async () => {
    const jsonc = '{\n\t"hyperdrive": [\n\t\t{\n\t\t\t"binding": "HYPERDRIVE",\n\t\t\t"id": "<YOUR_HYPERDRIVE_ID>",\n\t\t\t"localConnectionString": "postgres://dev:dev@localhost/app"\n\t\t}\n\t]\n}\n';
    writeFileSync(join(dir, "wrangler.jsonc"), jsonc);
    const r = await runCli([...create, "--update-config"], { cwd: dir });
    expect(r.code).toBe(0);
    const id = /config 'prod-db': ([0-9a-f]{32})/.exec(r.stdout)![1];
    expect(r.stdout).toContain(`✔ Repointed binding HYPERDRIVE: <YOUR_HYPERDRIVE_ID> → ${id} in wrangler.jsonc.`);
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(jsonc.replace("<YOUR_HYPERDRIVE_ID>", id));
    rmSync(join(dir, "wrangler.jsonc"));
    const toml = '[[hyperdrive]]\nbinding = "HYPERDRIVE"\nid = "<YOUR_HYPERDRIVE_ID>"\nlocalConnectionString = "postgres://dev:dev@localhost/app"\n';
    writeFileSync(join(dir, "wrangler.toml"), toml);
    const again = await runCli(["create", "prod-db-2", "--connection-string", "postgres://u:pw-SECRET@db.example.com/app", "--update-config", "--json"], { cwd: dir });
    const doc = JSON.parse(again.stdout);
    expect(doc.binding).toMatchObject({ status: "written", binding: "HYPERDRIVE", previousId: "<YOUR_HYPERDRIVE_ID>", id: doc.id });
    expect(readFileSync(join(dir, "wrangler.toml"), "utf8")).toBe(toml.replace("<YOUR_HYPERDRIVE_ID>", doc.id));
  });

  it("with --update-config: the file gains exactly the binding, comments kept; --json includes the outcome", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    const r = await runCli([...create, "--update-config", "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.binding).toMatchObject({ status: "written", binding: "HYPERDRIVE", id: doc.id });
    const after = readFileSync(join(dir, "wrangler.jsonc"), "utf8");
    expect(after).toContain("// my worker");
    expect(after).toContain('"main": "src/index.ts", // entry');
    expect(after).toMatch(new RegExp(`"binding": "HYPERDRIVE",\\s*"id": "${doc.id}"`));
    expect(r.all).not.toContain("pw-SECRET");
  });

  it("without a terminal and without flags: file untouched, snippet printed, the flag named", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    const r = await runCli(create, { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(JSONC);
    expect(r.stdout).toMatch(/--update-config/);
    expect(r.stdout).toMatch(/"binding": "HYPERDRIVE"/);
  });

  it("on a terminal it asks, default yes", async () => {
    writeFileSync(join(dir, "wrangler.toml"), 'name = "worker"\n');
    const prompter = scriptedPrompter([true, ""]);
    const r = await runCli(create, { cwd: dir, prompter, tty: true });
    expect(r.code).toBe(0);
    expect(prompter.asked[0]).toMatch(/Add binding HYPERDRIVE → [0-9a-f]{32} to wrangler.toml\?/);
    // wrangler dev would find no local connection string: it offers to set one (empty skips) and says what to run.
    expect(prompter.asked[1]).toBe("Connection string for wrangler dev to use for HYPERDRIVE, saved in .env (empty to skip): ");
    expect(r.stderr.replace(/\x1b\[[0-9;]*m/g, "")).toContain(
      "⚠ wrangler dev will not start: binding HYPERDRIVE has no local connection string (CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE in .env, or localConnectionString in wrangler.toml). " +
        "Set one with: hyperdrive bind prod-db --binding HYPERDRIVE --local-connection-string postgres://USER:PASSWORD@localhost:5432/DATABASE",
    );
    expect(readFileSync(join(dir, "wrangler.toml"), "utf8")).toMatch(/^name = "worker"\n\n\[\[hyperdrive\]\]\nbinding = "HYPERDRIVE"\nid = "[0-9a-f]{32}"\n$/);
  });

  it("an invalid --binding is exit 2 before anything is sent", async () => {
    const r = await runCli([...create, "--binding", "my-db"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--binding "my-db" is not a valid JavaScript identifier/);
    expect(requests).toHaveLength(0);
  });

  it("no config file: the snippet and where it looked (--update-config there: test/cli/no-wrangler-config.test.ts)", async () => {
    const r = await runCli(create, { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No wrangler.json, wrangler.jsonc or wrangler.toml/);
  });
});

describe("bind", () => {
  it("binds an existing config by name, and repoints HYPERDRIVE (as wrangler 4.106+) when it is bound already", async () => {
    configs.push(makeConfig(1, { name: "old" }), makeConfig(2, { name: "new" }));
    writeFileSync(join(dir, "wrangler.json"), '{\n  "name": "w"\n}\n');
    let r = await runCli(["bind", "old"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "wrangler.json"), "utf8")).hyperdrive).toEqual([{ binding: "HYPERDRIVE", id: makeConfig(1).id }]);
    r = await runCli(["bind", "new", "--remote"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Repointed binding HYPERDRIVE: ${makeConfig(1).id} → ${makeConfig(2).id} in wrangler.json ("remote": true).`);
    expect(JSON.parse(readFileSync(join(dir, "wrangler.json"), "utf8")).hyperdrive).toEqual([{ binding: "HYPERDRIVE", id: makeConfig(2).id, remote: true }]);
    r = await runCli(["bind", "old", "--binding", "HYPERDRIVE"], { cwd: dir });
    expect(r.code).toBe(0);
    // A later repoint without --remote keeps the entry's other keys, remote included.
    expect(JSON.parse(readFileSync(join(dir, "wrangler.json"), "utf8")).hyperdrive).toEqual([{ binding: "HYPERDRIVE", id: makeConfig(1).id, remote: true }]);
  });

  it("--local-connection-string warns when the shell already sets the variable, which wrangler dev would use instead", async () => {
    configs.push(makeConfig(1, { name: "x" }));
    writeFileSync(join(dir, "wrangler.toml"), 'name = "w"\n');
    const variable = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE";
    const env = { [variable]: "postgres://u:shell-SECRET@localhost/app" };
    const r = await runCli(["bind", "x", "--local-connection-string", "postgres://u:dev-SECRET@localhost/app"], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`⚠ your shell's environment also defines ${variable} and wins over .env`);
    expect(r.stdout).not.toMatch(/also defines/);
    expect(r.all).not.toMatch(/shell-SECRET|dev-SECRET/);
    const json = await runCli(["bind", "x", "--local-connection-string", "postgres://u:dev-SECRET@localhost/app", "--json"], { cwd: dir, env });
    expect(JSON.parse(json.stdout).localConnectionString).toMatchObject({ status: "unchanged", shadowedBy: ["environment"] });
  });

  it("a file that does not parse: exit 1, file untouched, message with line and column", async () => {
    configs.push(makeConfig(1, { name: "x" }));
    writeFileSync(join(dir, "wrangler.jsonc"), '{\n  "name": \n}\n');
    const r = await runCli(["bind", "x"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/⚠ .*line 3/);
    expect(r.stdout).not.toMatch(/⚠|line 3/);
    expect(r.stdout).toContain("Add this to your Worker's config:");
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe('{\n  "name": \n}\n');
  });
});

describe("flags checked before anything is sent", () => {
  it("a --config file that does not exist is exit 2, and no config is created", async () => {
    const r = await runCli([...create, "--config", "missing/wrangler.toml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--config missing\/wrangler.toml: no such file/);
    expect(requests).toHaveLength(0);
  });
});
