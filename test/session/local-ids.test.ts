// The record of ids the local emulator made (.hyperdrive/local-ids.json beside the Worker's config).
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { localDirFor, readLocalIds, recordLocalIds } from "../../src/session/local-ids";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), "hd-local-ids-"));
  dirs.push(d);
  return d;
};
const A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

describe("local ids", () => {
  it("records ids once each, as .hyperdrive/local-ids/<id>.json, and reads them back", async () => {
    const dir = await tempDir();
    const now = new Date("2026-12-01T12:00:00Z");
    await recordLocalIds(dir, [{ id: A, name: "orders" }], now);
    await recordLocalIds(dir, [{ id: A, name: "renamed" }, { id: B, name: "users" }], now);
    expect(JSON.parse(await readFile(join(dir, ".hyperdrive", "local-ids", `${A}.json`), "utf8"))).toEqual({
      id: A,
      name: "orders",
      created_on: "2026-12-01T12:00:00.000Z",
    });
    expect(await readLocalIds(dir)).toEqual(new Map([[A, { name: "orders" }], [B, { name: "users" }]]));
  });

  it("concurrent recorders keep each other's ids", async () => {
    const dir = await tempDir();
    const ids = Array.from({ length: 6 }, (_, i) => String(i).repeat(32));
    await Promise.all(ids.map((id, i) => recordLocalIds(dir, [{ id, name: `c${i}` }])));
    expect([...(await readLocalIds(dir)).keys()].sort()).toEqual(ids);
  });

  it("also knows the configs in the emulator's state file; a missing or broken file is empty", async () => {
    const dir = await tempDir();
    expect(await readLocalIds(dir)).toEqual(new Map());
    await mkdir(join(dir, ".hyperdrive"));
    await writeFile(join(dir, ".hyperdrive", "local-state.json"), JSON.stringify({ version: 1, configs: [{ id: B, name: "users" }], certificates: [] }));
    await mkdir(join(dir, ".hyperdrive", "local-ids"));
    await writeFile(join(dir, ".hyperdrive", "local-ids", `${A}.json`), "{not json");
    expect(await readLocalIds(dir)).toEqual(new Map([[B, { name: "users" }]]));
  });

  it("lives beside the Worker's config, else in the working directory", () => {
    expect(localDirFor("/w/app/wrangler.toml", "/w")).toBe("/w/app");
    expect(localDirFor(undefined, "/w")).toBe("/w");
  });
});
