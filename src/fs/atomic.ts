// Reading a user's file as exact text, and replacing it so that nothing is lost: readers see the old file or the new
// one, never half of one; a file changed by someone else since it was read is left alone; symbolic links are written
// through (even a dangling one: its target is created), hard links stay linked, mode and owner are kept, a read-only
// file is refused, and the temporary file (0600, removed on every exit path, Ctrl-C included) never outlives the write.
import { access, chmod, chown, constants, open, readFile, readlink, rename, rm, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CliError } from "../errors";
import { removeOnExit } from "./exit-cleanup";

/** The file changed (or appeared, or vanished) between our read and our write; we did not overwrite it. */
export class FileChangedError extends CliError {
  readonly path: string;
  constructor(path: string) {
    super(`${path} changed on disk after it was read; it was not overwritten.`);
    this.path = path;
  }
}

/** The file is read-only (or not writable by us): it is not replaced behind its owner's back. */
export class ReadOnlyFileError extends CliError {
  readonly path: string;
  /** The file's permission bits in octal, e.g. "0444". */
  readonly mode: string;
  constructor(path: string, mode: number) {
    const octal = (mode & 0o7777).toString(8).padStart(4, "0");
    super(`${path} is read-only (mode ${octal}) for this user; it was not changed.`, {
      hint: `Make it writable (chmod u+w ${path}) and run the command again, or add the change by hand.`,
    });
    this.path = path;
    this.mode = octal;
  }
}

export interface WriteOptions {
  /** What the file held when it was read; null when it did not exist. Omitted: no comparison (the caller owns the file). */
  expectedOriginal?: string | null;
  /** Mode of a file that does not exist yet (an existing file keeps its own). */
  mode?: number;
  /** Mode the file gets even when it exists with another (the emulator's state, which holds secrets: 0600). */
  forceMode?: number;
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

export async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readTextFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Where a write to `path` lands: the end of its chain of symbolic links, which may not exist yet. */
export async function resolveWriteTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops <= 40; hops++) {
    let link: string;
    try {
      link = await readlink(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EINVAL" || code === "ENOENT" || code === "UNKNOWN") return current; // not a link, or nothing there
      throw error;
    }
    current = resolve(dirname(current), link);
  }
  throw new CliError(`${path}: too many levels of symbolic links.`);
}

/** `dir/.name.<hex>.tmp` (`dir/.env.<hex>.tmp` for a dotfile, which `.env*` ignore patterns match). */
export function temporaryPathFor(target: string, unique: string): string {
  const name = basename(target);
  return join(dirname(target), `${name.startsWith(".") ? "" : "."}${name}.${unique}.tmp`);
}

/**
 * Replaces `path` with `text`: a temporary file beside the target, synced, then renamed over it. Throws
 * FileChangedError, leaving the file alone, when its content is no longer `expectedOriginal`, and ReadOnlyFileError
 * for a file without write permission. A file with other hard links is rewritten in place, so the links stay one file.
 */
export async function writeFileAtomic(path: string, text: string, { expectedOriginal, mode, forceMode }: WriteOptions = {}): Promise<void> {
  const target = await resolveWriteTarget(path);
  const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing) await refuseUnwritable(path, target, existing);
  const unchanged = async () => expectedOriginal === undefined || (await readIfExists(target)) === expectedOriginal;
  if (existing && existing.nlink > 1) {
    if (!(await unchanged())) throw new FileChangedError(path);
    return rewriteInPlace(target, text);
  }
  const fileMode = forceMode ?? (existing ? existing.mode & 0o7777 : mode);
  const { randomBytes } = await import("node:crypto");
  const temporary = temporaryPathFor(target, randomBytes(6).toString("hex"));
  const forget = removeOnExit(temporary);
  try {
    // 0600 while it is being written, whatever the file's final mode: it may hold a password.
    const handle = await open(temporary, "wx", 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Before chmod: a chown may clear the setuid and setgid bits. A file we cannot give its owner back (another
    // user's, group-writable) is rewritten in place instead, so that it stays theirs.
    if (existing && !(await keepOwner(temporary, existing))) {
      await rm(temporary, { force: true });
      if (!(await unchanged())) throw new FileChangedError(path);
      return await rewriteInPlace(target, text);
    }
    if (fileMode !== undefined) await chmod(temporary, fileMode);
    if (!(await unchanged())) throw new FileChangedError(path);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    forget();
  }
  await syncFolder(dirname(target));
}

async function refuseUnwritable(path: string, target: string, existing: Stats): Promise<void> {
  if (!existing.isFile()) throw new CliError(`${path} is not a regular file; it was not changed.`);
  // Root may write anything; a file nobody may write is still meant to stay as it is.
  if ((existing.mode & 0o222) === 0) throw new ReadOnlyFileError(path, existing.mode);
  try {
    await access(target, constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EACCES" || (error as NodeJS.ErrnoException).code === "EPERM") {
      throw new ReadOnlyFileError(path, existing.mode);
    }
    throw error;
  }
}

/** A hard-linked file: overwrite its bytes (all links see them), then cut it to length. Not atomic for readers. */
async function rewriteInPlace(target: string, text: string): Promise<void> {
  const handle = await open(target, "r+");
  try {
    const bytes = Buffer.from(text, "utf8");
    await handle.write(bytes, 0, bytes.length, 0);
    await handle.truncate(bytes.length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the rename itself durable; where a folder cannot be opened (Windows), the rename stands unsynced. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

/**
 * Gives the temporary file the target's owner and group, which a rename would otherwise replace with ours: under sudo,
 * a user's config would become root's. Only root may give a file away (EPERM otherwise); EINVAL: the owner has no id
 * in this user namespace (a rootless container). False when the temporary file could not be given them.
 */
async function keepOwner(temporary: string, { uid, gid }: Stats): Promise<boolean> {
  const created = await stat(temporary);
  if (created.uid === uid && created.gid === gid) return true;
  try {
    await chown(temporary, uid, gid);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "EINVAL") throw error;
    return false;
  }
}
