// The `alchemy` infrastructure library's Cloudflare `Hyperdrive` resource (alchemy 0.94, run by scripts/alchemy-hyperdrive.mjs
// with Node 24 from the test-tools cache) against the emulator: create, update, adopt by name, delete — the emulator's
// state checked after each step. It runs when alchemy 0.94 and Node 24 are in the cache (`node scripts/test-tools.mjs
// --install alchemy`; .ci/run does so), and skips itself, saying why, otherwise. alchemy talks to loopback only: its
// telemetry is off (and pointed at a closed loopback port), its state is a folder of its own, HOME a throwaway one.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findTool, toolsRoot } from "../../scripts/test-tools.mjs";
import { publicOrigin, startTestEmulator, type TestEmulator } from "./helpers";

const alchemy = findTool("alchemy");
if (!alchemy.ok) console.warn(`Skipping the alchemy test: ${alchemy.reason}`);

const work = mkdtempSync(join(tmpdir(), "hd-alchemy-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Step {
  stateDir: string;
  phase: "up" | "destroy";
  props?: Record<string, unknown>;
}

/** One run of the alchemy program; `output` is the resource's output (the last stdout line) when it succeeded. */
function runAlchemy(t: TestEmulator, step: Step): Promise<{ code: number | null; text: string; output?: Record<string, any> }> {
  if (!alchemy.ok) throw new Error(alchemy.reason);
  return new Promise((resolve, reject) => {
    const child = spawn(alchemy.node, ["scripts/alchemy-hyperdrive.mjs", JSON.stringify(step)], {
      env: {
        PATH: process.env.PATH,
        HOME: work,
        HYPERDRIVE_TEST_TOOLS: toolsRoot(),
        CLOUDFLARE_BASE_URL: t.emulator.url,
        CLOUDFLARE_API_TOKEN: t.emulator.token,
        CLOUDFLARE_ACCOUNT_ID: t.emulator.accountId,
        ALCHEMY_TELEMETRY_DISABLED: "1",
        DO_NOT_TRACK: "1",
        ALCHEMY_TELEMETRY_API_URL: "http://127.0.0.1:9/",
        NO_COLOR: "1",
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const last = stdout.trimEnd().split("\n").pop() ?? "";
      resolve({ code, text: stdout + stderr, output: code === 0 && last.startsWith("{") ? JSON.parse(last) : undefined });
    });
  });
}

/** alchemy's origin: with a query string, which the API does not know and drops. */
const ORIGIN = { scheme: "postgres", host: "db.example.com", port: 5432, database: "shop", user: "shop_app", password: "alchemy-s3cret", query: "sslmode=require" };
const { password: _password, query: _query, ...ORIGIN_SHOWN } = ORIGIN;

describe.skipIf(!alchemy.ok)("alchemy 0.94's Hyperdrive resource against the emulator", () => {
  it("creates, updates, adopts an existing config by name, and deletes", async () => {
    const t = await startTestEmulator();
    const configs = async () => (await t.api("GET", `${t.account}/hyperdrive/configs`)).body.result as Array<Record<string, any>>;
    const state = join(work, "state");

    // Create: POST with the origin (origin.query and alchemy's own fields are dropped, as the API drops them).
    const created = await runAlchemy(t, { stateDir: state, phase: "up", props: { name: "alchemy-db", origin: ORIGIN, caching: { max_age: 120, stale_while_revalidate: 30 } } });
    expect(created.code, created.text).toBe(0);
    let all = await configs();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ name: "alchemy-db", origin: ORIGIN_SHOWN, caching: { disabled: false, max_age: 120, stale_while_revalidate: 30 } });
    expect(all[0].origin).not.toHaveProperty("query");
    expect(created.output).toMatchObject({ hyperdriveId: all[0].id, name: "alchemy-db" });
    // The connection test saw the password alchemy unwrapped from its secret; alchemy's state holds it encrypted only.
    expect(t.probe.mock.lastCall?.[0]).toMatchObject({ host: "db.example.com", database: "shop", user: "shop_app", password: "alchemy-s3cret" });
    const stateFiles = readdirSync(state, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(stateFiles.length).toBeGreaterThan(0);
    for (const file of stateFiles) expect(readFileSync(join(file.parentPath, file.name), "utf8")).not.toContain("alchemy-s3cret");
    const id = all[0].id;

    // Update: the same state, new caching → PUT of the whole config, same id.
    const updated = await runAlchemy(t, { stateDir: state, phase: "up", props: { name: "alchemy-db", origin: ORIGIN, caching: { disabled: true } } });
    expect(updated.code, updated.text).toBe(0);
    all = await configs();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id, name: "alchemy-db", origin: ORIGIN_SHOWN, caching: { disabled: true } });

    // A config made elsewhere, then declared in a fresh alchemy state under the same name.
    const existing = (
      await t.api("POST", `${t.account}/hyperdrive/configs`, { name: "shared-db", origin: publicOrigin({ host: "old.example.com" }) })
    ).body.result;
    const adoptState = join(work, "adopt-state");
    const refused = await runAlchemy(t, { stateDir: join(work, "refused-state"), phase: "up", props: { name: "shared-db", origin: ORIGIN } });
    expect(refused.code).not.toBe(0);
    expect(refused.text).toContain('Hyperdrive config "shared-db" already exists. Use adopt: true to adopt it.');
    expect((await configs()).find((c) => c.name === "shared-db")).toMatchObject({ id: existing.id, origin: { host: "old.example.com" } });

    // Adopt: POST answers 2017, alchemy finds the config by name in the list and PUTs its settings onto it.
    const adopted = await runAlchemy(t, { stateDir: adoptState, phase: "up", props: { name: "shared-db", origin: ORIGIN, caching: { max_age: 300 }, adopt: true } });
    expect(adopted.code, adopted.text).toBe(0);
    expect(adopted.output).toMatchObject({ hyperdriveId: existing.id, name: "shared-db" });
    all = await configs();
    expect(all).toHaveLength(2);
    expect(all.find((c) => c.name === "shared-db")).toMatchObject({ id: existing.id, origin: ORIGIN_SHOWN, caching: { max_age: 300 } });

    // Delete: destroying each stage deletes the config it holds, and only that one.
    const destroyed = await runAlchemy(t, { stateDir: state, phase: "destroy" });
    expect(destroyed.code, destroyed.text).toBe(0);
    expect((await configs()).map((c) => c.name)).toEqual(["shared-db"]);
    expect((await t.api("GET", `${t.account}/hyperdrive/configs/${id}`)).status).toBe(404);
    expect((await runAlchemy(t, { stateDir: adoptState, phase: "destroy" })).code).toBe(0);
    expect(await configs()).toEqual([]);

    // Every request (alchemy's, and this test's own reads) went to a config route the emulator serves: alchemy needs no
    // other endpoint when the token and the account come from the environment.
    const routes = new Set(
      t.logs
        .map((line) => /^(GET|POST|PUT|PATCH|DELETE) (\S+) (\d{3})/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => `${m[1]} ${m[2].replace(t.emulator.accountId, ":account").replace(/[0-9a-f]{32}/, ":id")} ${m[3]}`),
    );
    expect([...routes].sort()).toEqual(
      [
        "DELETE /client/v4/accounts/:account/hyperdrive/configs/:id 200",
        "GET /client/v4/accounts/:account/hyperdrive/configs 200",
        "GET /client/v4/accounts/:account/hyperdrive/configs/:id 404",
        "POST /client/v4/accounts/:account/hyperdrive/configs 200",
        "POST /client/v4/accounts/:account/hyperdrive/configs 400",
        "PUT /client/v4/accounts/:account/hyperdrive/configs/:id 200",
      ].sort(),
    );
  }, 240_000);
});
