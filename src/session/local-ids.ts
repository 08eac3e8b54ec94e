// Which Hyperdrive config ids the local emulator (`--local`) made. Such an id exists only in .hyperdrive/ on this
// machine: a binding that holds one deploys a Worker bound to nothing. `--local` records every config it creates in
// `.hyperdrive/local-ids.json` beside the Worker's config (where its state lives), and the binding step and `check`
// read the record back. The record outlives the configs (a deleted emulator config's id may still sit in a binding);
// ids still in the emulator's state file count too, so configs made before the record existed are known as well.
import { dirname, join } from "node:path";
import { FileChangedError, realFiles, type FileIo } from "../wrangler-config/files";

export const LOCAL_DIR = ".hyperdrive";
export const LOCAL_IDS_FILE = join(LOCAL_DIR, "local-ids.json");
/** The emulator's state under --local (see LOCAL_STATE in the --local session). */
const LOCAL_STATE_FILE = join(LOCAL_DIR, "local-state.json");

export interface LocalIdRecord {
  id: string;
  name: string;
  created_on: string;
}

interface RecordFile {
  version: 1;
  configs: LocalIdRecord[];
}

/** The folder whose .hyperdrive/ holds the record: the Worker config's folder, else the working directory. */
export function localDirFor(configPath: string | undefined, cwd: string): string {
  return configPath ? dirname(configPath) : cwd;
}

async function readIfExists(files: FileIo, path: string): Promise<string | null> {
  try {
    return await files.readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return null;
    throw error;
  }
}

function parseRecord(text: string | null): LocalIdRecord[] {
  if (text === null) return [];
  try {
    const parsed = JSON.parse(text) as Partial<RecordFile>;
    if (!Array.isArray(parsed.configs)) return [];
    return parsed.configs.filter((c): c is LocalIdRecord => typeof c?.id === "string" && typeof c?.name === "string");
  } catch {
    return [];
  }
}

/**
 * Adds configs to the record in `<dir>/.hyperdrive/local-ids.json` (a config already there keeps its entry). The file
 * is replaced atomically; a concurrent writer is retried against, so neither loses the other's ids.
 */
export async function recordLocalIds(dir: string, configs: Array<{ id: string; name: string }>, files: FileIo = realFiles, now = new Date()): Promise<void> {
  const path = join(dir, LOCAL_IDS_FILE);
  const { mkdir } = await import("node:fs/promises");
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const original = await readIfExists(files, path);
    const known = parseRecord(original);
    const added = configs.filter((c) => !known.some((k) => k.id === c.id));
    if (added.length === 0) return;
    const record: RecordFile = {
      version: 1,
      configs: [...known, ...added.map((c) => ({ id: c.id, name: c.name, created_on: now.toISOString() }))],
    };
    try {
      await files.writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`, { expectedOriginal: original, mode: 0o644 });
      return;
    } catch (error) {
      if (!(error instanceof FileChangedError) || attempt >= 5) throw error;
    }
  }
}

/**
 * The ids the local emulator made, by id: the record, plus the configs in the emulator's state file. A missing or
 * unreadable file counts as empty: this only adds warnings.
 */
export async function readLocalIds(dir: string, files: FileIo = realFiles): Promise<Map<string, { name: string }>> {
  const ids = new Map<string, { name: string }>();
  const [record, state] = await Promise.all(
    [LOCAL_IDS_FILE, LOCAL_STATE_FILE].map((file) => readIfExists(files, join(dir, file)).catch(() => null)),
  );
  for (const c of parseRecord(record)) ids.set(c.id, { name: c.name });
  for (const c of parseRecord(state)) if (!ids.has(c.id)) ids.set(c.id, { name: c.name });
  return ids;
}
