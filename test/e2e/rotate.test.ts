// `hyperdrive rotate`, the built CLI as a child process with --local (the emulator in-process, private origins allowed),
// against real PostgreSQL and MariaDB servers whose passwords the tests change, the way an operator rotates them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMariadb, startPostgres, type TestDatabase } from "../support/databases";
import { makeFixtureSet } from "../support/pki";
import { hyperdrive, SECRETS, url } from "./support";

let pg: TestDatabase;
let maria: TestDatabase;
let dir: string;

beforeAll(async () => {
  const f = await makeFixtureSet();
  const tls = { certPem: f.serverChain.content, keyPem: f.server.keyPem, caPem: f.rootCa.certPem };
  [pg, maria] = await Promise.all([startPostgres({ tls }), startMariadb({ tls })]);
  for (const db of [pg, maria]) SECRETS.add(db.password);
}, 180_000);

afterAll(async () => {
  await Promise.all([pg?.stop(), maria?.stop()]);
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hd-rotate-"));
  return () => rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[], o: { stdin?: string; env?: Record<string, string> } = {}) => hyperdrive(["--local", ...args], { cwd: dir, ...o, env: o.env ?? {} });

async function createFrom(name: string, db: TestDatabase, scheme: string, extra: string[] = []): Promise<{ id: string }> {
  const r = await run(["create", name, "--connection-string", "-", "--no-update-config", "--json", ...extra], { stdin: url(scheme, db) });
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return r.json();
}

let counter = 0;
/** A fresh password for `db`'s user, set at the database (as the operator would), registered as a secret. */
async function newPassword(db: TestDatabase): Promise<string> {
  const next = `R0tated-${++counter}-${db.password}`;
  SECRETS.add(next);
  await db.admin(db.scheme === "postgres" ? `ALTER ROLE "${db.user}" PASSWORD '${next}'` : `ALTER USER '${db.user}'@'%' IDENTIFIED BY '${next}'`);
  return next;
}

describe("in place", () => {
  it.each([
    ["PostgreSQL", () => pg, "postgres"],
    ["MariaDB", () => maria, "mysql"],
  ] as const)("%s: the password changed at the database, then rotate with it; the emulator's connection test passes", async (_, db, scheme) => {
    const config = await createFrom(`inplace-${scheme}`, db(), scheme);
    const before = (await run(["get", config.id, "--json"])).json();
    const next = await newPassword(db());
    try {
      // --preflight refuses a wrong new password from here: nothing is PATCHed (the config is not modified).
      SECRETS.add("not-the-password");
      const wrong = await run(["rotate", `inplace-${scheme}`, "--origin-password", "-", "--preflight"], { stdin: "not-the-password" });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/Preflight predicts Hyperdrive would refuse this origin: Invalid database credentials\. Nothing was sent\. \[code: 2013\]/);
      expect((await run(["get", config.id, "--json"])).json().modified_on).toBe(before.modified_on);

      // Without --preflight, Hyperdrive's own test refuses the old password: nothing changed, and it says so.
      const stale = await run(["rotate", config.id, "--origin-password", "-", "--no-preflight"], { stdin: db().password });
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(/was not changed: it still uses its old credentials/);
      expect(stale.stderr).toMatch(/\[code: 2013\]/);

      writeFileSync(join(dir, "new-password"), `${next}\n`);
      const ok = await run(["rotate", `inplace-${scheme}`, "--origin-password", "@new-password", "--preflight"]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stderr).toMatch(/Preflight: the origin looks acceptable to Hyperdrive/);
      expect(ok.stdout).toMatch(new RegExp(`^✔ Rotated the credentials of 'inplace-${scheme}' \\(${config.id}\\) in place`, "m"));
      expect(ok.stdout).toMatch(/origin password → changed/);
      expect(ok.stdout).toMatch(/run this again with --restart/);
      expect(ok.stdout).toMatch(/Next, at the database \(hyperdrive does not run SQL there\):/);
      const after = (await run(["get", config.id, "--json"])).json();
      expect(after.modified_on).not.toBe(before.modified_on);
      expect(after.restarted_on).toBeUndefined();
    } finally {
      await db().admin(db().scheme === "postgres" ? `ALTER ROLE "${db().user}" PASSWORD '${db().password}'` : `ALTER USER '${db().user}'@'%' IDENTIFIED BY '${db().password}'`);
    }
  });

  it("--restart sends the restart; --json is one document; env:NAME is a secret source", async () => {
    const config = await createFrom("restart-db", pg, "postgres");
    const next = await newPassword(pg);
    try {
      const r = await run(["rotate", "restart-db", "--origin-password", "env:NEW_DB_PASSWORD", "--restart", "--json"], { env: { NEW_DB_PASSWORD: next } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.json()).toEqual({ strategy: "in-place", old: { id: config.id, name: "restart-db" }, restarted: true, bindings: [] });
      expect((await run(["get", config.id, "--json"])).json().restarted_on).toEqual(expect.any(String));
    } finally {
      await pg.admin(`ALTER ROLE "${pg.user}" PASSWORD '${pg.password}'`);
    }
  });

  it("--dry-run shows the PATCH (password redacted) and the restart, and changes nothing", async () => {
    const config = await createFrom("dry-db", pg, "postgres");
    const before = (await run(["get", config.id, "--json"])).json();
    const r = await run(["rotate", config.id, "--origin-password", "-", "--restart", "--dry-run"], { stdin: "a-new-secret-value" });
    SECRETS.add("a-new-secret-value");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Dry run: nothing was changed/);
    expect(r.stdout).toMatch(new RegExp(`^PATCH http://\\S+/hyperdrive/configs/${config.id}$`, "m"));
    expect(r.stdout).toContain('"password": "<redacted>"');
    expect(r.stdout).toMatch(new RegExp(`^POST http://\\S+/configs/${config.id}/restart$`, "m"));
    expect(r.stdout).not.toContain("a-new-secret-value");
    const after = (await run(["get", config.id, "--json"])).json();
    expect(after.modified_on).toBe(before.modified_on);
    expect(after.restarted_on).toBeUndefined();
  });

  it("usage errors: no password without a terminal, a missing @file, an unset env:NAME, --name without --new-config", async () => {
    await createFrom("usage-db", pg, "postgres");
    const none = await run(["rotate", "usage-db"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--origin-password is missing/);
    const file = await run(["rotate", "usage-db", "--origin-password", "@nope.txt"]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/--origin-password @nope\.txt: cannot read .*nope\.txt \(no such file\)/);
    const env = await run(["rotate", "usage-db", "--origin-password", "env:NOT_SET_HERE"]);
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/the variable NOT_SET_HERE is not set/);
    const name = await run(["rotate", "usage-db", "--origin-password", "x", "--name", "other"]);
    expect(name.code).toBe(2);
    expect(name.stderr).toMatch(/--name names the new config: it goes with --new-config/);
    const restart = await run(["rotate", "usage-db", "--new-config", "--restart", "--origin-password", "x"]);
    expect(restart.code).toBe(2);
    expect(restart.stderr).toMatch(/--restart and --new-config cannot be used together/);
  });
});

