// Which Hyperdrive config ids the local emulator (`--local`) made. Such an id exists only in .hyperdrive/ on this
// machine: a binding that holds one deploys a Worker bound to nothing. `--local` records every config it creates as
// one small file, `.hyperdrive/local-ids/<id>.json`, beside the Worker's config (where its state lives): one file per
// id needs no read-modify-write, so parallel `--local` runs cannot lose each other's ids. The binding step and `check`
// read the record back. It outlives the configs (a deleted emulator config's id may still sit in a binding); ids
// still in the emulator's state file count too, so configs made before the record existed are known as well.
import { dirname, join } from "node:path";
import { LOCAL_STATE } from "./local";

export const LOCAL_IDS_DIR = join(dirname(LOCAL_STATE), "local-ids");

export interface LocalIdRecord {
  id: string;
  name: string;
  created_on: string;
}

/** The folder whose .hyperdrive/ holds the record: the Worker config's folder, else the working directory. */
export function localDirFor(configPath: string | undefined, cwd: string): string {
  return configPath ? dirname(configPath) : cwd;
}

/** Adds configs to the record under `<dir>/.hyperdrive/local-ids/`; a config already recorded keeps its entry. */
export async function recordLocalIds(dir: string, configs: Array<{ id: string; name: string }>, now = new Date()): Promise<void> {
  const { mkdir, writeFile } = await import("node:fs/promises");
  const folder = join(dir, LOCAL_IDS_DIR);
  await mkdir(folder, { recursive: true });
  for (const { id, name } of configs) {
    if (!/^[\w-]+$/.test(id)) continue; // not a name a file can have; the emulator's ids always are
    const record: LocalIdRecord = { id, name, created_on: now.toISOString() };
    try {
      await writeFile(join(folder, `${id}.json`), `${JSON.stringify(record)}\n`, { flag: "wx", mode: 0o644 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isRecord = (c: unknown): c is { id: string; name: string } =>
  typeof c === "object" && c !== null && typeof (c as LocalIdRecord).id === "string" && typeof (c as LocalIdRecord).name === "string";

/**
 * The ids the local emulator made, by id: the record, plus the configs in the emulator's state file. Missing or
 * unreadable files count as empty: this only adds warnings.
 */
export async function readLocalIds(dir: string): Promise<Map<string, { name: string }>> {
  const { readdir, readFile } = await import("node:fs/promises");
  const ids = new Map<string, { name: string }>();
  const folder = join(dir, LOCAL_IDS_DIR);
  const names = await readdir(folder).catch(() => [] as string[]);
  const records = await Promise.all(names.filter((n) => n.endsWith(".json")).map((n) => readFile(join(folder, n), "utf8").catch(() => "")));
  for (const record of records.map(parse)) if (isRecord(record)) ids.set(record.id, { name: record.name });
  const state = parse(await readFile(join(dir, LOCAL_STATE), "utf8").catch(() => "")) as { configs?: unknown } | undefined;
  for (const c of Array.isArray(state?.configs) ? state.configs : []) if (isRecord(c) && !ids.has(c.id)) ids.set(c.id, { name: c.name });
  return ids;
}
