// Parse a database connection string (postgres://, postgresql://, mysql://) into its parts.
// Hand-written rather than `new URL()`: WHATWG URL parsing turns unencoded `/ ? # %` in a password into a misleading
// error (or a wrong host), and we want to name the offending character and its percent-encoding. Unencoded `@` and
// `:` in the password are read as WHATWG URL parsing (and so wrangler) reads them: the last `@` before the host ends
// the user information and the first `:` in it ends the user — unless a piece after an `@` itself looks like a host,
// where what the user meant is unclear. No message ever contains the password.
import { DEFAULT_PORTS, isScheme, type Scheme } from "../api/contract";
import { UsageError } from "../errors";

export interface ParsedConnectionString {
  scheme: Scheme;
  host: string;
  port: number;
  database: string;
  user: string;
  /** Undefined when the string has none (the caller may prompt for it). */
  password?: string;
  /** `sslmode` (PostgreSQL) or `ssl-mode` (MySQL) from the query string, as written. */
  sslmode?: string;
  /** Query parameters we do not use (names only: values may hold secrets). */
  ignoredParams: string[];
}

const EXAMPLE = "postgres://user:password@db.example.com:5432/database";
const RESERVED_IN_USERINFO: Record<string, string> = { "/": "%2F", "?": "%3F", "#": "%23" };
// A host name with a dot and a top-level label, an IPv4 address, or anything:port.
const LOOKS_LIKE_HOST = /^(?:(?:[A-Za-z0-9-]+\.)+[A-Za-z][A-Za-z0-9-]*|\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5})?$|^[A-Za-z0-9.-]+:\d{1,5}$/;

const PREFIX = "Invalid --connection-string: ";

function fail(problem: string, hint = `A connection string looks like ${EXAMPLE}.`): never {
  throw new UsageError(PREFIX + problem, hint);
}

/** Decode percent-escapes; a stray `%` or an invalid UTF-8 sequence is an error naming the part, never its value. */
function decodePart(raw: string, part: string): string {
  const stray = /%(?![0-9A-Fa-f]{2})/.exec(raw);
  if (stray) {
    fail(
      `the ${part} contains a '%' that is not followed by two hex digits.`,
      `Percent-encode a literal '%' as %25 (for example p%25ss for p%ss).`,
    );
  }
  try {
    return decodeURIComponent(raw);
  } catch {
    fail(`the ${part} contains a percent-encoding that is not valid UTF-8.`);
  }
}

function checkUserinfoPart(raw: string, part: "user" | "password"): void {
  const pieces = raw.split("@").slice(1);
  if (pieces.some((piece) => LOOKS_LIKE_HOST.test(piece))) {
    fail(
      `the ${part} contains an unencoded '@' followed by what looks like a host, so where the ${part} ends is unclear.`,
      `Percent-encode each '@' in the ${part} as %40 (for example ${part === "user" ? "my%40user" : "pa%40ss"}), or pass the ${part} with --origin-${part} and the other parts as flags.`,
    );
  }
  for (const ch of raw) {
    const encoded = RESERVED_IN_USERINFO[ch];
    if (encoded) {
      fail(
        `the ${part} contains an unencoded '${ch}'.`,
        `Percent-encode it as ${encoded} (for example ${part === "user" ? "my" : "pa"}${encoded}${part === "user" ? "user" : "ss"}), ` +
          `or pass the ${part} with --origin-${part} and the other parts as flags.`,
      );
    }
  }
}

function parsePort(raw: string): number {
  if (raw === "") fail("the port after ':' is missing.", "Give a port from 1 to 65535, or leave out the ':' for the default port.");
  if (!/^\d{1,5}$/.test(raw)) fail(`the port '${raw}' is not a number.`, "Give a port from 1 to 65535, e.g. db.example.com:5432.");
  const port = Number(raw);
  if (port < 1 || port > 65535) fail(`the port ${port} is out of range.`, "Give a port from 1 to 65535.");
  return port;
}

/** Parses `input`; errors name `flag` (default --connection-string) and never the password. */
export function parseConnectionString(input: string, flag = "--connection-string"): ParsedConnectionString {
  try {
    return parse(input);
  } catch (error) {
    if (flag === "--connection-string" || !(error instanceof UsageError) || !error.message.startsWith(PREFIX)) throw error;
    throw new UsageError(`Invalid ${flag}: ${error.message.slice(PREFIX.length)}`, error.hint);
  }
}

