// The disk operations of an edit: read a file as exact UTF-8 text, lock it against other hyperdrive processes, and
// replace it atomically if nobody else changed it (src/fs/).
import { acquireLock, type FileLock } from "../fs/lock";
import { readTextFile, resolveWriteTarget, writeFileAtomic, type WriteOptions } from "../fs/atomic";

export { FileChangedError, ReadOnlyFileError, readTextFile, writeFileAtomic, type WriteOptions } from "../fs/atomic";
export { LockBusyError } from "../fs/lock";

/** The file I/O an edit needs; tests and callers may replace any of it. */
export interface FileIo {
  readFile(path: string): Promise<string>;
  writeFileAtomic(path: string, text: string, options: WriteOptions): Promise<void>;
  /** An exclusive lock on the file (through symbolic links) for a whole read-modify-write. */
  lock(path: string): Promise<FileLock>;
}

/** Locks the file a write to `path` lands on, so two names for one file share one lock. */
async function lockFile(path: string): Promise<FileLock> {
  return acquireLock(await resolveWriteTarget(path));
}

export const realFiles: FileIo = { readFile: readTextFile, writeFileAtomic, lock: lockFile };
