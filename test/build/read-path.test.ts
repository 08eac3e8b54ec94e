// What the commands that scripts call in loops really load, seen from runs of the built CLI against the emulator:
// the bundle's files (NODE_DEBUG=esm names each one it loads) and Node's built-in modules (process.moduleLoadList,
// written at exit by a preloaded script). zod, the config-file parsers and node:child_process cost milliseconds of
// every start and are needed by none of these commands; `create` needs the parsers only when there is a wrangler
// config to edit, and there is none here (issue 7, scripts/bench.mjs).
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
  writeFileSync(join(work, "preload.cjs"), `process.on("exit", () => require("node:fs").writeFileSync(process.env.BUILTINS_FILE, process.moduleLoadList.join("\\n")));`);
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
  const builtinsFile = join(work, "builtins.txt");
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: work,
    NODE_DEBUG: "esm",
    BUILTINS_FILE: builtinsFile,
    CLOUDFLARE_API_BASE_URL: emulator.url,
    CLOUDFLARE_API_TOKEN: emulator.token,
    CLOUDFLARE_ACCOUNT_ID: emulator.accountId,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, ["--require", join(work, "preload.cjs"), BIN, ...args], { env, cwd: work }, (err, stdout, stderr) => {
      const files = [...new Set(stderr.match(/file:\/\/\S*?\/dist\/\S+?\.js/g) ?? [])].map((u) => fileURLToPath(u));
      resolve({ code: err ? Number(err.code) : 0, stdout, files, builtins: readFileSync(builtinsFile, "utf8").split("\n") });
    });
  });
}

// For list and get, also: the modules of the writing commands, and how many files are read (the entry, the one chunk of
// its modules, and the response validators, imported while the request is on its way: scripts/build.mjs).
const READ_ONLY = { files: 3, absent: ["src/commands/create.ts", "src/commands/update.ts", "src/commands/binding-step.ts", "src/origin/body.ts", "src/origin/connection-string.ts"] };

describe.each([
  ["list --json", () => ["list", "--json"], () => id, READ_ONLY],
  ["get <name>", () => ["get", "orders"], () => id, READ_ONLY],
  ["update <id> --max-age 30 --json", () => ["update", id, "--max-age", "30", "--json"], () => id, undefined],
  ["create <name> … --json, no wrangler config", () => ["create", "fresh", "--connection-string", "postgres://u:pw@db.example.com/app", "--json"], () => '"fresh"', undefined],
])("%s", (_, args, expected, readOnly) => {
  let result: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    result = await run(args());
  });

  it("succeeds, having loaded the bundle's entry and the command's chunk", () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(expected());
    expect(result.files.some((f) => f.endsWith("/dist/cli.js"))).toBe(true);
    expect(result.files.length).toBeGreaterThan(2);
  });

  it.each(["zod", "toml", "jsonc-parser"])("does not load %s", (pkg) => {
    for (const file of result.files) expect(readFileSync(file, "utf8"), file).not.toContain(`// node_modules/${pkg}/`);
  });

  it.runIf(readOnly !== undefined)("reads only the entry, its chunk and the validators, none of the writing commands' code", () => {
    expect(result.files).toHaveLength(readOnly!.files);
    expect(result.files.some((f) => /\/dist\/chunks\/validators-\w+\.js$/.test(f))).toBe(true);
    const text = result.files.map((file) => readFileSync(file, "utf8")).join("\n");
    for (const path of readOnly!.absent) expect(text).not.toContain(`// ${path}`);
  });

  it("does not load node:child_process (commander asks for it; it gets it only if used)", () => {
    expect(result.builtins).toContain("NativeModule http");
    expect(result.builtins).not.toContain("NativeModule child_process");
  });
});

describe("the width library of tables (fast-string-truncated-width)", () => {
  const loads = (files: string[]) => files.some((file) => readFileSync(file, "utf8").includes("// node_modules/fast-string-truncated-width/"));

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
