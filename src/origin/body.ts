// What the user said about the database and its settings (flags or a connection string) → the request body of a
// create (POST) or an update (PATCH). Pure: no I/O; secrets read from stdin or a prompt are already in the options.
import { UsageError } from "../errors";
import {
  ALL_SSLMODES,
  DEFAULT_PORTS,
  DEFAULT_SCHEME,
  MAX_CACHE_AGE_SECONDS,
  MIN_CONNECTION_LIMIT,
  PLAINTEXT_SSLMODES,
  SCHEMES,
  SSLMODES,
  isScheme,
  needsCaCertificate,
  normaliseSslmode,
  productOf,
  sslmodeFamily,
  type Scheme,
  type Sslmode,
} from "../api/contract";
import type { Caching, ConfigCreate, ConfigPatch, HyperdriveConfig, Mtls, OriginInput, OriginPatch } from "../api/schemas";
import { parseConnectionString } from "./connection-string";
import { FLAG, type UpsertOptions } from "./flags";

export type { UpsertOptions };

export interface BuiltBody<T> {
  body: T;
  /** Things the user should know that do not stop the command (ignored query parameters, …). */
  warnings: string[];
  /** update's --no-ca-certificate-id / --no-mtls-certificate-id: the ids completePatch leaves out of the stored mtls. */
  detach?: DetachKey[];
}

export type DetachKey = "ca_certificate_id" | "mtls_certificate_id";
const DETACH_FLAG: Record<DetachKey, string> = { ca_certificate_id: "--no-ca-certificate-id", mtls_certificate_id: "--no-mtls-certificate-id" };

const DISCRETE_ORIGIN = [
  "originHost",
  "originPort",
  "originScheme",
  "database",
  "originUser",
  "originPassword",
  "accessClientId",
  "accessClientSecret",
  "serviceId",
] as const;

const given = (v: unknown): boolean => v !== undefined;

function conflict(a: string, b: string, why: string): never {
  throw new UsageError(`${a} and ${b} cannot be used together: ${why}`);
}

