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
// can never fail the command: any error is ignored. Each write is a new version of the file, under a new name
// (`<account>-<api>.<time>.<random>.json`), after which the older versions are removed: a reader takes the newest
// version that parses, so it sees a whole one, the old or the new. Not src/fs/atomic.ts's rename over the file: on
// ext4 a rename (or a truncation) that replaces a file's content makes the kernel write the new data out first
// (auto_da_alloc), which measured 2-4 ms a write, more on a busy disk; a new file costs 0.05 ms. Nor its fsyncs: the
// next `list` rebuilds a lost cache.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from "node:fs";
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

/** The name of one account's file on one API (`where`: its base URL, or the --local state file), before its version. */
function fileKey(account: string, where: string): string {
  return `${account.replace(/[^0-9A-Za-z_-]/g, "_").slice(0, 64)}-${hashText(where)}`;
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

/** The versions in the folder, by key, newest first: `<key>.<time, base 36>.<random>.json`. */
function versions(names: string[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const name of names.filter((n) => /^[^.]+\.[0-9a-z]{9}\.[0-9a-z]+\.json$/.test(n)).sort().reverse()) {
    const key = name.slice(0, name.indexOf("."));
    byKey.set(key, [...(byKey.get(key) ?? []), name]);
  }
  return byKey;
}

/** The newest version that parses (one being written at this moment does not, and the one before it is still there). */
function newest(dir: string, names: readonly string[]): CacheFile | undefined {
  for (const name of names) {
    try {
      const file = parse(readFileSync(join(dir, name), "utf8"));
      if (file !== undefined) return file;
    } catch {
      // removed meanwhile: the next one
    }
  }
  return undefined;
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
    const dir = target.dir;
    let listed: string[];
    try {
      listed = readdirSync(dir);
    } catch {
      listed = [];
    }
    const key = fileKey(target.account, target.where);
    const older = versions(listed).get(key) ?? [];
    const before = newest(dir, older);
    const fresh = (at: number) => target.now - at <= NAME_CACHE_TTL_MS && at <= target.now + 60_000;
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
    if (listed.length === 0) mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeVersion(join(dir, `${key}.${Math.max(0, target.now).toString(36).padStart(9, "0").slice(-9)}.${Math.random().toString(36).slice(2, 8) || "0"}.json`), `${JSON.stringify(file)}\n`);
    for (const name of older) rmSync(join(dir, name), { force: true });
  } catch {
    // A cache: the command's result stands whether or not it could be written.
  }
}

/** A new file, 0600, written in one call; a failed write leaves nothing behind. */
function writeVersion(path: string, text: string): void {
  const fd = openSync(path, "wx", 0o600);
  try {
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
}

/** The configs a Tab may offer in `scope`: from the file that scope wrote last, seen within the TTL. Never throws. */
export function cachedConfigs(dir: string | undefined, scope: string, now: number): CachedConfig[] {
  if (dir === undefined) return [];
  let listed: string[];
  try {
    listed = readdirSync(dir);
  } catch {
    return [];
  }
  let best: { at: number; file: CacheFile } | undefined;
  for (const names of versions(listed).values()) {
    const file = newest(dir, names);
    const at = file?.scopes[scope];
    if (file === undefined || typeof at !== "number" || now - at > NAME_CACHE_TTL_MS) continue;
    if (best === undefined || at > best.at) best = { at, file };
  }
  return (best?.file.configs ?? []).filter(
    (c) => typeof c?.id === "string" && typeof c?.name === "string" && typeof c.seen === "number" && now - c.seen <= NAME_CACHE_TTL_MS,
  );
}
