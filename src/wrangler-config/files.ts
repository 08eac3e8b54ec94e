// The two disk operations of an edit: read a file as exact UTF-8 text, and replace it atomically if nobody else did.
import { chmod, chown, open, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { basename, dirname, join } from "node:path";
import { CliError } from "../errors";

/** The file changed (or appeared, or vanished) between our read and our write; we did not overwrite it. */
export class FileChangedError extends CliError {
  readonly path: string;
  constructor(path: string) {
    super(`${path} changed on disk after it was read; it was not overwritten.`);
    this.path = path;
  }
}

export interface WriteOptions {
  /** What the file held when it was read; null when it did not exist. */
  expectedOriginal: string | null;
  /** Mode of a file that does not exist yet (an existing file keeps its own). */
  mode?: number;
}

/** The file I/O an edit needs; tests and callers may replace either. */
export interface FileIo {
  readFile(path: string): Promise<string>;
  writeFileAtomic(path: string, text: string, options: WriteOptions): Promise<void>;
}

/** The file as text, BOM included. Refuses bytes that are not UTF-8, which a rewrite would corrupt. */
export async function readTextFile(path: string): Promise<string> {
  const bytes = await readFile(path);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CliError(`${path} is not UTF-8 text.`);
  }
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readTextFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Writes a temporary file beside the target, then renames it over the target: readers see the old file or the new
 * one, never half of one. A symbolic link is followed (the link stays a link). Throws FileChangedError, leaving the
 * file alone, when its content is no longer `expectedOriginal`.
 */
export async function writeFileAtomic(path: string, text: string, { expectedOriginal, mode }: WriteOptions): Promise<void> {
  const target = await realpath(path).catch(() => path);
  const existing = await stat(target).catch(() => undefined);
  const fileMode = existing ? existing.mode & 0o7777 : mode;
  const { randomBytes } = await import("node:crypto");
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temporary, "wx", fileMode);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (existing) await keepOwner(temporary, existing); // before chmod: a chown may clear the setuid and setgid bits
    if (fileMode !== undefined) await chmod(temporary, fileMode); // open's mode is masked by the umask
    if ((await readIfExists(target)) !== expectedOriginal) throw new FileChangedError(path);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Gives the temporary file the target's owner and group, which a rename would otherwise replace with ours: under sudo,
 * a user's config would become root's. Only root may give a file away; for anyone else EPERM is expected and the file
 * is already theirs. EINVAL: the owner has no id in this user namespace (a rootless container); keep ours.
 */
async function keepOwner(temporary: string, { uid, gid }: Stats): Promise<void> {
  const created = await stat(temporary);
  if (created.uid === uid && created.gid === gid) return;
  try {
    await chown(temporary, uid, gid);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "EINVAL") throw error;
  }
}

export const realFiles: FileIo = { readFile: readTextFile, writeFileAtomic };