/** Strict integer parsing: `--max-age abc` is an error naming the flag, never NaN. */
export function parseInteger(flag: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = String(raw).trim();
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number ${range}, got '${raw}'.`, `e.g. ${flag} ${min === 0 ? 60 : min}`);
  const n = Number(text);
  if (n < min || n > max) {
    throw new UsageError(
      max === Number.MAX_SAFE_INTEGER ? `${flag} must be at least ${min}, got ${n}.` : `${flag} must be between ${min} and ${max}, got ${n}.`,
    );
  }
  return n;
}

function nonEmpty(key: keyof UpsertOptions, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (String(value).trim() === "") throw new UsageError(`${FLAG[key]} must not be empty.`);
  return String(value);
}

function parseScheme(raw: string | undefined): Scheme | undefined {
  if (raw === undefined) return undefined;
  const s = raw.toLowerCase();
  if (!isScheme(s)) throw new UsageError(`--origin-scheme must be one of ${SCHEMES.join(", ")}; got '${raw}'.`);
  return s;
}

/** An sslmode for the scheme in the API's spelling (normaliseSslmode's rule), or a usage error naming `source`. */
export function parseSslmode(raw: string, scheme: Scheme | undefined, source = "--sslmode"): Sslmode {
  const mode = normaliseSslmode(raw, scheme);
  if (mode) return mode;
  const valid = scheme ? SSLMODES[sslmodeFamily(scheme)] : ALL_SSLMODES;
  const kind = scheme ? `a ${productOf(scheme)} origin` : "Hyperdrive";
  const tlsNote = PLAINTEXT_SSLMODES.includes(raw.toLowerCase()) ? " Hyperdrive always connects with TLS." : "";
  throw new UsageError(`${source} '${raw}' is not valid for ${kind}.${tlsNote}`, `Valid values: ${valid.join(", ")}.`);
}

interface ResolvedOrigin {
  /** Database part (any subset on update). */
  db: { scheme?: Scheme; database?: string; user?: string; password?: string };
  /** Network part: complete, or absent. */
  network?: { host: string; port: number } | { host: string; access_client_id: string; access_client_secret: string } | { service_id: string };
  sslmodeFromUrl?: { value: string; scheme: Scheme };
  warnings: string[];
}

/** The longest host name DNS allows, and the longest database and user name PostgreSQL and MySQL keep [DOCS limits]. */
const MAX_HOST_LENGTH = 253;
const MAX_IDENTIFIER_BYTES = 63;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const HOST_LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

const shown = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);

/** What is wrong with a host as the API would receive it (a DNS name, an IPv4 or a bare IPv6 address), or undefined. */
export function hostProblem(host: string): { problem: string; hint?: string } | undefined {
  if (CONTROL.test(host)) return { problem: "it contains a control character (a tab, a newline, a NUL…)" };
  if (/\s/.test(host)) return { problem: "it contains a space" };
  if (host.length > MAX_HOST_LENGTH) return { problem: `it is ${host.length} characters long; a host name has at most ${MAX_HOST_LENGTH}` };
  if (host.startsWith("[") && host.endsWith("]")) return { problem: "an IPv6 address is given without brackets here", hint: `e.g. --origin-host ${host.slice(1, -1)}` };
  if (isIPv6Literal(host)) return undefined;
  const port = /^(.*):(\d+)$/.exec(host);
  if (port) return { problem: "it includes a port", hint: `Give the port on its own: --origin-host ${port[1]} --origin-port ${port[2]}` };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return { problem: "it is a URL, not a host name", hint: "Give the whole URL with --connection-string, or only its host with --origin-host." };
  const labels = (host.endsWith(".") ? host.slice(0, -1) : host).split(".");
  if (!labels.every((label) => HOST_LABEL.test(label))) {
    return { problem: "a host name is letters, digits, '-' and '_' in dot-separated labels of 1 to 63 characters (or an IP address)" };
  }
  return undefined;
}

function isIPv6Literal(host: string): boolean {
  if (!host.includes(":") || !/^[0-9A-Fa-f:.]+(%[\w.-]+)?$/.test(host)) return false;
  const [address] = host.split("%");
  const halves = address.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
  const ipv4Tail = groups.length > 0 && groups[groups.length - 1].includes(".");
  const count = groups.length + (ipv4Tail ? 1 : 0);
  const valid = groups.every((g, i) => (i === groups.length - 1 && g.includes(".") ? /^(\d{1,3}\.){3}\d{1,3}$/.test(g) : /^[0-9A-Fa-f]{1,4}$/.test(g)));
  return valid && (halves.length === 2 ? count < 8 : count === 8);
}

/** A database or user name: at most 63 bytes, no control characters. */
function checkIdentifier(value: string | undefined, what: string, source: string): void {
  if (value === undefined) return;
  if (CONTROL.test(value)) throw new UsageError(`The ${what} ${source} contains a control character (a tab, a newline, a NUL…).`, `Check ${source}: a ${what} is printable text.`);
  const bytes = new TextEncoder().encode(value).length;
  if (bytes > MAX_IDENTIFIER_BYTES) {
    throw new UsageError(`The ${what} ${source} is ${bytes} bytes long; PostgreSQL and MySQL keep at most ${MAX_IDENTIFIER_BYTES}.`, `Check ${source}: the server would not know a ${what} that long.`);
  }
}

/** The host, database and user as the API will receive them: a host it can resolve, names the server can have. */
function checkOrigin(origin: ResolvedOrigin, fromConnectionString: boolean): ResolvedOrigin {
  const where = (flag: string) => (fromConnectionString ? "in --connection-string" : `from ${flag}`);
  if (origin.network && "host" in origin.network) {
    const host = origin.network.host;
    const found = hostProblem(host);
    if (found) throw new UsageError(`Invalid host ${shown(host)} ${where("--origin-host")}: ${found.problem}.`, found.hint ?? "e.g. --origin-host db.example.com, or an IP address");
  }
  checkIdentifier(origin.db.database, "database name", where("--database"));
  checkIdentifier(origin.db.user, "user name", where("--origin-user"));
  return origin;
}

/** Check the flag combinations (wrangler's rules, stated plainly) and gather the origin the user described. */
function resolveOrigin(o: UpsertOptions, mode: "create" | "update"): ResolvedOrigin {
  return checkOrigin(gatherOrigin(o, mode), given(o.connectionString));
}

function gatherOrigin(o: UpsertOptions, mode: "create" | "update"): ResolvedOrigin {
  const warnings: string[] = [];
  if (given(o.connectionString)) {
    // As in wrangler, --origin-scheme may come with a connection string, whose own scheme is the one sent.
    const mixed = DISCRETE_ORIGIN.filter((k) => k !== "originScheme" && given(o[k]));
    if (mixed.length) {
      throw new UsageError(
        `--connection-string cannot be combined with ${mixed.map((k) => FLAG[k]).join(", ")}.`,
        "Give the whole origin as a connection string, or every part as flags (--origin-host, --origin-port, --database, --origin-user, --origin-password).",
      );
    }
    const cs = parseConnectionString(o.connectionString!);
    if (cs.password === undefined) {
      throw new UsageError(
        "Invalid --connection-string: the password is missing (user:password@ before the host).",
        "Add it, percent-encoded, or read the whole string from standard input with --connection-string -.",
      );
    }
    const flagScheme = parseScheme(o.originScheme);
    if (flagScheme !== undefined && productOf(flagScheme) !== productOf(cs.scheme)) {
      throw new UsageError(
        `--origin-scheme ${flagScheme} contradicts --connection-string, which is a ${productOf(cs.scheme)} origin (${cs.scheme}://).`,
        "Drop --origin-scheme: with a connection string, its scheme is the one sent (wrangler ignores --origin-scheme too).",
      );
    }
    if (cs.ignoredParams.length) {
      warnings.push(`Ignored connection-string parameter${cs.ignoredParams.length > 1 ? "s" : ""}: ${cs.ignoredParams.join(", ")}.`);
    }
    return {
      db: { scheme: cs.scheme, database: cs.database, user: cs.user, password: cs.password },
      network: { host: cs.host, port: cs.port },
      sslmodeFromUrl: cs.sslmode === undefined ? undefined : { value: cs.sslmode, scheme: cs.scheme },
      warnings,
    };
  }

  const host = nonEmpty("originHost", o.originHost);
  const port = o.originPort === undefined ? undefined : parseInteger("--origin-port", o.originPort, 1, 65535);
  const accessId = nonEmpty("accessClientId", o.accessClientId);
  const accessSecret = nonEmpty("accessClientSecret", o.accessClientSecret);
  const serviceId = nonEmpty("serviceId", o.serviceId);
  const scheme = parseScheme(o.originScheme) ?? (mode === "create" ? DEFAULT_SCHEME : undefined);

  if (serviceId !== undefined) {
    if (host !== undefined) conflict("--service-id", "--origin-host", "a Workers VPC service already says how to reach the database.");
    if (port !== undefined) conflict("--service-id", "--origin-port", "a Workers VPC service already says how to reach the database.");
    if (accessId !== undefined || accessSecret !== undefined) {
      conflict("--service-id", accessId !== undefined ? "--access-client-id" : "--access-client-secret", "choose a Workers VPC service or a Cloudflare Tunnel, not both.");
    }
    for (const k of ["caCertificateId", "mtlsCertificateId", "sslmode"] as const) {
      if (given(o[k])) conflict("--service-id", FLAG[k], "TLS settings cannot be configured for a Workers VPC origin.");
    }
  }
  if (port !== undefined && (accessId !== undefined || accessSecret !== undefined)) {
    conflict(
      "--origin-port",
      accessId !== undefined ? "--access-client-id" : "--access-client-secret",
      "an origin behind Cloudflare Access (a Tunnel) has no port; give --origin-host with the Access pair only.",
    );
  }
  if ((accessId === undefined) !== (accessSecret === undefined)) {
    throw new UsageError(
      `${accessId === undefined ? "--access-client-id" : "--access-client-secret"} is missing: --access-client-id and --access-client-secret go together.`,
      "e.g. --origin-host db.example.com --access-client-id <id>.access --access-client-secret -",
    );
  }

  let network: ResolvedOrigin["network"];
  if (serviceId !== undefined) network = { service_id: serviceId };
  else if (accessId !== undefined) {
    if (host === undefined) {
      throw new UsageError("--origin-host is missing: an origin behind Cloudflare Access needs the Tunnel's hostname.", "e.g. --origin-host db.example.com");
    }
    network = { host, access_client_id: accessId, access_client_secret: accessSecret! };
  } else if (host !== undefined || port !== undefined) {
    if (host === undefined) throw new UsageError("--origin-host is missing: --origin-port needs a host.", "e.g. --origin-host db.example.com --origin-port 5432");
    if (port === undefined) {
      throw new UsageError(
        "--origin-port is missing: give the port with the host.",
        `e.g. --origin-host ${host} --origin-port ${DEFAULT_PORTS[scheme ?? DEFAULT_SCHEME]}`,
      );
    }
    network = { host, port };
  }

  return {
    db: {
      scheme,
      database: nonEmpty("database", o.database),
      user: nonEmpty("originUser", o.originUser),
      password: nonEmpty("originPassword", o.originPassword),
    },
    network,
    warnings,
  };
}

