// `--local-connection-string`: the database `wrangler dev` connects a binding to. Checked with the origin's parser and
// against what wrangler 4.164 (miniflare's Hyperdrive plugin) accepts, before anything is saved or sent: a string it
// cannot use only fails later, as "Invalid URL" when wrangler dev starts or as a Worker that times out. Pure; no
// message contains the password.
import { UsageError } from "../errors";
import type { Scheme } from "../api/contract";
import { parseConnectionString, type ParsedConnectionString } from "./connection-string";

const FLAG = "--local-connection-string";

/** The values miniflare turns into a TLS mode (compared lowercased); anything else connects without TLS. */
const POSTGRES_TLS_MODES = ["disable", "prefer", "require", "verify-ca", "verify-full"];
const MYSQL_TLS_MODES = ["disabled", "preferred", "required", "verify_ca", "verify_identity", "true", "false", "1", "0"];

/** What the string is for: the Hyperdrive config's origin, as far as it is known. */
export interface LocalTarget {
  /** The config's name, for messages. */
  name?: string;
  scheme?: string;
  host?: string;
  /** The config's `mtls.sslmode`. */
  sslmode?: string;
}

export interface CheckedLocalString {
  parsed: ParsedConnectionString;
  /** Advice that does not stop the string from being saved (TLS). */
  notes: string[];
}

const family = (scheme: string) => (scheme === "mysql" ? "mysql" : "postgres");
const label = (scheme: string) => (family(scheme) === "mysql" ? "MySQL" : "PostgreSQL");

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|0\.0\.0\.0)$/i;

/** Throws UsageError (exit 2) for a string wrangler dev cannot use for this config. */
export function checkLocalConnectionString(value: string, target: LocalTarget = {}): CheckedLocalString {
  const parsed = parseConnectionString(value, FLAG);
  if (parsed.password === undefined) {
    throw new UsageError(
      `Invalid ${FLAG}: it has no password; wrangler dev refuses a connection string without one.`,
      "Give it as user:password@host, percent-encoding reserved characters in the password.",
    );
  }
  const config = target.name ? `'${target.name}'` : "the config";
  if (target.scheme && family(target.scheme) !== family(parsed.scheme)) {
    throw new UsageError(
      `${FLAG} is a ${label(parsed.scheme)} string (${parsed.scheme}://), but ${config} is a ${label(target.scheme)} config: ` +
        `the Worker's ${label(target.scheme)} driver would wait on a ${label(parsed.scheme)} server until it times out.`,
      `Give the ${label(target.scheme)} database wrangler dev should use, e.g. ${family(target.scheme)}://user:password@localhost:${family(target.scheme) === "mysql" ? 3306 : 5432}/database.`,
    );
  }
  const isMysql = parsed.scheme === "mysql";
  const param = isMysql ? "ssl-mode" : "sslmode";
  if (parsed.sslmode !== undefined) {
    const allowed = isMysql ? MYSQL_TLS_MODES : POSTGRES_TLS_MODES;
    if (!allowed.includes(parsed.sslmode.toLowerCase())) {
      throw new UsageError(
        `Invalid ${FLAG}: ${param}=${parsed.sslmode} is not a mode wrangler dev knows.`,
        `Use one of ${(isMysql ? MYSQL_TLS_MODES.slice(0, 5) : POSTGRES_TLS_MODES).join(", ")}.`,
      );
    }
    return { parsed, notes: [] };
  }
  const notes: string[] = [];
  const tlsExample = isMysql ? "?ssl-mode=REQUIRED" : "?sslmode=require";
  const why =
    target.sslmode !== undefined
      ? `${config} connects with sslmode ${target.sslmode}`
      : target.host !== undefined && target.host.toLowerCase() === parsed.host.toLowerCase() && !LOOPBACK.test(parsed.host)
        ? `${parsed.host} is the origin Hyperdrive reaches over the internet, which usually requires TLS`
        : undefined;
  if (why) {
    notes.push(
      `${why}, but wrangler dev connects without TLS unless the local connection string asks for it: ` +
        `if the database needs TLS, add ${tlsExample} to it${isMysql ? "" : " (verify-full&sslrootcert=PATH to check its certificate)"}.`,
    );
  }
  return { parsed, notes };
}

/** The origin as a connection string wrangler dev accepts (the `--local` default): TLS asked for when it had a mode. */
export function originConnectionString(origin: {
  scheme: Scheme | string;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  sslmode?: string;
}): string {
  const e = encodeURIComponent;
  const host = origin.host.includes(":") ? `[${origin.host}]` : origin.host;
  const base = `${origin.scheme}://${e(origin.user)}:${e(origin.password)}@${host}:${origin.port}/${e(origin.database)}`;
  if (origin.sslmode === undefined) return base;
  return origin.scheme === "mysql" ? `${base}?ssl-mode=REQUIRED` : `${base}?sslmode=require`;
}

/** The string with its password replaced by `****`, for a prompt. */
export function maskedConnectionString(value: string): string {
  return value.replace(/^([a-z]+:\/\/[^:@/]*:)[^@]*@/i, "$1****@");
}
