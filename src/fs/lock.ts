// An exclusive lock on a file, shared by every hyperdrive process: a lock file beside it, created with O_EXCL, that
// names its holder ({"pid","host","since","token"}). Used around every read-modify-write of a user's file (wrangler
// config, .env) and of the emulator's state.
//
// A lock is abandoned (stale) when its holder's process is gone (same host: `kill(pid, 0)` says ESRCH) or when its
// file has not been touched for `staleMs`: a live holder touches it every staleMs/3, so only a hung or vanished
// holder (another host, a reused pid) ages out. Breaking a stale lock is itself serialised by a second O_EXCL file,
// so two waiters that both find the same stale lock cannot both break it and then both hold the new one.
// Why not proper-lockfile: it keeps no pid (a second emulator could not say who holds the state), judges staleness by
// mtime alone, and brings graceful-fs, retry and signal-exit into a CLI whose start-up time is a feature.
import { randomBytes } from "node:crypto";
import { open, readFile, stat, unlink, utimes } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CliError } from "../errors";
import { removeOnExit } from "./exit-cleanup";

export interface LockHolder {
  pid: number;
  host: string;
  /** When the holder took the lock (ISO 8601). */
  since: string;
}

/** Another live process holds the lock, and waiting did not help. */
export class LockBusyError extends CliError {
  constructor(
    readonly target: string,
    readonly lockPath: string,
    readonly holder: LockHolder | undefined,
    waitedMs: number,
  ) {
    const who = holder ? `process ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`} (since ${holder.since})` : "another process";
    super(`${target} is locked by ${who}${waitedMs > 0 ? `; waited ${(waitedMs / 1000).toFixed(1)} s` : ""}.`, {
      hint: `If no hyperdrive process is running, remove ${lockPath}.`,
    });
  }
}

export interface LockOptions {
  /** How long to wait for a live holder before LockBusyError; 0 fails at once. Default 10 s. */
  waitMs?: number;
  /** Age after which an untouched lock file is abandoned. Default 10 s. */
  staleMs?: number;
}

export interface FileLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

/** `dir/.name.lock` (`dir/.env.lock` for a dotfile): hidden, and matched by the `.env*` patterns projects ignore. */
export function lockPathFor(target: string): string {
  const name = basename(target);
  return join(dirname(target), `${name.startsWith(".") ? "" : "."}${name}.lock`);
}

const HOST = hostname();

export async function acquireLock(target: string, { waitMs = 10_000, staleMs = 10_000 }: LockOptions = {}): Promise<FileLock> {
  const path = lockPathFor(target);
  const token = randomBytes(8).toString("hex");
  const started = Date.now();
  let delay = 1;
  for (;;) {
    const forget = await tryCreate(path, token);
    if (forget) return held(path, token, staleMs, forget);
    const current = await inspect(path, staleMs);
    if (current === "gone") continue;
    if (current.stale) {
      await breakStale(path, current.identity, staleMs);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= waitMs) throw new LockBusyError(target, path, current.holder, waited);
    await sleep(Math.min(delay, waitMs - waited) * (0.5 + Math.random()));
    delay = Math.min(delay * 1.5, 20);
  }
}

/** Runs `fn` holding the lock on `target`, and releases it however `fn` ends. */
export async function withFileLock<T>(target: string, fn: () => Promise<T>, options?: LockOptions): Promise<T> {
  const lock = await acquireLock(target, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

/** Creates the lock file; undefined when it exists. Returns the function that stops removing it at exit. */
async function tryCreate(path: string, token: string): Promise<(() => void) | undefined> {
  const forget = removeOnExit(path);
  let handle;
  try {
    handle = await open(path, "wx", 0o600);
  } catch (error) {
    forget();
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify({ pid: process.pid, host: HOST, since: new Date().toISOString(), token }));
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(path).catch(() => {});
    forget();
    throw error;
  }
  return forget;
}

function held(path: string, token: string, staleMs: number, forget: () => void): FileLock {
  const touch = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => {});
  }, Math.max(staleMs / 3, 50));
  touch.unref();
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      clearInterval(touch);
      const text = await readFile(path, "utf8").catch(() => "");
      if (parse(text)?.token === token) await unlink(path).catch(() => {});
      forget();
    },
  };
}

interface Seen {
  stale: boolean;
  holder?: LockHolder;
  /** What breakStale must find again before it removes the file: its token, or for a file still being written, its inode. */
  identity: string;
}

async function inspect(path: string, staleMs: number): Promise<Seen | "gone"> {
  let text: string;
  let info;
  try {
    [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw error;
  }
  const aged = Date.now() - info.mtimeMs > staleMs;
  const content = parse(text);
  if (!content) return { stale: aged, identity: `ino:${info.ino}` }; // its holder is writing it, or died doing so
  const holder = { pid: content.pid, host: content.host, since: content.since };
  return { stale: aged || (content.host === HOST && !alive(content.pid)), holder, identity: content.token };
}

function parse(text: string): (LockHolder & { token: string }) | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder & { token: string }>;
    if (typeof value.pid === "number" && typeof value.token === "string") {
      return { pid: value.pid, host: String(value.host), since: String(value.since), token: value.token };
    }
  } catch {
    // empty or half-written
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the stale lock if it is still the one judged stale, under `<lock>.break` so that only one waiter does. */
async function breakStale(path: string, identity: string, staleMs: number): Promise<void> {
  const guard = `${path}.break`;
  const forget = removeOnExit(guard);
  try {
    await (await open(guard, "wx", 0o600)).close();
  } catch (error) {
    forget();
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Another waiter is breaking it; a guard left by a breaker that died is removed once it is clearly old.
    const info = await stat(guard).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > Math.min(staleMs, 2_000)) await unlink(guard).catch(() => {});
    else await sleep(2);
    return;
  }
  try {
    const again = await inspect(path, staleMs);
    if (again !== "gone" && again.stale && again.identity === identity) await unlink(path).catch(() => {});
  } finally {
    await unlink(guard).catch(() => {});
    forget();
  }
}