function buildCaching(o: UpsertOptions): Caching | undefined {
  const disabled = o.cachingDisabled;
  const maxAge = o.maxAge === undefined ? undefined : parseInteger("--max-age", o.maxAge, 0, MAX_CACHE_AGE_SECONDS);
  const swr = o.swr === undefined ? undefined : parseInteger("--swr", o.swr, 0);
  if (disabled === true && (maxAge !== undefined || swr !== undefined)) {
    throw new UsageError(
      `${maxAge !== undefined ? "--max-age" : "--swr"} cannot be set when caching is disabled.`,
      "Drop --caching-disabled, or use --caching-disabled false to enable caching with these settings.",
    );
  }
  if (disabled === undefined && maxAge === undefined && swr === undefined) return undefined;
  return {
    ...(disabled !== undefined ? { disabled } : {}),
    ...(maxAge !== undefined ? { max_age: maxAge } : {}),
    ...(swr !== undefined ? { stale_while_revalidate: swr } : {}),
  };
}

function buildMtls(o: UpsertOptions, origin: ResolvedOrigin, warnings: string[]): Mtls | undefined {
  const scheme = origin.db.scheme;
  let sslmode: Sslmode | undefined;
  if (o.sslmode !== undefined) {
    sslmode = parseSslmode(o.sslmode, scheme);
  } else if (origin.sslmodeFromUrl) {
    const { value, scheme: urlScheme } = origin.sslmodeFromUrl;
    if (PLAINTEXT_SSLMODES.includes(value.toLowerCase())) {
      warnings.push(`Hyperdrive always connects with TLS: ${urlScheme === "mysql" ? "ssl-mode" : "sslmode"}=${value} in the connection string is ignored.`);
    } else {
      sslmode = parseSslmode(value, urlScheme, `${urlScheme === "mysql" ? "ssl-mode" : "sslmode"} in --connection-string`);
    }
  }
  const ca = o.caCertificateId === false ? undefined : nonEmpty("caCertificateId", o.caCertificateId);
  const client = o.mtlsCertificateId === false ? undefined : nonEmpty("mtlsCertificateId", o.mtlsCertificateId);
  if (origin.network && "service_id" in origin.network && (sslmode || ca || client)) {
    throw new UsageError("TLS settings cannot be configured for a Workers VPC origin (--service-id).");
  }
  if (ca === undefined && client === undefined && sslmode === undefined) return undefined;
  return {
    ...(ca !== undefined ? { ca_certificate_id: ca } : {}),
    ...(client !== undefined ? { mtls_certificate_id: client } : {}),
    ...(sslmode !== undefined ? { sslmode } : {}),
  };
}