function parse(input: string): ParsedConnectionString {
  const text = input.trim();
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (!schemeMatch) {
    fail("it does not start with a scheme such as postgres:// or mysql://.");
  }
  const schemeText = schemeMatch[1].toLowerCase();
  if (!isScheme(schemeText)) {
    fail(
      `the scheme '${schemeMatch[1]}://' is not supported.`,
      "Hyperdrive connects to PostgreSQL (postgres:// or postgresql://) and MySQL (mysql://) databases.",
    );
  }
  const scheme: Scheme = schemeText;
  const rest = text.slice(schemeMatch[0].length);

  // The user information ends at the last '@': an unencoded '@', '/', '?' or '#' in a password then stays inside it
  // and is reported by name, instead of being taken for the host or the path.
  const at = rest.lastIndexOf("@");
  if (at === -1) fail("it has no user and password (user:password@ before the host).");
  const userinfo = rest.slice(0, at);
  const afterAt = rest.slice(at + 1);

  const colon = userinfo.indexOf(":");
  const rawUser = colon === -1 ? userinfo : userinfo.slice(0, colon);
  const rawPassword = colon === -1 ? undefined : userinfo.slice(colon + 1);
  if (rawUser === "") fail("the user is missing (user:password@ before the host).");
  checkUserinfoPart(rawUser, "user");
  if (rawPassword !== undefined) checkUserinfoPart(rawPassword, "password");
  const user = decodePart(rawUser, "user");
  const password = rawPassword === undefined || rawPassword === "" ? undefined : decodePart(rawPassword, "password");

  // host[:port] up to the first '/', '?' or '#'
  const hostEnd = afterAt.search(/[/?#]/);
  const hostPort = hostEnd === -1 ? afterAt : afterAt.slice(0, hostEnd);
  const tail = hostEnd === -1 ? "" : afterAt.slice(hostEnd);
  let host: string;
  let port: number;
  if (hostPort.startsWith("[")) {
    const close = hostPort.indexOf("]");
    if (close === -1) fail("the IPv6 address has no closing ']'.", "Write IPv6 hosts in brackets, e.g. postgres://user:password@[2001:db8::1]:5432/database.");
    host = hostPort.slice(1, close);
    const after = hostPort.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) fail("unexpected text after the IPv6 address.");
    port = after === "" ? DEFAULT_PORTS[scheme] : parsePort(after.slice(1));
    if (!/^[0-9A-Fa-f:.]+(%[\w.-]+)?$/.test(host) || !host.includes(":")) fail(`'[${host}]' is not an IPv6 address.`);
  } else {
    const c = hostPort.lastIndexOf(":");
    host = c === -1 ? hostPort : hostPort.slice(0, c);
    port = c === -1 ? DEFAULT_PORTS[scheme] : parsePort(hostPort.slice(c + 1));
    if (host.includes(",")) fail("it names several hosts; Hyperdrive connects to one host.", "Give the primary's host only.");
    if (host.includes(":")) fail("the host contains ':'.", "Write IPv6 hosts in brackets, e.g. [2001:db8::1]:5432.");
    if (host.includes("%")) fail("the host is percent-encoded (a Unix socket?). Hyperdrive connects over TCP to a host name or IP address.");
  }
  if (host === "") fail("the host is missing.", `Put the host after '@', e.g. ${EXAMPLE}.`);

  // /database ? query # fragment
  const queryStart = tail.indexOf("?");
  const hashStart = tail.indexOf("#");
  if (hashStart !== -1 && (queryStart === -1 || hashStart < queryStart)) {
    fail("it contains an unexpected '#'.", "Percent-encode a '#' in a name as %23.");
  }
  const path = queryStart === -1 ? tail : tail.slice(0, queryStart);
  const query = queryStart === -1 ? "" : tail.slice(queryStart + 1).replace(/#.*$/, "");
  if (path === "" || path === "/") fail("the database name is missing.", `Add it after the host, e.g. ${EXAMPLE}.`);
  if (path.slice(1).includes("/")) fail("the database name contains '/'.", "Percent-encode a '/' in a database name as %2F.");
  const database = decodePart(path.slice(1), "database name");

  let sslmode: string | undefined;
  const ignoredParams: string[] = [];
  const sslParam = scheme === "mysql" ? "ssl-mode" : "sslmode";
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decodePart(eq === -1 ? pair : pair.slice(0, eq), "query string");
    const value = eq === -1 ? "" : decodePart(pair.slice(eq + 1).replace(/\+/g, " "), "query string");
    if (key.toLowerCase() === sslParam || (scheme === "mysql" && key.toLowerCase() === "sslmode")) sslmode = value;
    else ignoredParams.push(key);
  }

  return { scheme, host, port, database, user, password, sslmode, ignoredParams };
}
