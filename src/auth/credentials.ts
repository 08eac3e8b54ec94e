// Where the API credentials come from: CLOUDFLARE_API_TOKEN, else CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL, else the
// OAuth token that `wrangler login` stored, if it has not expired (read only: we never refresh or write it). wrangler's
// deprecated CF_ names are honoured too, with a warning (withDeprecatedNames).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors";

type Env = Record<string, string | undefined>;

/** API credentials, with where they were found (named in warnings). */
export type Credentials =
  | { kind: "token"; token: string; source: string }
  | { kind: "key"; email: string; key: string; source: string };

/** wrangler's global config file: $XDG_CONFIG_HOME/.wrangler (default ~/.config/.wrangler), or the legacy ~/.wrangler. */
export function wranglerAuthFiles(env: Env, home: string): string[] {
  const xdg = env.XDG_CONFIG_HOME || join(home, ".config");
  const name = env.WRANGLER_API_ENVIRONMENT === "staging" ? "staging.toml" : "default.toml";
  return [join(xdg, ".wrangler", "config", name), join(home, ".wrangler", "config", name)];
}

/** The `oauth_token` of a wrangler config file if `expiration_time` is still ahead; plain line matching, no TOML parser. */
export function readWranglerOAuth(text: string, now: Date): string | undefined {
  const value = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, "m").exec(text)?.[1];
  const token = value("oauth_token");
  const expires = value("expiration_time");
  if (!token || !expires) return undefined;
  const at = Date.parse(expires);
  return Number.isNaN(at) || at <= now.getTime() ? undefined : token;
}

function checkLatin1(name: string, value: string): string {
  const v = value.trim();
  if ([...v].some((ch) => ch.codePointAt(0)! > 255)) {
    throw new UsageError(`${name} contains a character that cannot be sent in an HTTP header.`, `Copy the value again from the Cloudflare dashboard.`);
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

export function resolveCredentials(env: Env, home: string, now: Date, readFile = (p: string) => readFileSync(p, "utf8")): Credentials {
  if (env.CLOUDFLARE_API_TOKEN) {
    return { kind: "token", token: checkLatin1("CLOUDFLARE_API_TOKEN", env.CLOUDFLARE_API_TOKEN), source: "CLOUDFLARE_API_TOKEN" };
  }
  if (env.CLOUDFLARE_API_KEY || env.CLOUDFLARE_EMAIL) {
    if (!env.CLOUDFLARE_API_KEY) throw new UsageError("CLOUDFLARE_EMAIL is set but CLOUDFLARE_API_KEY is not.", "Set both, or set CLOUDFLARE_API_TOKEN instead.");
    if (!env.CLOUDFLARE_EMAIL) throw new UsageError("CLOUDFLARE_API_KEY is set but CLOUDFLARE_EMAIL is not.", "Set CLOUDFLARE_EMAIL to the account's email address, or use CLOUDFLARE_API_TOKEN instead.");
    return {
      kind: "key",
      key: checkLatin1("CLOUDFLARE_API_KEY", env.CLOUDFLARE_API_KEY),
      email: env.CLOUDFLARE_EMAIL.trim(),
      source: "CLOUDFLARE_API_KEY",
    };
  }
  for (const file of wranglerAuthFiles(env, home)) {
    let text: string;
    try {
      text = readFile(file);
    } catch {
      continue;
    }
    const token = readWranglerOAuth(text, now);
    if (token) return { kind: "token", token, source: `wrangler login (${file})` };
  }
  throw new UsageError(
    "No Cloudflare credentials found.",
    "Set CLOUDFLARE_API_TOKEN to an API token with the Account · Hyperdrive · Edit permission " +
      "(https://dash.cloudflare.com/profile/api-tokens), or run `wrangler login`. To try the tool without an account, add --local.",
  );
}