function buildConnectionLimit(o: UpsertOptions): number | undefined {
  return o.originConnectionLimit === undefined ? undefined : parseInteger("--origin-connection-limit", o.originConnectionLimit, MIN_CONNECTION_LIMIT);
}

const missing = (flag: string, what: string, example: string) =>
  new UsageError(`${flag} is missing: ${what}.`, `e.g. ${flag} ${example}, or give the whole origin with --connection-string.`);

/** POST /hyperdrive/configs. The password must already be known (read from stdin or prompted by the caller). */
export function buildCreateBody(name: string, o: UpsertOptions): BuiltBody<ConfigCreate> {
  if (name.trim() === "") throw new UsageError("The config name must not be empty.", "e.g. hyperdrive create my-db …");
  checkConfigName(name, "The config name");
  const origin = resolveOrigin(o, "create");
  const { db } = origin;
  if (db.database === undefined) throw missing("--database", "the name of the database on the origin server", "mydb");
  if (db.user === undefined) throw missing("--origin-user", "the user Hyperdrive connects as", "myuser");
  if (db.password === undefined) throw missing("--origin-password", "the password of that user", "- (read from standard input)");
  if (!origin.network) {
    throw new UsageError(
      "The origin's network location is missing.",
      "Give --origin-host and --origin-port, --origin-host with --access-client-id/--access-client-secret (Cloudflare Tunnel), --service-id (Workers VPC), or --connection-string.",
    );
  }
  const warnings = [...origin.warnings];
  const caching = buildCaching(o);
  const mtls = buildMtls(o, origin, warnings);
  const limit = buildConnectionLimit(o);
  const body: ConfigCreate = {
    name,
    origin: { scheme: db.scheme!, database: db.database, user: db.user, password: db.password, ...origin.network } as OriginInput,
    ...(caching ? { caching } : {}),
    ...(mtls ? { mtls } : {}),
    ...(limit !== undefined ? { origin_connection_limit: limit } : {}),
  };
  return { body, warnings };
}