const JSONC = (id: string) => `{
\t// the shop
\t"name": "shop",
\t"hyperdrive": [
\t\t{ "binding": "HYPERDRIVE", "id": "${id}" }, // main db
\t\t{ "binding": "OTHER", "id": "ffffffffffffffffffffffffffffffff" },
\t],
\t"env": {
\t\t"staging": {
\t\t\t"hyperdrive": [{ "binding": "DB", "id": "${id}" }],
\t\t},
\t},
}
`;

const TOML = (id: string) => `# the shop
name = "shop"

[[hyperdrive]]
binding = "HYPERDRIVE"
id = "${id}"   # main db

[[env.staging.hyperdrive]]
binding = "DB"
id = '${id}'

[[env.prod.hyperdrive]]
binding = "OTHER"
id = "ffffffffffffffffffffffffffffffff"
`;

describe("new config (blue/green)", () => {
  it.each([
    ["wrangler.jsonc", JSONC],
    ["wrangler.toml", TOML],
  ] as const)("%s: copies every setting, repoints the bindings in two envs byte for byte, leaves the old config", async (file, template) => {
    const old = await createFrom(`bg-${file.split(".")[1]}`, pg, "postgres", ["--max-age", "120", "--swr", "30", "--origin-connection-limit", "7", "--sslmode", "require"]);
    writeFileSync(join(dir, file), template(old.id));
    const next = await newPassword(pg);
    try {
      const r = await run(["rotate", old.id, "--new-config", "--origin-password", "env:PW", "--json"], { env: { PW: next } });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      const doc = r.json();
      const day = new Date().toISOString().slice(0, 10).replaceAll("-", "");
      expect(doc).toMatchObject({ strategy: "new-config", old: { id: old.id }, new: { name: `bg-${file.split(".")[1]}-${day}` }, restarted: false });
      const newId = doc.new.id;
      expect(doc.bindings).toEqual([
        { binding: "HYPERDRIVE", old: old.id, new: newId, file: join(dir, file), written: true },
        { env: "staging", binding: "DB", old: old.id, new: newId, file: join(dir, file), written: true },
      ]);
      expect(readFileSync(join(dir, file), "utf8")).toBe(template(old.id).replaceAll(old.id, newId));

      const copy = (await run(["get", newId, "--json"])).json();
      const original = (await run(["get", old.id, "--json"])).json();
      for (const key of ["origin", "caching", "mtls", "origin_connection_limit"]) expect(copy[key], key).toEqual(original[key]);
      expect(copy.caching).toEqual({ disabled: false, max_age: 120, stale_while_revalidate: 30 });
      expect(copy.origin_connection_limit).toBe(7);
    } finally {
      await pg.admin(`ALTER ROLE "${pg.user}" PASSWORD '${pg.password}'`);
    }
  });

  it("a taken name gets -2; --env repoints only that env; human output lists old → new and the next steps", async () => {
    const old = await createFrom("bg-env", pg, "postgres");
    const day = new Date().toISOString().slice(0, 10).replaceAll("-", "");
    await createFrom(`bg-env-${day}`, pg, "postgres");
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC(old.id));
    const r = await run(["rotate", "bg-env", "--new-config", "--origin-password", "-", "--env", "staging"], { stdin: pg.password });
    expect(r.code, r.stderr).toBe(0);
    const id = /^✔ Created 'bg-env-\d{8}-2' \(([0-9a-f]{32})\)/m.exec(r.stdout)?.[1];
    expect(id).toBeDefined();
    expect(r.stdout).toContain(`  env.staging  DB  ${old.id} → ${id}`);
    expect(r.stdout).toMatch(/^Next steps:$/m);
    // Run with --local, so each command it names carries --local.
    expect(r.stdout).toContain(`hyperdrive --local delete bg-env`);
    expect(r.stdout).toContain(`  hyperdrive --local bind bg-env --binding DB --env staging`);
    // The step it names does what it says: the repointed env's binding leads to the new config.
    expect(r.stdout).toContain("  1. Check the bindings before deploying: hyperdrive --local check   (exit 0: each points to a config of the account)");
    const checked = await run(["check", "--env", "staging", "--json"]);
    expect(checked.code, checked.stdout).toBe(0);
    expect(checked.json().bindings).toMatchObject([{ env: "staging", binding: "DB", id, target: { name: `bg-env-${day}-2` } }]);
    const text = readFileSync(join(dir, "wrangler.jsonc"), "utf8");
    expect(text).toBe(JSONC(old.id).replace(`[{ "binding": "DB", "id": "${old.id}" }]`, `[{ "binding": "DB", "id": "${id}" }]`));
    expect((await run(["get", old.id])).code).toBe(0);
  });

  it("--no-update-config prints the snippets and writes nothing; --dry-run sends no create", async () => {
    const old = await createFrom("bg-snip", pg, "postgres");
    writeFileSync(join(dir, "wrangler.toml"), TOML(old.id));
    const dry = await run(["rotate", "bg-snip", "--new-config", "--origin-password", "-", "--dry-run"], { stdin: pg.password });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^POST http:\S+\/hyperdrive\/configs$/m);
    expect(dry.stdout).toContain('"password": "<redacted>"');
    expect(dry.stdout).toContain(`Would edit ${join(dir, "wrangler.toml")}:`);
    expect(dry.stdout).toContain(`  env.staging  DB  ${old.id} → <new id>`);
    expect((await run(["list", "--json"])).json().map((c: { name: string }) => c.name)).toEqual(["bg-snip"]);

    const r = await run(["rotate", "bg-snip", "--new-config", "--name", "bg-snip-v2", "--origin-password", "-", "--no-update-config"], { stdin: pg.password });
    expect(r.code, r.stderr).toBe(0);
    const id = /^✔ Created 'bg-snip-v2' \(([0-9a-f]{32})\)/m.exec(r.stdout)![1];
    expect(r.stdout).toContain(`[[env.staging.hyperdrive]]\nbinding = "DB"\nid = "${id}"`);
    expect(readFileSync(join(dir, "wrangler.toml"), "utf8")).toBe(TOML(old.id));
  });

  it("failure paths: a refused create leaves nothing; an unwritable config leaves the new config, says so, exit 1", async () => {
    const old = await createFrom("bg-fail", pg, "postgres");
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC(old.id));
    const refused = await run(["rotate", "bg-fail", "--new-config", "--origin-password", "-", "--no-preflight"], { stdin: "wrong-password" });
    SECRETS.add("wrong-password");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Nothing was created; 'bg-fail' is unchanged\./);
    expect((await run(["list", "--json"])).json()).toHaveLength(1);
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(JSONC(old.id));

    // A file that no longer parses: the new config exists; its id and the snippets are printed.
    const broken = JSONC(old.id).replace('"name": "shop",', '"name": "shop",,');
    writeFileSync(join(dir, "wrangler.jsonc"), broken);
    const r = await run(["rotate", "bg-fail", "--new-config", "--origin-password", "-", "--json"], { stdin: pg.password });
    expect(r.code).toBe(1);
    const doc = r.json();
    expect(doc.new.id).toMatch(/^[0-9a-f]{32}$/);
    expect(doc.error).toMatch(/does not parse/);
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(broken);
    expect((await run(["get", doc.new.id])).code).toBe(0);
  });
});
