// Shared test helpers: fixture access, a line diff, temporary folders.
import { mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import type { ConfigFormat } from "../../src/wrangler-config/locate";

const FIXTURES = fileURLToPath(new URL("../fixtures/wrangler-config", import.meta.url));

export const readInput = (name: string) => readFileSync(join(FIXTURES, "input", name), "utf8");
export const readExpected = (name: string) => readFileSync(join(FIXTURES, "expected", name), "utf8");
export const inputPath = (name: string) => join(FIXTURES, "input", name);

export function formatOf(name: string): ConfigFormat {
  return name.endsWith(".toml") ? "toml" : name.endsWith(".jsonc") ? "jsonc" : "json";
}

/**
 * The one region where two texts differ, by lines: what is left after removing the longest common run of lines at
 * the start and at the end. Every line outside `removed` is kept byte for byte and in place.
 */
export function changedRegion(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split("\n");
  const b = after.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return { removed: a.slice(start, a.length - end), added: b.slice(start, b.length - end) };
}

/** A fresh folder under the OS temp dir, removed after the test. */
export function useTempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), "hyperdrive-wrangler-config-"));
    dirs.push(dir);
    return dir;
  };
}