/**
 * A create body's mtls as the API takes it: verify-ca / verify-full (VERIFY_CA / VERIFY_IDENTITY) need a CA certificate
 * (the API refuses them without one; wrangler sends them from --sslmode, or drops them with the rest of a connection
 * string's query). For create and apply's create; doctor checks against a local --ca-cert file instead.
 */
export function checkCreateMtls(body: ConfigCreate, o: UpsertOptions): void {
  const mtls = body.mtls;
  if (mtls?.sslmode === undefined || !needsCaCertificate(mtls.sslmode as Sslmode) || mtls.ca_certificate_id !== undefined) return;
  const mysql = sslmodeFamily(body.origin.scheme as Scheme) === "mysql";
  const from = o.sslmode !== undefined ? `--sslmode ${mtls.sslmode}` : `${mysql ? "ssl-mode" : "sslmode"}=${mtls.sslmode} in --connection-string`;
  throw new UsageError(
    `${from} verifies the database's certificate against a CA certificate, and none was given.`,
    `Give it with --ca-certificate-id <id> (hyperdrive cert list shows the uploaded ones; hyperdrive cert upload certificate-authority --ca-cert ca.pem uploads one), or use --sslmode ${mysql ? "REQUIRED" : "require"}.`,
  );
}

/** PATCH /hyperdrive/configs/{id}: only what was given. An update that changes nothing is an error. */
export function buildPatchBody(o: UpsertOptions): BuiltBody<ConfigPatch> {
  const origin = resolveOrigin(o, "update");
  const warnings = [...origin.warnings];
  const originPatch: OriginPatch = {};
  for (const [k, v] of Object.entries(origin.db)) if (v !== undefined) (originPatch as Record<string, unknown>)[k] = v;
  Object.assign(originPatch, origin.network ?? {});
  const caching = buildCaching(o);
  const detach: DetachKey[] = [
    ...(o.caCertificateId === false ? (["ca_certificate_id"] as const) : []),
    ...(o.mtlsCertificateId === false ? (["mtls_certificate_id"] as const) : []),
  ];
  if (detach.length && origin.network && "service_id" in origin.network) {
    throw new UsageError("TLS settings cannot be configured for a Workers VPC origin (--service-id).");
  }
  // Detaching sends the mtls object without the id, so the patch has one even when nothing else of mtls was given.
  const mtls = buildMtls(o, origin, warnings) ?? (detach.length ? {} : undefined);
  const limit = buildConnectionLimit(o);
  const name = o.name === undefined ? undefined : nonEmptyName(o.name);
  const body: ConfigPatch = {
    ...(name !== undefined ? { name } : {}),
    ...(Object.keys(originPatch).length ? { origin: originPatch } : {}),
    ...(caching ? { caching } : {}),
    ...(mtls ? { mtls } : {}),
    ...(limit !== undefined ? { origin_connection_limit: limit } : {}),
  };
  if (Object.keys(body).length === 0) {
    throw new UsageError(
      "Nothing to update: no setting was given.",
      "Give at least one of --name, --origin-password, --connection-string, --origin-host/--origin-port, --database, --origin-user, --caching-disabled, --max-age, --swr, --sslmode, --ca-certificate-id, --mtls-certificate-id, --origin-connection-limit.",
    );
  }
  return { body, warnings, ...(detach.length ? { detach } : {}) };
}

/** Whether completePatch needs the stored config: the patch changes mtls, or caching without disabling it. */
export function patchNeedsStored(body: ConfigPatch): boolean {
  return body.mtls !== undefined || (body.caching !== undefined && body.caching.disabled !== true);
}

