// The emulator's state file could not be read or saved (a folder the user cannot write, a file where the state folder
// should be, a full disk): one typed error naming the path that failed and what to do. It is the machine's problem,
// not Cloudflare's: `--local` reports it as it is, with no advice to retry the API (session/local.ts).
import { dirname } from "node:path";
import { CliError } from "../errors";

/** What failed, as the store saw it: the state file, the path the system refused, its error code and system call. */
export interface StateFailure {
  action: "read" | "save";
  /** The state file. */
  statePath: string;
  /** The path the system call failed on (the error's `path`), else the state file. */
  path?: string;
  /** `EACCES`, `ENOTDIR`, `EROFS`, `ENOSPC`… */
  code?: string;
  /** `mkdir`, `open`, `rename`… */
  syscall?: string;
  /** The system's message, for codes without a sentence of their own. */
  detail?: string;
  /** ENOTDIR: the file that stands where a folder of the state's path must be (found by the store). */
  fileInTheWay?: string;
  /** A state file made read-only: its mode, `0444`. */
  readOnlyMode?: string;
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exceeded",
};

/** The message and the hint for a state file that could not be read or saved. Pure. */
export function describeStateFailure(f: StateFailure): { message: string; hint: string } {
  const what = f.action === "save" ? "Cannot save the local emulator's state" : "Cannot read the local emulator's state";
  const path = f.path ?? f.statePath;
  const elsewhere = "run from another folder (--cwd DIR; the state lives in .hyperdrive/ beside the wrangler config, else in the working directory)";
  if (f.code === "ENOTDIR" && f.fileInTheWay) {
    return {
      message: `${what}: ${f.fileInTheWay} is a file, where the folder of ${f.statePath} must be.`,
      hint: `Move or rename ${f.fileInTheWay}, or ${elsewhere}.`,
    };
  }
  if (f.code === "EISDIR") {
    return { message: `${what}: ${f.statePath} is a folder, not the state file.`, hint: `Move ${f.statePath} away, or ${elsewhere}.` };
  }
  if (f.readOnlyMode !== undefined) {
    return {
      message: `${what}: ${f.statePath} is read-only (mode ${f.readOnlyMode}) for this user.`,
      hint: `Make it writable (chmod u+w ${f.statePath}), or ${elsewhere}.`,
    };
  }
  const reason = (f.code && REASONS[f.code]) ?? f.detail ?? f.code ?? "unknown error";
  const verb =
    f.action === "read" ? "could not read" : f.syscall === "mkdir" ? "could not create the folder" : f.syscall === "rename" ? "could not replace" : "could not write";
  const message = `${what}: ${verb} ${path} (${reason}).`;
  if (f.code === "EACCES" || f.code === "EPERM") {
    // The folder whose permission is missing: where mkdir or a new file was to go, else the path itself.
    const folder = f.action === "read" ? path : f.syscall === "mkdir" || f.syscall === "open" || f.syscall === "rename" ? dirname(path) : path;
    const fix = f.action === "read" ? `make ${path} readable for this user` : `make ${folder} writable for this user (chmod u+w ${folder})`;
    return { message, hint: `${fix.replace(/^./, (c) => c.toUpperCase())}, or ${elsewhere}.` };
  }
  if (f.code === "ENOSPC" || f.code === "EDQUOT") return { message, hint: `Free some space on that disk, or ${elsewhere}.` };
  return { message, hint: `${elsewhere.replace(/^./, (c) => c.toUpperCase())}.` };
}

/** A state file that could not be read or saved: exit 1, kind `internal` (a local failure, named; not the API's). */
export class StateFileError extends CliError {
  readonly failure: StateFailure;
  constructor(failure: StateFailure, cause?: unknown) {
    const { message, hint } = describeStateFailure(failure);
    super(message, { hint, kind: "internal", ...(failure.code ? { errno: failure.code } : {}), cause });
    this.failure = failure;
  }
}
