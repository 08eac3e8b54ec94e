// Where the API credentials come from, in wrangler 4.164's order: CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL, else
// CLOUDFLARE_API_TOKEN, else the OAuth token that `wrangler login` stored for the auth profile in use (`--profile`,
// CLOUDFLARE_AUTH_PROFILE, a directory bound with `wrangler auth activate`, or the default), if it has not expired
// (read only: we never refresh or write it). wrangler's deprecated CF_ names are honoured too, with a warning
// (withDeprecatedNames). A session kept in the OS keyring is reported as such, never guessed at.
import { readFileSync, statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { UsageError, type ErrorKind } from "../errors";

/** No usable credentials (none found, expired, in the keyring, unsendable): exit 2 as bad input, and kind `auth`. */
export class CredentialsError extends UsageError {
  override readonly kind: ErrorKind = "auth";
}

type Env = Record<string, string | undefined>;

/** API credentials, with where they were found (named in warnings). */
export type Credentials =
  | { kind: "token"; token: string; source: string }
  | { kind: "key"; email: string; key: string; source: string };

/** Reads a file's text, or undefined when it is missing or unreadable; says whether a path is a directory. */
export interface AuthFiles {
  readFile(path: string): string | undefined;
  isDirectory(path: string): boolean;
}

export const realAuthFiles: AuthFiles = {
  readFile(path) {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
  isDirectory: (path) => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false,
};

/**
 * wrangler's global folder (getGlobalConfigPath): the legacy `~/.wrangler` when it is a directory, else
 * `$XDG_CONFIG_HOME/.wrangler` (default `~/.config/.wrangler`; `~/Library/Preferences/.wrangler` on macOS).
 */
export function wranglerConfigDir(env: Env, home: string, files: Pick<AuthFiles, "isDirectory">, platform = process.platform): string {
  const legacy = join(home, ".wrangler");
  if (files.isDirectory(legacy)) return legacy;
  const config = env.XDG_CONFIG_HOME || (platform === "darwin" ? join(home, "Library", "Preferences") : join(home, ".config"));
  return join(config, ".wrangler");
}

const PROFILE_NAME = /^[a-zA-Z0-9_-]+$/;
const RESERVED_PROFILES = ["default", "staging"];

/** The wrangler auth profile a command uses, and why (named in messages). */
export interface Profile {
  name: string;
  source: string;
}

/** The longest directory binding equal to or above `dir` (wrangler's `profiles/directory-bindings.json`). */
function boundProfile(bindingsText: string | undefined, dir: string): { profile: string; dir: string } | undefined {
  let bindings: unknown;
  try {
    bindings = bindingsText === undefined ? undefined : JSON.parse(bindingsText);
  } catch {
    return undefined;
  }
  if (typeof bindings !== "object" || bindings === null) return undefined;
  const entries = Object.entries(bindings as Record<string, unknown>)
    .filter((entry): entry is [string, string] => typeof entry[1] === "string")
    .sort(([a], [b]) => b.length - a.length);
  const found = entries.find(([bound]) => dir === bound || (dir.startsWith(bound) && dir[bound.length] === sep));
  return found && { dir: found[0], profile: found[1] };
}

/**
 * As wrangler 4.164 picks it: `--profile`, then CLOUDFLARE_AUTH_PROFILE, then the profile bound to `lookupDir` (the
 * `--config` file's folder, else the working directory) by `wrangler auth activate`, then `default`.
 */
export function resolveProfile({ flag, env, configDir, lookupDir, files }: { flag?: string; env: Env; configDir: string; lookupDir: string; files: AuthFiles }): Profile {
  const named = flag || env.CLOUDFLARE_AUTH_PROFILE;
  if (named) {
    const source = flag ? "--profile" : "CLOUDFLARE_AUTH_PROFILE";
    if (named === "default") return { name: "default", source };
    if (RESERVED_PROFILES.includes(named.toLowerCase())) {
      throw new UsageError(`${source} ${named}: "${named}" is a reserved profile name.`, "Leave the profile out to use the default session of `wrangler login`.");
    }
    if (!PROFILE_NAME.test(named)) {
      throw new UsageError(`${source} ${named}: a profile name has only letters, digits, "-" and "_".`, "Run `wrangler auth list` to see your profiles.");
    }
    return { name: named, source };
  }
  const bound = boundProfile(files.readFile(join(configDir, "profiles", "directory-bindings.json")), resolve(lookupDir));
  if (bound) return { name: bound.profile, source: `the directory binding of ${bound.dir}` };
  return { name: "default", source: "default" };
}

/** A profile's file name: `default` is `staging` under WRANGLER_API_ENVIRONMENT=staging; named profiles keep theirs. */
export function profileBaseName(profile: string, env: Env): string {
  return profile === "default" && env.WRANGLER_API_ENVIRONMENT === "staging" ? "staging" : profile;
}

/** Whether wrangler keeps this session encrypted with a key in the OS keyring (CLOUDFLARE_AUTH_USE_KEYRING, else its preference). */
function keyringMode(env: Env, configDir: string, files: AuthFiles): boolean {
  const override = env.CLOUDFLARE_AUTH_USE_KEYRING;
  if (override !== undefined) {
    if (override.toLowerCase() === "true") return true;
    if (override.toLowerCase() === "false") return false;
    throw new UsageError(`CLOUDFLARE_AUTH_USE_KEYRING must be "true" or "false", not "${override}".`);
  }
  try {
    const preferences = JSON.parse(files.readFile(join(configDir, "preferences.json")) ?? "{}") as { keyring_enabled?: unknown };
    return preferences.keyring_enabled === true;
  } catch {
    return false;
  }
}

/**
 * What a wrangler config file (`config/<profile>.toml`) holds: a session whose `expiration_time` is still ahead, one
 * that has expired (when, if it says; wrangler counts a session without a time as expired), or none (logged out).
 * Plain line matching, no TOML parser.
 */
export type WranglerSession =
  | { state: "valid"; token: string }
  | { state: "expired"; expiredAt?: Date; refreshable: boolean }
  | { state: "none" };

export function readWranglerSession(text: string, now: Date): WranglerSession {
  const value = (key: string) => {
    const m = new RegExp(`^\\s*${key}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s#"']+))`, "m").exec(text);
    return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  };
  const token = value("oauth_token");
  if (!token) return { state: "none" };
  const expires = value("expiration_time");
  const at = expires === undefined ? Number.NaN : Date.parse(expires);
  if (!Number.isNaN(at) && at > now.getTime()) return { state: "valid", token };
  return { state: "expired", ...(Number.isNaN(at) ? {} : { expiredAt: new Date(at) }), refreshable: Boolean(value("refresh_token")) };
}

/** The `oauth_token` of a wrangler config file if `expiration_time` is still ahead. */
export function readWranglerOAuth(text: string, now: Date): string | undefined {
  const session = readWranglerSession(text, now);
  return session.state === "valid" ? session.token : undefined;
}

/** `2026-11-22 11:00 UTC (1 hour ago)`: when a session expired, for a person. */
export function expiredWhen(at: Date, now: Date): string {
  const stamp = `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const minutes = Math.max(0, Math.round((now.getTime() - at.getTime()) / 60_000));
  const [n, unit] =
    minutes < 60 ? [minutes, "minute"] : minutes < 48 * 60 ? [Math.round(minutes / 60), "hour"] : [Math.round(minutes / (24 * 60)), "day"];
  return `${stamp} (${n === 0 ? "just now" : `${n} ${unit}${n === 1 ? "" : "s"} ago`})`;
}

function checkLatin1(name: string, value: string): string {
  const v = value.trim();
  if ([...v].some((ch) => ch.codePointAt(0)! > 255)) {
    throw new CredentialsError(`${name} contains a character that cannot be sent in an HTTP header.`, `Copy the value again from the Cloudflare dashboard.`);
  }
  return v;
}

/** wrangler's deprecated names for its variables: still read, with a warning, when the CLOUDFLARE_ name is unset. */
const DEPRECATED_NAMES: Readonly<Record<string, string>> = {
  CF_API_TOKEN: "CLOUDFLARE_API_TOKEN",
  CF_API_KEY: "CLOUDFLARE_API_KEY",
  CF_EMAIL: "CLOUDFLARE_EMAIL",
  CF_ACCOUNT_ID: "CLOUDFLARE_ACCOUNT_ID",
  CF_API_BASE_URL: "CLOUDFLARE_API_BASE_URL",
};

/** The environment with each deprecated CF_ variable copied to its CLOUDFLARE_ name where that one is unset. */
export function withDeprecatedNames(env: Env, warn: (message: string) => void): Env {
  const out: Env = { ...env };
  for (const [old, name] of Object.entries(DEPRECATED_NAMES)) {
    if (!env[old] || env[name]) continue;
    out[name] = env[old];
    warn(`${old} is deprecated: rename it to ${name} (it was used this time).`);
  }
  return out;
}

export interface CredentialRequest {
  env: Env;
  home: string;
  now: Date;
  /** `--profile NAME`. */
  profile?: string;
  /** Where a directory-bound profile is looked up: the `--config` file's folder, else the working directory. */
  lookupDir: string;
  files?: AuthFiles;
  warn?: (message: string) => void;
}

/**
 * wrangler 4.164's order (getAuthFromEnv, then the stored session): CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL, else
 * CLOUDFLARE_API_TOKEN, else the profile's unexpired `wrangler login` session (read only: never refreshed or written).
 */
export function resolveCredentials(request: CredentialRequest): Credentials {
  const { env, warn = () => {} } = request;
  const files = request.files ?? realAuthFiles;
  if (env.CLOUDFLARE_API_KEY && env.CLOUDFLARE_EMAIL) {
    if (env.CLOUDFLARE_API_TOKEN) {
      warn("CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL and CLOUDFLARE_API_TOKEN are all set: using the global API key, as wrangler does (unset it to use the token).");
    }
    return { kind: "key", key: checkLatin1("CLOUDFLARE_API_KEY", env.CLOUDFLARE_API_KEY), email: env.CLOUDFLARE_EMAIL.trim(), source: "CLOUDFLARE_API_KEY" };
  }
  const half = env.CLOUDFLARE_API_KEY ? "CLOUDFLARE_API_KEY is set but CLOUDFLARE_EMAIL is not" : env.CLOUDFLARE_EMAIL ? "CLOUDFLARE_EMAIL is set but CLOUDFLARE_API_KEY is not" : undefined;
  if (env.CLOUDFLARE_API_TOKEN) {
    if (half) warn(`${half}: using CLOUDFLARE_API_TOKEN, as wrangler does.`);
    return { kind: "token", token: checkLatin1("CLOUDFLARE_API_TOKEN", env.CLOUDFLARE_API_TOKEN), source: "CLOUDFLARE_API_TOKEN" };
  }
  const configDir = wranglerConfigDir(env, request.home, files);
  const profile = resolveProfile({ flag: request.profile, env, configDir, lookupDir: request.lookupDir, files });
  const base = profileBaseName(profile.name, env);
  const toml = join(configDir, "config", `${base}.toml`);
  const encrypted = join(configDir, "config", `${base}.enc`);
  const which = profile.name === "default" ? "wrangler login session" : `wrangler session of profile ${profile.name} (from ${profile.source})`;
  const keyring = keyringMode(env, configDir, files);
  if (keyring && files.readFile(encrypted) !== undefined) {
    throw new CredentialsError(
      `The ${which} is encrypted with a key in the OS keyring (${encrypted}), which hyperdrive does not read.`,
      "Set CLOUDFLARE_API_TOKEN (an API token with Account · Hyperdrive · Edit), or log in without the keyring: " +
        "CLOUDFLARE_AUTH_USE_KEYRING=false wrangler login" + (profile.name === "default" ? "" : ` --profile ${profile.name}`) + ".",
    );
  }
  const text = files.readFile(toml);
  const session = text === undefined ? undefined : readWranglerSession(text, request.now);
  if (session?.state === "valid") return { kind: "token", token: session.token, source: `${which} (${toml})` };
  const profileFlag = profile.name === "default" ? "" : ` --profile ${profile.name}`;
  const tokenWay =
    "set CLOUDFLARE_API_TOKEN to an API token with the Account · Hyperdrive · Edit permission (https://dash.cloudflare.com/profile/api-tokens)";
  if (session?.state === "expired") {
    const when = session.expiredAt ? `expired on ${expiredWhen(session.expiredAt, request.now)}` : "has no expiration time, so it counts as expired (as wrangler counts it)";
    const refresh = session.refreshable
      ? ` (a wrangler command that calls the API, such as \`wrangler hyperdrive list${profileFlag}\`, also renews it with its refresh token)`
      : "";
    throw new CredentialsError(
      `The ${which} in ${toml} ${when}; hyperdrive does not renew sessions.${half ? ` (${half}.)` : ""}`,
      `Renew it with \`wrangler login${profileFlag}\`${refresh}, or ${tokenWay}. To try the tool without an account, add --local.`,
    );
  }
  const why =
    text !== undefined
      ? `The ${which} in ${toml} holds no login session (no oauth_token).`
      : half
        ? `${half}.`
        : profile.name !== "default"
          ? `The profile ${profile.name} (from ${profile.source}) has no session: ${toml} does not exist.`
          : "No Cloudflare credentials found.";
  const keyringNote = !keyring && files.readFile(encrypted) !== undefined ? ` (${encrypted} is encrypted and keyring mode is off)` : "";
  throw new CredentialsError(
    why + keyringNote,
    half
      ? "Set both CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL, or set CLOUDFLARE_API_TOKEN instead."
      : "Set CLOUDFLARE_API_TOKEN to an API token with the Account · Hyperdrive · Edit permission " +
          "(https://dash.cloudflare.com/profile/api-tokens), or run `wrangler login`" +
          (text !== undefined ? profileFlag : "") +
          ". To try the tool without an account, add --local.",
  );
}