/**
 * The patch to send, given the stored config. mtls and caching are sent whole, the settings not given with their stored
 * values, so that they keep them whether the API merges these objects or replaces them (--swr alone must not reset a
 * custom max-age, nor the reverse). --max-age or --swr on a config whose caching is disabled is refused unless
 * --caching-disabled false comes with them. A patch that disables caching, or does not touch mtls or caching, is
 * returned as it is.
 */
export function completePatch(body: ConfigPatch, current: HyperdriveConfig, detach: readonly DetachKey[] = []): ConfigPatch {
  const out: ConfigPatch = { ...body };
  if (body.mtls) {
    // (A stored sslmode is a string the API accepted before.) A detached id is left out: the API replaces mtls whole.
    const keep = (["ca_certificate_id", "mtls_certificate_id", "sslmode"] as const).filter((k) => !(detach as string[]).includes(k));
    out.mtls = { ...(stored(current.mtls, keep) as Mtls), ...body.mtls };
    checkMtls(out.mtls, current.name, (body.origin?.scheme ?? current.origin.scheme) as Scheme, detach);
  }
  if (body.caching && body.caching.disabled !== true) {
    if (current.caching?.disabled === true && body.caching.disabled === undefined) {
      throw new UsageError(
        `Caching is disabled on '${current.name}', so ${body.caching.max_age !== undefined ? "--max-age" : "--swr"} would not apply.`,
        "Add --caching-disabled false to enable caching with these settings.",
      );
    }
    out.caching = { ...stored(current.caching, ["max_age", "stale_while_revalidate"]), ...body.caching };
  }
  return out;
}

/**
 * The mtls the patch leaves must be one the API takes: verify-ca / verify-full (VERIFY_CA / VERIFY_IDENTITY) need a CA
 * certificate. Refused before anything is sent, with the command that works.
 */
function checkMtls(mtls: Mtls, name: string, scheme: Scheme, detach: readonly DetachKey[]): void {
  const mode = mtls.sslmode as Sslmode | undefined;
  if (mode === undefined || !(ALL_SSLMODES as readonly string[]).includes(mode) || !needsCaCertificate(mode) || mtls.ca_certificate_id) return;
  const require = sslmodeFamily(scheme) === "mysql" ? "REQUIRED" : "require";
  if (detach.includes("ca_certificate_id")) {
    throw new UsageError(
      `--no-ca-certificate-id would leave '${name}' with sslmode ${mode}, which verifies the server against a CA certificate.`,
      `Lower the mode with it: hyperdrive update ${name} --no-ca-certificate-id --sslmode ${require}`,
    );
  }
  throw new UsageError(
    `sslmode ${mode} needs a CA certificate, and '${name}' has none.`,
    `Give one with it: hyperdrive update ${name} --sslmode ${mode} --ca-certificate-id <id> (hyperdrive cert list shows them), or use --sslmode ${require}.`,
  );
}

/** Each detached id the stored config did not have: nothing to detach, which the user should hear. */
export function detachWarnings(current: HyperdriveConfig, detach: readonly DetachKey[]): string[] {
  return detach
    .filter((k) => !current.mtls?.[k])
    .map((k) => `${DETACH_FLAG[k]}: '${current.name}' has no ${k === "ca_certificate_id" ? "CA" : "client"} certificate; nothing to detach.`);
}

/** The `keys` of a stored object that have a value. */
function stored<T extends object, K extends keyof T>(object: T | null | undefined, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => object?.[key] !== undefined).map((key) => [key, object![key]])) as Partial<Pick<T, K>>;
}

function nonEmptyName(name: string): string {
  if (name.trim() === "") throw new UsageError("--name must not be empty.");
  checkConfigName(name, "--name");
  return name;
}

/**
 * A name that commands can address: not 32 hexadecimal digits (get, update, delete and bind would take it for an id,
 * so the config could never be named), no control characters (they break every listing).
 */
export function checkConfigName(name: string, what: string): void {
  if (/^[0-9a-f]{32}$/i.test(name)) {
    throw new UsageError(`${what} ${shown(name)} looks like a config id (32 hexadecimal digits): commands would take it for an id, and the config could never be addressed by name.`, "Choose a name with another character in it, e.g. a prefix: db-" + name.slice(0, 8));
  }
  if (CONTROL.test(name)) throw new UsageError(`${what} ${shown(name)} contains a control character (a tab, a newline…).`, "Choose a name of printable characters.");
}

