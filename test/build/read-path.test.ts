// What the commands that scripts call in loops really load, seen from runs of the built CLI against the emulator:
// the files required besides dist/cli.cjs (require.cache) and Node's built-in modules (process.moduleLoadList), both
// written at exit by a preloaded script. The config-file parsers (dist/vendor/) and node:child_process cost
// milliseconds of every start and are needed by none of these commands; `create` needs the parsers only when there is
// a wrangler config to edit, and there is none here (issue 7, scripts/bench.mjs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator, type Emulator } from "../../src/emulator";

const BIN = fileURLToPath(new URL("../../bin/hyperdrive.js", import.meta.url));
let emulator: Emulator;
let work: string;
let id: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, skipOriginCheck: true });
  work = mkdtempSync(join(tmpdir(), "hyperdrive-read-path-"));
  writeFileSync(
    join(work, "preload.cjs"),
    `process.on("exit", () => require("node:fs").writeFileSync(process.env.LOADED_FILE, JSON.stringify({ builtins: process.moduleLoadList, files: Object.keys(require.cache) })));`,
  );
  const res = await fetch(`${emulator.url}/accounts/${emulator.accountId}/hyperdrive/configs`, {
    method: "POST",
    headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "orders", origin: { scheme: "postgres", host: "db.example.com", port: 5432, database: "app", user: "app", password: "pw" } }),
  });
  id = ((await res.json()) as { result: { id: string } }).result.id;
});
afterAll(async () => {
  await emulator?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number; stdout: string; files: string[]; builtins: string[] }> {
  const loadedFile = join(work, "loaded.json");
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: work,
    LOADED_FILE: loadedFile,
    CLOUDFLARE_API_BASE_URL: emulator.url,
    CLOUDFLARE_API_TOKEN: emulator.token,
    CLOUDFLARE_ACCOUNT_ID: emulator.accountId,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, ["--require", join(work, "preload.cjs"), BIN, ...args], { env, cwd: work }, (err, stdout) => {
      const loaded = JSON.parse(readFileSync(loadedFile, "utf8")) as { builtins: string[]; files: string[] };
      resolve({ code: err ? Number(err.code) : 0, stdout, files: loaded.files.filter((f) => f !== join(work, "preload.cjs")), builtins: loaded.builtins });
    });
  });
}

describe.each([
  ["list --json", () => ["list", "--json"], () => id],
  ["get <name>", () => ["get", "orders"], () => id],
  ["update <id> --max-age 30 --json", () => ["update", id, "--max-age", "30", "--json"], () => id],
  ["create <name> … --json, no wrangler config", () => ["create", "fresh", "--connection-string", "postgres://u:pw@db.example.com/app", "--json"], () => '"fresh"'],
])("%s", (_, args, expected) => {
  let result: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    result = await run(args());
  });

  it("succeeds, having required nothing but the launcher: dist/cli.cjs is compiled by the launcher itself", () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(expected());
    expect(result.files).toEqual([BIN]);
  });

  it("does not load node:child_process (commander asks for it; it gets it only if used)", () => {
    expect(result.builtins).toContain("NativeModule http");
    expect(result.builtins).not.toContain("NativeModule child_process");
  });
});

describe("the width library of tables (fast-string-truncated-width)", () => {
  const loads = (files: string[]) => files.some((file) => file.endsWith("/dist/vendor/fast-string-truncated-width.cjs"));

  it("is loaded by a table printed for a person, never by --json or a key/value view", async () => {
    const table = await run(["list"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^id\s+name/);
    expect(loads(table.files)).toBe(true);
    for (const args of [["list", "--json"], ["get", "orders"]]) {
      const r = await run(args);
      expect(r.code).toBe(0);
      expect(loads(r.files), args.join(" ")).toBe(false);
    }
  });
});
