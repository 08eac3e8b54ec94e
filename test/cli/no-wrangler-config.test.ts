// create, apply and bind in a folder with no wrangler config: a binding write asked for (--binding, --update-config;
// bind) is exit 2 before any request, nothing created; otherwise the config is made and the snippet printed, with the
// `hyperdrive bind …` that writes it once the Worker has a config. Should the file go away between that check and the
// write, the config exists: exit 1, and the warning and --json name it and the command that writes the binding.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http } from "msw";
import { BASE, fakeApi, makeConfig } from "../support/fake-api";
import { runCli, TEST_ACCOUNT } from "../support/cli";

const { server, requests, configs } = fakeApi();
let dir: string;
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  configs.length = 0;
  dir = mkdtempSync(join(tmpdir(), "hd-no-config-"));
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const ORIGIN = ["--connection-string", "postgres://app:pw-SECRET@db.example.com:5432/app"];
const create = (...flags: string[]) => ["create", "orders-db", ...ORIGIN, ...flags];
const apply = (...flags: string[]) => ["apply", "orders-db", ...ORIGIN, ...flags];
const none = () => `no wrangler.json, wrangler.jsonc or wrangler.toml in ${dir} or the folders above it`;
const WHERE = "Run it from the Worker's folder (or give --cwd DIR), or name the file with --config PATH";

