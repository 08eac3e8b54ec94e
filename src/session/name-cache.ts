// The config and certificate names and ids that shell completion offers (a <config> argument, `cert get <certificate>`,
// --ca-certificate-id …), remembered from the last `list` or `get` (and kept current by create, update and delete; for
// certificates `cert list`, `cert get`, `cert upload` and `cert delete`), so that a Tab never calls the API. One file
// per account and API (the base URL, or the --local state file), in ${XDG_CACHE_HOME:-~/.cache}/hyperdrive/completion/,
// mode 0600 in a 0700 folder. It holds, each with the time it was last seen, a config's id, name and scheme (nothing
// else about the origin), and a certificate's id, name and whether it is a CA (never the certificate, nor any key).
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
import { isScheme, type Scheme } from "../api/contract";

/** How long a name stays on offer after a command last saw it: 10 minutes. */
export const NAME_CACHE_TTL_MS = 10 * 60 * 1000;

const FORMAT = 1;
/** Set to `off` to neither write nor read the cache. */
export const NAME_CACHE_VARIABLE = "HYPERDRIVE_COMPLETION_CACHE";

export interface CachedConfig {
  id: string;
  name: string;
  /** The origin's scheme (for the sslmodes `update <config> --sslmode` offers). */
  scheme?: Scheme;
  /** When a command last saw it (ms since the epoch). */
  seen: number;
}

export interface CachedCertificate {
  id: string;
  /** A certificate's name is optional. */
  name?: string;
  /** A CA certificate (for --ca-certificate-id), else a client certificate (for --mtls-certificate-id). */
  ca: boolean;
  seen: number;
}

interface Kinds {
  configs: CachedConfig;
  certificates: CachedCertificate;
}
export type NameCacheKind = keyof Kinds;
/** What a command tells the cache of one config or certificate. */
export type NameCacheEntry<K extends NameCacheKind> = Omit<Kinds[K], "seen">;

/** What a Tab may offer. */
export interface CachedNames {
  configs: CachedConfig[];
  certificates: CachedCertificate[];
}

interface CacheFile {
  format: typeof FORMAT;
  account: string;
  configs: CachedConfig[];
  /** Absent from the files of builds before certificates were cached (the same format otherwise). */
  certificates?: CachedCertificate[];
  /** Scope hash → when a command in that scope last wrote this file. */
  scopes: Record<string, number>;
}

type Loose = { [key: string]: unknown } | null | undefined;
/**
 * Each kind's fields, and only those, taken from what a command passed or what a file holds: whatever else an object
 * carries (an origin, a certificate's PEM) is never written, and a malformed entry is dropped.
 */
const PICK: { [K in NameCacheKind]: (e: Loose, seen: number) => Kinds[K] | undefined } = {
  configs: (c, seen) =>
    typeof c?.id === "string" && typeof c.name === "string"
      ? { id: c.id, name: c.name, ...(typeof c.scheme === "string" && isScheme(c.scheme) ? { scheme: c.scheme } : {}), seen }
      : undefined,
  certificates: (c, seen) =>
    typeof c?.id === "string" && typeof c.ca === "boolean"
      ? { id: c.id, ...(typeof c.name === "string" && c.name !== "" ? { name: c.name } : {}), ca: c.ca, seen }
      : undefined,
};

