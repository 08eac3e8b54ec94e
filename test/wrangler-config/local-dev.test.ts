// What wrangler dev 4.164 will make of a binding: where it finds the local connection string (its .env order, the
// shell, the config), and the warnings of the binding step (items 2, 3, 6, 7 and 8 of the local-development issue).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLocalDevEntry } from "../../src/wrangler-config/document";
import { findLocalConnectionString, localDevReport, type LocalDevContext } from "../../src/wrangler-config/local-dev";
import { useTempDirs } from "./helpers";

const tempDir = useTempDirs();
const KEY = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB";
const OLD_KEY = "WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB";
const ID = "7d793037a0760186574b0282f2f435e7";

describe("findLocalConnectionString (wrangler's order)", () => {
  it("without --env: .env.local beats .env; .env.<env> files are not read", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, ".env.staging"), `${KEY}=postgres://s\n`);
    expect(await findLocalConnectionString({ dir, binding: "DB" })).toBeUndefined();
    await writeFile(join(dir, ".env"), `${KEY}=postgres://a\n`);
    expect(await findLocalConnectionString({ dir, binding: "DB" })).toEqual({ kind: "file", variable: KEY, path: join(dir, ".env") });
    await writeFile(join(dir, ".env.local"), `${KEY}=postgres://b\n`);
    expect(await findLocalConnectionString({ dir, binding: "DB" })).toEqual({ kind: "file", variable: KEY, path: join(dir, ".env.local") });
  });

  it("with --env: .env.<env>.local > .env.<env> > .env.local > .env", async () => {
    const dir = await tempDir();
    const at = async (name: string) => {
      await writeFile(join(dir, name), `${KEY}=postgres://${name}\n`);
      return (await findLocalConnectionString({ dir, binding: "DB", env: "staging" }))?.kind === "file"
        ? ((await findLocalConnectionString({ dir, binding: "DB", env: "staging" })) as { path: string }).path
        : undefined;
    };
    expect(await at(".env")).toBe(join(dir, ".env"));
    expect(await at(".env.local")).toBe(join(dir, ".env.local"));
    expect(await at(".env.staging")).toBe(join(dir, ".env.staging"));
    expect(await at(".env.staging.local")).toBe(join(dir, ".env.staging.local"));
  });

  it("a non-empty shell value wins; an empty one, or an empty file value, counts as unset", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, ".env"), `${KEY}=\n`);
    expect(await findLocalConnectionString({ dir, binding: "DB", processEnv: { [KEY]: "" } })).toBeUndefined();
    expect(await findLocalConnectionString({ dir, binding: "DB", processEnv: { [KEY]: "postgres://x" } })).toEqual({ kind: "environment", variable: KEY });
  });

  it("falls back to the deprecated WRANGLER_ name, then localConnectionString, then remote: true", async () => {
    const dir = await tempDir();
    const entry = { binding: "DB", id: ID, localConnectionString: { hasPassword: true }, remote: true };
    expect(await findLocalConnectionString({ dir, binding: "DB", entry })).toEqual({ kind: "config" });
    expect(await findLocalConnectionString({ dir, binding: "DB", entry: { ...entry, localConnectionString: undefined } })).toEqual({ kind: "remote" });
    await writeFile(join(dir, ".env"), `${OLD_KEY}=postgres://old\n`);
    expect(await findLocalConnectionString({ dir, binding: "DB", entry })).toEqual({ kind: "file", variable: OLD_KEY, path: join(dir, ".env") });
  });
});

describe("readLocalDevEntry", () => {
  it("says whether the binding has a localConnectionString with a password, never its value; reads remote and secrets", () => {
    const text = `{
      "hyperdrive": [{ "binding": "DB", "id": "${ID}", "localConnectionString": "postgres://u:hunter2@localhost/db" }],
      "env": { "staging": { "secrets": { "required": ["API_KEY"] },
        "hyperdrive": [{ "binding": "DB", "id": "${ID}", "localConnectionString": "postgres://u@localhost/db", "remote": true }] } }
    }`;
    const top = readLocalDevEntry(text, "jsonc", "DB");
    expect(top).toEqual({ entry: { binding: "DB", id: ID, localConnectionString: { hasPassword: true }, remote: false }, declaresSecrets: undefined });
    expect(JSON.stringify(top)).not.toContain("hunter2");
    expect(readLocalDevEntry(text, "jsonc", "DB", "staging")).toEqual({
      entry: { binding: "DB", id: ID, localConnectionString: { hasPassword: false }, remote: true },
      declaresSecrets: ["API_KEY"],
    });
    expect(readLocalDevEntry(text, "jsonc", "OTHER").entry).toBeUndefined();
  });
});