describe("a binding write asked for, and no wrangler config: exit 2, nothing sent, no file made", () => {
  it.each([
    ["create --binding HD --update-config", create("--binding", "HD", "--update-config"), "--binding HD --update-config", "nothing was created", "create the config"],
    ["create --binding HD", create("--binding", "HD"), "--binding HD", "nothing was created", "create the config"],
    ["create --update-config", create("--update-config"), "--update-config", "nothing was created", "create the config"],
    ["create --update-config=true --dry-run", create("--update-config=true", "--dry-run"), "--update-config", "nothing was created", "create the config"],
    ["apply --binding HD (a new config)", apply("--binding", "HD"), "--binding HD", "nothing was sent", "apply the config"],
    ["apply --binding HD --update-config (CI recipe)", apply("--binding", "HD", "--update-config", "--keep-secrets"), "--binding HD --update-config", "nothing was sent", "apply the config"],
  ])("%s", async (_, argv, flags, nothing, instead) => {
    const r = await runCli(argv, { cwd: dir });
    expect(r.code, r.all).toBe(2);
    expect(r.stderr).toBe(
      `✖ ${flags} writes the binding into the Worker's wrangler config, and there is ${none()}; ${nothing}.\n` +
        `  ${WHERE}; to ${instead} and only print the snippet, add --no-update-config.\n`,
    );
    expect(r.stdout).toBe("");
    expect(requests).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    expect(r.all).not.toContain("SECRET");
  });

  it("apply --binding on a config the account has: the same, before the configs are even listed", async () => {
    configs.push(makeConfig(1, { name: "orders-db" }));
    const r = await runCli(apply("--binding", "HD"), { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nothing was sent.");
    expect(requests).toEqual([]);
  });

  it("--json: the usage error document says why and what to do", async () => {
    const r = await runCli(create("--binding", "HD", "--json"), { cwd: dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      success: false,
      kind: "usage",
      errors: [
        {
          message: `--binding HD writes the binding into the Worker's wrangler config, and there is ${none()}; nothing was created.`,
          hint: `${WHERE}; to create the config and only print the snippet, add --no-update-config.`,
        },
      ],
    });
    expect(requests).toEqual([]);
  });

  it("bind --binding HD: bind's own message (bind writes the binding), exit 2, nothing sent", async () => {
    const r = await runCli(["bind", "orders-db", "--binding", "HD", "--update-config"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`✖ No wrangler.json, wrangler.jsonc or wrangler.toml in ${dir} or the folders above it: bind writes the binding into the Worker's config.`);
    expect(requests).toEqual([]);
  });
});

describe("no write asked for, and no wrangler config: the config is made, the snippet and the bind command printed (exit 0)", () => {
  it("create --binding HD --no-update-config: the snippet names HD (as wrangler's --binding names its snippet)", async () => {
    const r = await runCli(create("--binding", "HD", "--no-update-config", "--json"), { cwd: dir });
    expect(r.code, r.all).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.id).toBe(configs[0].id);
    expect(doc.binding).toEqual({
      status: "skipped",
      reason: "no-config-file",
      written: false,
      format: "json",
      binding: "HD",
      id: doc.id,
      searched: expect.arrayContaining([dir]),
      command: "hyperdrive bind orders-db --binding HD",
      message: `No wrangler.json, wrangler.jsonc or wrangler.toml in ${dir} or the folders above it; add the snippet to your Worker's config, or once it has one, bind it with: hyperdrive bind orders-db --binding HD`,
      snippet: `{\n  "hyperdrive": [\n    {\n      "binding": "HD",\n      "id": "${doc.id}"\n    }\n  ]\n}`,
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("create, no flag, no terminal (and --yes, which answers a question there is none of): exit 0", async () => {
    for (const extra of [[], ["--yes"]]) {
      configs.length = 0;
      const r = await runCli(create(...extra), { cwd: dir });
      expect(r.code, r.all).toBe(0);
      expect(r.stdout).toContain(`✔ Created Hyperdrive PostgreSQL config 'orders-db': ${configs[0].id}`);
      expect(r.stdout).toContain("or once it has one, bind it with: hyperdrive bind orders-db --binding HYPERDRIVE\n");
      expect(r.stdout).toContain(`"binding": "HYPERDRIVE",\n      "id": "${configs[0].id}"`);
      expect(r.stderr).toBe("");
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it("--env NAME is not checked without a wrangler config: create --env staging prints the snippet; with --binding, exit 2", async () => {
    const r = await runCli(create("--env", "staging", "--json"), { cwd: dir });
    expect(r.code, r.all).toBe(0);
    expect(JSON.parse(r.stdout).binding).toMatchObject({ status: "skipped", reason: "no-config-file", env: "staging", command: "hyperdrive bind orders-db --binding HYPERDRIVE --env staging" });
    requests.length = 0;
    const refused = await runCli(["create", "other-db", ...ORIGIN, "--env", "staging", "--binding", "HD"], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--binding HD writes the binding into the Worker's wrangler config, and there is no wrangler.json");
    expect(requests).toEqual([]);
  });

  it("apply --binding HD --no-update-config: applied, the snippet printed", async () => {
    const r = await runCli(apply("--binding", "HD", "--no-update-config", "--json"), { cwd: dir });
    expect(r.code, r.all).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ action: "created", binding: { status: "skipped", reason: "no-config-file", binding: "HD", command: "hyperdrive bind orders-db --binding HD" } });
  });
});

/** The wrangler config is removed while the request runs: after the check before it, before the binding is written. */
function removeDuring(method: "post" | "get", file: string) {
  const url = `${BASE}/accounts/${TEST_ACCOUNT}/hyperdrive/configs`;
  server.use(
    http[method](url, () => {
      rmSync(file);
      return undefined;
    }),
  );
}

describe("the wrangler config went away after the check: the config exists, exit 1, and the command that binds it", () => {
  it("create --binding HD --update-config: the warning names the config and `hyperdrive bind`, which then writes it", async () => {
    const file = join(dir, "wrangler.jsonc");
    writeFileSync(file, '{ "name": "w" }\n');
    removeDuring("post", file);
    const r = await runCli(create("--binding", "HD", "--update-config"), { cwd: dir });
    expect(r.code, r.all).toBe(1);
    const id = configs[0].id;
    expect(r.stdout).toContain(`✔ Created Hyperdrive PostgreSQL config 'orders-db': ${id}`);
    expect(r.stderr).toBe(
      `⚠ No wrangler.json, wrangler.jsonc or wrangler.toml in ${dir} or the folders above it: binding HD was not written. ` +
        `The config 'orders-db' (${id}) was created; once the Worker has a wrangler config, write the binding with: hyperdrive bind orders-db --binding HD\n`,
    );
    expect(r.stdout).toContain(`Add this to your Worker's wrangler config:\n\n{\n  "hyperdrive": [\n    {\n      "binding": "HD",\n      "id": "${id}"`);
    expect(existsSync(file)).toBe(false);

    writeFileSync(file, '{ "name": "w" }\n');
    const bound = await runCli(["bind", "orders-db", "--binding", "HD"], { cwd: dir });
    expect(bound.code, bound.all).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(`{ "name": "w", "hyperdrive": [{ "binding": "HD", "id": "${id}" }] }\n`);
  });

  it("--json: binding.status failed, reason no-config-file, written false, the command; the config's id and name", async () => {
    const file = join(dir, "wrangler.toml");
    writeFileSync(file, 'name = "w"\n');
    removeDuring("post", file);
    const r = await runCli(create("--update-config", "--json"), { cwd: dir });
    expect(r.code, r.all).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ id: configs[0].id, name: "orders-db" });
    expect(doc.binding).toMatchObject({
      status: "failed",
      reason: "no-config-file",
      written: false,
      binding: "HYPERDRIVE",
      id: doc.id,
      command: "hyperdrive bind orders-db --binding HYPERDRIVE",
      message: expect.stringContaining(`The config 'orders-db' (${doc.id}) was created; once the Worker has a wrangler config, write the binding with: hyperdrive bind orders-db --binding HYPERDRIVE`),
    });
    expect(r.stderr).toBe("");
  });

  it("apply --binding HD on a config that already matches: exit 1, that it matched, and the bind command", async () => {
    configs.push(makeConfig(1, { name: "orders-db", origin: { scheme: "postgres", host: "db.example.com", port: 5432, database: "app", user: "app" } }));
    const file = join(dir, "wrangler.json");
    writeFileSync(file, '{ "name": "w" }\n');
    removeDuring("get", file);
    const r = await runCli(["apply", "orders-db", "--binding", "HD"], { cwd: dir });
    expect(r.code, r.all).toBe(1);
    expect(r.stderr).toContain(
      `binding HD was not written. The config 'orders-db' (${configs[0].id}) already matched (nothing was sent); once the Worker has a wrangler config, write the binding with: hyperdrive bind orders-db --binding HD`,
    );
    expect(requests.filter((q) => q.method !== "GET")).toEqual([]);
  });

  it("bind: exit 1, and the same command to run once there is a config", async () => {
    configs.push(makeConfig(1, { name: "orders-db" }));
    const file = join(dir, "wrangler.jsonc");
    writeFileSync(file, '{ "name": "w" }\n');
    removeDuring("get", file);
    const r = await runCli(["bind", "orders-db"], { cwd: dir });
    expect(r.code, r.all).toBe(1);
    expect(r.stderr).toContain("binding HYPERDRIVE was not written. Once the Worker has a wrangler config, write it with: hyperdrive bind orders-db --binding HYPERDRIVE");
  });
});