const SECRET_KEYS = new Set(["password", "access_client_secret", "private_key"]);

/** A deep copy with every secret replaced by `<redacted>`, for dry-runs and debug output. */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(redactSecrets) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) && v !== undefined ? "<redacted>" : redactSecrets(v)]),
    ) as T;
  }
  return value;
}

/** The credentials a rotation changes (src/commands/rotate.ts): read from their flags, not yet checked. */
export interface NewCredentials {
  password?: string;
  user?: string;
  accessClientSecret?: string;
}

/** What a rotation needs given the stored origin: a password, and the Access secret when a Tunnel origin is copied. */
function checkCredentials(c: NewCredentials, stored: HyperdriveConfig, copying: boolean): void {
  if (c.user !== undefined && c.user.trim() === "") throw new UsageError(`${FLAG.originUser} must not be empty.`);
  for (const [key, value] of [["originPassword", c.password], ["accessClientSecret", c.accessClientSecret]] as const) {
    if (value !== undefined && value === "") throw new UsageError(`${FLAG[key]} must not be empty.`);
  }
  const access = stored.origin.access_client_id !== undefined;
  if (c.accessClientSecret !== undefined && !access) {
    throw new UsageError(`${FLAG.accessClientSecret} applies to an origin behind Cloudflare Access; '${stored.name}' is not one.`);
  }
  if (copying && access && c.accessClientSecret === undefined) {
    throw new UsageError(
      `${FLAG.accessClientSecret} is missing: the new config needs the Access client secret of '${stored.name}', which the API never returns.`,
      `Give it with ${FLAG.accessClientSecret} - (or @FILE, env:NAME).`,
    );
  }
  if (c.password === undefined && (copying || c.accessClientSecret === undefined)) {
    throw new UsageError(
      `${FLAG.originPassword} is missing: the new password of ${c.user ?? stored.origin.user ?? "the database user"}.`,
      `e.g. ${FLAG.originPassword} - (standard input), @FILE or env:NAME; on a terminal it is asked for.`,
    );
  }
}

/** rotate in place: PATCH only the credentials (`{"origin":{"password":…}}`, plus the user when given). */
export function credentialsPatch(c: NewCredentials, stored: HyperdriveConfig): ConfigPatch {
  checkCredentials(c, stored, false);
  const origin: OriginPatch = {
    ...(c.user !== undefined ? { user: c.user } : {}),
    ...(c.password !== undefined ? { password: c.password } : {}),
  };
  // An Access secret is sent with its client id: the API checks a network variant whole.
  if (c.accessClientSecret !== undefined) {
    Object.assign(origin, { host: stored.origin.host, access_client_id: stored.origin.access_client_id, access_client_secret: c.accessClientSecret });
  }
  return { origin };
}

/**
 * rotate --new-config: a create body with every setting of `stored` (origin, caching, mtls, connection limit) and the
 * new credentials. The stored secrets never come back from the API, so the new ones are all the body carries.
 */
export function copyConfigBody(config: HyperdriveConfig, name: string, c: NewCredentials): ConfigCreate {
  checkCredentials(c, config, true);
  const o = config.origin;
  const database = { scheme: o.scheme, database: o.database, user: c.user ?? o.user, password: c.password };
  const network =
    o.service_id !== undefined
      ? { service_id: o.service_id }
      : o.access_client_id !== undefined
        ? { host: o.host, access_client_id: o.access_client_id, access_client_secret: c.accessClientSecret }
        : { host: o.host, port: o.port };
  const caching = config.caching
    ? config.caching.disabled === true
      ? { disabled: true }
      : stored(config.caching, ["disabled", "max_age", "stale_while_revalidate"])
    : undefined;
  const mtls = config.mtls ? stored(config.mtls, ["ca_certificate_id", "mtls_certificate_id", "sslmode"]) : undefined;
  return {
    name,
    origin: { ...database, ...network } as OriginInput,
    ...(caching && Object.keys(caching).length ? { caching: caching as Caching } : {}),
    ...(mtls && Object.keys(mtls).length ? { mtls: mtls as Mtls } : {}),
    ...(config.origin_connection_limit !== undefined ? { origin_connection_limit: config.origin_connection_limit } : {}),
  };
}