describe("localDevReport", () => {
  async function context(extra: Partial<LocalDevContext> = {}): Promise<LocalDevContext> {
    const dir = extra.dir ?? (await tempDir());
    return { dir, cwd: dir, configPath: join(dir, "wrangler.jsonc"), binding: "DB", id: ID, setCommand: "hyperdrive bind orders --binding DB", ...extra };
  }

  it("no local string anywhere: wrangler dev will not start, with the exact command to set one (MySQL example for MySQL)", async () => {
    const c = await context({ env: "staging", scheme: "mysql", setCommand: "hyperdrive bind orders --binding DB --env staging" });
    const report = await localDevReport(c);
    expect(report).toEqual({
      variable: KEY,
      source: "none",
      warnings: [
        {
          code: "no-local-connection-string",
          message:
            `wrangler dev --env staging will not start: binding DB has no local connection string (${KEY} in .env.staging, or localConnectionString in wrangler.jsonc). ` +
            "Set one with: hyperdrive bind orders --binding DB --env staging --local-connection-string mysql://USER:PASSWORD@localhost:3306/DATABASE",
        },
      ],
    });
  });

  it("--env with only the top level's string in .env: wrangler dev --env would use the top level's database", async () => {
    const c = await context({ env: "staging", setCommand: "hyperdrive bind orders --binding DB --env staging" });
    await writeFile(join(c.dir, ".env"), `${KEY}=postgres://u:p@localhost/top\n`);
    expect((await localDevReport(c)).warnings).toEqual([
      {
        code: "top-level-string",
        message:
          "Binding DB of env staging has no local connection string of its own: wrangler dev --env staging would take the one in .env, " +
          "the top level's database. Set one with: hyperdrive bind orders --binding DB --env staging --local-connection-string URL",
      },
    ]);
    await writeFile(join(c.dir, ".env.staging"), `${KEY}=postgres://u:p@localhost/staging\n`);
    expect((await localDevReport(c)).warnings).toEqual([]);
  });

  it("found in a .env file beside the config while the user is elsewhere: run wrangler dev from that folder", async () => {
    const cwd = await tempDir();
    const dir = join(cwd, "apps", "api");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, ".env"), `${KEY}=postgres://u:p@localhost/db\n`);
    const report = await localDevReport(await context({ dir, cwd, configPath: join(dir, "wrangler.jsonc") }));
    expect(report.source).toBe("file");
    expect(report.warnings).toEqual([
      { code: "run-from", message: "wrangler dev reads .env from the folder it runs in, not the config's: run wrangler dev from apps/api (or add --cwd apps/api)." },
    ]);
    // From the config's folder, nothing to say.
    expect((await localDevReport(await context({ dir, configPath: join(dir, "wrangler.jsonc") }))).warnings).toEqual([]);
  });

  it("a localConnectionString shadowed by .env is flagged, louder when it holds a password", async () => {
    const c = await context({ entry: { binding: "DB", id: ID, localConnectionString: { hasPassword: true }, remote: false } });
    await writeFile(join(c.dir, ".env"), `${KEY}=postgres://u:p@localhost/db\n`);
    expect((await localDevReport(c)).warnings).toEqual([
      {
        code: "stale-local-connection-string",
        message:
          `Binding DB in wrangler.jsonc still has a localConnectionString, which wrangler dev ignores (${KEY} in .env wins); ` +
          "it holds a database password in a file that is usually committed: remove it from wrangler.jsonc.",
      },
    ]);
    const noPassword = await localDevReport({ ...c, entry: { binding: "DB", id: ID, localConnectionString: { hasPassword: false }, remote: false } });
    expect(noPassword.warnings[0].message).toMatch(/wins\): remove it from wrangler.jsonc so nobody edits the wrong one\.$/);
    // Not shadowed: it is the one in use, nothing stale.
    const inUse = await localDevReport({ ...(await context()), entry: { binding: "DB", id: ID, localConnectionString: { hasPassword: true }, remote: false } });
    expect(inUse).toMatchObject({ source: "config", warnings: [] });
  });

  it("the first local string in a .env: wrangler dev hands .env to the Worker as secrets, unless .dev.vars exists or it is turned off", async () => {
    const c = await context();
    await writeFile(join(c.dir, ".env"), `${KEY}=postgres://u:p@localhost/db\n`);
    const first = { firstInFile: { path: join(c.dir, ".env") } };
    expect((await localDevReport({ ...c, ...first })).warnings).toEqual([
      {
        code: "dotenv-secrets",
        message:
          `Without a .dev.vars file, wrangler dev also hands .env to the Worker as secrets: env.${KEY} (with its password) is readable by the Worker ` +
          "and appears in `wrangler types`. To avoid it, create an empty .dev.vars or set CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV=false.",
      },
    ]);
    expect((await localDevReport({ ...c })).warnings).toEqual([]); // not the first: said before
    expect((await localDevReport({ ...c, ...first, processEnv: { CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: "FALSE" } })).warnings).toEqual([]);
    expect((await localDevReport({ ...c, ...first, declaresSecrets: ["API_KEY"] })).warnings).toEqual([]);
    await writeFile(join(c.dir, ".dev.vars.staging"), "");
    expect((await localDevReport({ ...c, ...first, env: "staging" })).warnings.map((w) => w.code)).not.toContain("dotenv-secrets");
    await writeFile(join(c.dir, ".dev.vars"), "");
    expect((await localDevReport({ ...c, ...first })).warnings).toEqual([]);
  });

  it("an id the local emulator made is flagged, with its name", async () => {
    const c = await context({ processEnv: { [KEY]: "postgres://u:p@localhost/db" }, localIds: new Map([[ID, { name: "orders" }]]) });
    expect((await localDevReport(c)).warnings).toEqual([
      {
        code: "local-emulator-id",
        message:
          `DB → ${ID} is a config of the local emulator (--local), not of your Cloudflare account: a deploy with this binding would fail. ` +
          "Before deploying, create 'orders' without --local and bind it (hyperdrive bind orders --binding DB).",
      },
    ]);
    expect((await localDevReport({ ...c, localIds: new Map() })).warnings).toEqual([]);
  });
});