/** A file's entries of one kind that are whole and were seen within the TTL at `now` (and not in the future). */
function freshEntries<K extends NameCacheKind>(file: CacheFile | undefined, kind: K, now: number): Kinds[K][] {
  const entries: unknown = file?.[kind];
  if (!Array.isArray(entries)) return [];
  const out: Kinds[K][] = [];
  for (const e of entries as Loose[]) {
    const seen = e?.seen;
    if (typeof seen !== "number" || now - seen > NAME_CACHE_TTL_MS || seen > now + 60_000) continue;
    const picked = PICK[kind](e, seen);
    if (picked !== undefined) out.push(picked);
  }
  return out;
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

/** When a version was written (ms since the epoch), from its name. */
const writtenAt = (name: string) => parseInt(name.slice(name.indexOf(".") + 1, name.indexOf(".") + 10), 36);

/**
 * A file last written longer ago than the TTL (and the minute of clock skew allowed) can serve no Tab: every scope and
 * entry in it is at most that old. A Tab does not read it; the next write removes it, so that the folder holds only
 * the accounts and APIs used lately, however many emulators or projects came and went.
 */
const stale = (name: string, now: number) => writtenAt(name) < now - NAME_CACHE_TTL_MS - 60_000;

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

export type NameCacheChange<K extends NameCacheKind = NameCacheKind> = { all: NameCacheEntry<K>[] } | { seen: NameCacheEntry<K>[] } | { gone: string };

/**
 * Record what a command learnt of one kind: `all` the account's configs or certificates (list), `seen` some of them
 * (get, create, update, upload), `gone` one deleted id. Entries not seen within the TTL are dropped; the other kind's
 * entries are kept. Never throws.
 */
export function updateNameCache<K extends NameCacheKind>(target: NameCacheTarget, kind: K, change: NameCacheChange<K>): void {
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
    const pick = (entries: readonly NameCacheEntry<K>[]) =>
      entries.map((e) => PICK[kind](e as unknown as Loose, target.now)).filter((e): e is Kinds[K] => e !== undefined);
    let entries: Kinds[K][] = freshEntries(before, kind, target.now);
    if ("all" in change) entries = pick(change.all);
    else if ("seen" in change) {
      const seen = pick(change.seen);
      const ids = new Set(seen.map((e) => e.id));
      entries = [...entries.filter((e) => !ids.has(e.id)), ...seen];
    } else {
      if (before === undefined) return;
      entries = entries.filter((e) => e.id !== change.gone);
    }
    const kept = <O extends NameCacheKind>(other: O): Kinds[O][] => (other === (kind as NameCacheKind) ? (entries as unknown as Kinds[O][]) : freshEntries(before, other, target.now));
    const certificates = kept("certificates");
    const scopes: Record<string, number> = {};
    for (const [scope, at] of Object.entries(before?.scopes ?? {})) if (typeof at === "number" && fresh(at)) scopes[scope] = at;
    scopes[target.scope] = target.now;
    const file: CacheFile = { format: FORMAT, account: target.account, configs: kept("configs"), ...(certificates.length ? { certificates } : {}), scopes };
    if (listed.length === 0) mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeVersion(join(dir, `${key}.${Math.max(0, target.now).toString(36).padStart(9, "0").slice(-9)}.${Math.random().toString(36).slice(2, 8) || "0"}.json`), `${JSON.stringify(file)}\n`);
    for (const name of older) rmSync(join(dir, name), { force: true });
    for (const [other, names] of versions(listed)) {
      if (other !== key && stale(names[0], target.now)) for (const name of names) rmSync(join(dir, name), { force: true });
    }
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

/** The configs and certificates a Tab may offer in `scope`: from the file that scope wrote last, seen within the TTL. Never throws. */
export function cachedNames(dir: string | undefined, scope: string, now: number): CachedNames {
  const none: CachedNames = { configs: [], certificates: [] };
  if (dir === undefined) return none;
  let listed: string[];
  try {
    listed = readdirSync(dir);
  } catch {
    return none;
  }
  let best: { at: number; file: CacheFile } | undefined;
  for (const names of versions(listed).values()) {
    if (stale(names[0], now)) continue;
    const file = newest(dir, names);
    const at = file?.scopes[scope];
    if (file === undefined || typeof at !== "number" || now - at > NAME_CACHE_TTL_MS) continue;
    if (best === undefined || at > best.at) best = { at, file };
  }
  return { configs: freshEntries(best?.file, "configs", now), certificates: freshEntries(best?.file, "certificates", now) };
}
