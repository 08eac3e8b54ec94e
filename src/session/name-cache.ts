// The config names and ids that shell completion offers for a <config> argument, remembered from the last `list` or
// `get` (and kept current by create, update and delete), so that a Tab never calls the API. One file per account and
// API (the base URL, or the --local state file), in ${XDG_CACHE_HOME:-~/.cache}/hyperdrive/completion/, mode 0600 in
// a 0700 folder. It holds ids and names only (nothing about the origin), each with the time it was last seen.
//
// Which file a Tab reads: each file records the "scopes" that used it — the directory and the account settings of the
// command line (--account-id, CLOUDFLARE_ACCOUNT_ID, --config, --env, --profile, the API's base URL, --local) — as
// one-way hashes, not as paths. A Tab offers the names of the file its own scope used most recently, and only names
// seen in the last NAME_CACHE_TTL_MS: a name from another account, or from an hour ago, is not offered.
//
// Writing happens after the command printed its result, with a few synchronous calls (no new module is loaded), and
// can never fail the command: any error is ignored. The file is replaced as src/fs/atomic.ts replaces a user's file
// (a temporary file beside it, renamed over it: a reader sees the old or the new one), without its fsyncs, which a
// cache that can be rebuilt by the next `list` does not need.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";

/** How long a name stays on offer after a command last saw it: 10 minutes. */
export const NAME_CACHE_TTL_MS = 10 * 60 * 1000;

const FORMAT = 1;
/** Set to `off` to neither write nor read the cache. */
export const NAME_CACHE_VARIABLE = "HYPERDRIVE_COMPLETION_CACHE";

export interface CachedConfig {
  id: string;
  name: string;
  /** When a command last saw it (ms since the epoch). */
  seen: number;
}

interface CacheFile {
  format: typeof FORMAT;
  account: string;
  configs: CachedConfig[];
  /** Scope hash → when a command in that scope last wrote this file. */
  scopes: Record<string, number>;
}

type Env = Record<string, string | undefined>;

/** `${XDG_CACHE_HOME:-~/.cache}/hyperdrive/completion`; undefined without a home (XDG says to ignore a relative XDG_CACHE_HOME). */
export function nameCacheDir(env: Env, home: string | undefined): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : home ? join(home, ".cache") : undefined;
  return base === undefined ? undefined : join(base, "hyperdrive", "completion");
}

/** What decides which account and API a command line works on, as far as a Tab can know it too. */
export interface ScopeParts {
  cwd: string;
  local?: boolean;
  accountId?: string;
  config?: string;
  envName?: string;
  profile?: string;
  /** The shell's environment (not the .env files: the directory stands for those). */
  env: Env;
}

/** A short one-way hash (two 32-bit FNV-1a rounds): the cache names no directory or URL. */
export function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
    b = (b ^ (b >>> 15)) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

export function scopeKey(p: ScopeParts): string {
  const config = p.config === undefined ? "" : resolve(p.cwd, p.config);
  const baseUrl = p.env.CLOUDFLARE_API_BASE_URL ?? p.env.CF_API_BASE_URL ?? "";
  const parts = p.local
    ? ["local", p.cwd, config]
    : p.accountId
      ? ["account", baseUrl, p.accountId.trim()]
      : [
          "remote",
          baseUrl,
          p.cwd,
          config,
          p.envName ?? "",
          p.profile ?? p.env.CLOUDFLARE_AUTH_PROFILE ?? "",
          p.env.CLOUDFLARE_ACCOUNT_ID ?? p.env.CF_ACCOUNT_ID ?? "",
        ];
  return hashText(JSON.stringify(parts));
}

/** The file of one account on one API (`where`: its base URL, or the --local state file). */
function filePath(dir: string, account: string, where: string): string {
  return join(dir, `${account.replace(/[^0-9A-Za-z_-]/g, "_").slice(0, 64)}-${hashText(where)}.json`);
}

function parse(text: string): CacheFile | undefined {
  try {
    const file = JSON.parse(text) as CacheFile;
    if (file?.format !== FORMAT || !Array.isArray(file.configs) || typeof file.scopes !== "object" || file.scopes === null) return undefined;
    return file;
  } catch {
    return undefined;
  }
}

function readCacheFile(path: string): CacheFile | undefined {
  try {
    return parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

/** Replace `path` with `text`: a 0600 temporary file beside it, renamed over it. */
function replaceFile(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    const fd = openSync(temporary, "wx", 0o600);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export interface NameCacheTarget {
  dir: string | undefined;
  scope: string;
  account: string;
  where: string;
  now: number;
}

export type NameCacheChange = { all: { id: string; name: string }[] } | { seen: { id: string; name: string }[] } | { gone: string };

/**
 * Record what a command learnt: `all` the account's configs (list), `seen` some of them (get, create, update), `gone`
 * one deleted id. Names not seen within the TTL are dropped. Never throws.
 */
export function updateNameCache(target: NameCacheTarget, change: NameCacheChange): void {
  try {
    if (target.dir === undefined) return;
    const path = filePath(target.dir, target.account, target.where);
    const fresh = (at: number) => target.now - at <= NAME_CACHE_TTL_MS && at <= target.now + 60_000;
    const before = readCacheFile(path);
    let configs = (before?.configs ?? []).filter((c) => typeof c?.id === "string" && typeof c?.name === "string" && fresh(c.seen));
    if ("all" in change) configs = change.all.map(({ id, name }) => ({ id, name, seen: target.now }));
    else if ("seen" in change) {
      const ids = new Set(change.seen.map((c) => c.id));
      configs = [...configs.filter((c) => !ids.has(c.id)), ...change.seen.map(({ id, name }) => ({ id, name, seen: target.now }))];
    } else {
      if (before === undefined) return;
      configs = configs.filter((c) => c.id !== change.gone);
    }
    const scopes: Record<string, number> = {};
    for (const [scope, at] of Object.entries(before?.scopes ?? {})) if (typeof at === "number" && fresh(at)) scopes[scope] = at;
    scopes[target.scope] = target.now;
    const file: CacheFile = { format: FORMAT, account: target.account, configs, scopes };
    mkdirSync(target.dir, { recursive: true, mode: 0o700 });
    replaceFile(path, `${JSON.stringify(file)}\n`);
  } catch {
    // A cache: the command's result stands whether or not it could be written.
  }
}

/** The configs a Tab may offer in `scope`: from the file that scope wrote last, seen within the TTL. Never throws. */
export function cachedConfigs(dir: string | undefined, scope: string, now: number): CachedConfig[] {
  if (dir === undefined) return [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  let best: { at: number; file: CacheFile } | undefined;
  for (const name of names) {
    const file = readCacheFile(join(dir, name));
    const at = file?.scopes[scope];
    if (file === undefined || typeof at !== "number" || now - at > NAME_CACHE_TTL_MS) continue;
    if (best === undefined || at > best.at) best = { at, file };
  }
  return (best?.file.configs ?? []).filter(
    (c) => typeof c?.id === "string" && typeof c?.name === "string" && typeof c.seen === "number" && now - c.seen <= NAME_CACHE_TTL_MS,
  );
}
