// Hyperdrive's vocabulary as plain constants and types: schemes, sslmodes, limits, and the API's error codes with their
// message and fix. Zod-free and import-free, so every layer imports it (the zod schemas, origin/, probe/, ui/, the
// client, the emulator) and no limit, list or code is copied anywhere else. Sources, cited as [OAS] and [DOCS]:
// - [OAS] the Cloudflare API schema, hyperdrive-config: https://developers.cloudflare.com/api/resources/hyperdrive/
// - [DOCS] Hyperdrive's docs, https://developers.cloudflare.com/hyperdrive/ : platform/limits, configuration/
//   query-caching, concepts/connection-pooling (tune-connection-pool), observability/troubleshooting.
// - [OBS] answers observed from the real API.

// ---------------------------------------------------------------------------------------------------------------
// Schemes [OAS origin.scheme: enum]

export const SCHEMES = ["postgres", "postgresql", "mysql"] as const;
export type Scheme = (typeof SCHEMES)[number];

/** wrangler's default for `--origin-scheme`. */
export const DEFAULT_SCHEME: Scheme = "postgresql";

export const DEFAULT_PORTS: Readonly<Record<Scheme, number>> = { postgres: 5432, postgresql: 5432, mysql: 3306 };

export function isScheme(text: string): text is Scheme {
  return (SCHEMES as readonly string[]).includes(text);
}

/** The database product a scheme speaks to, as people write it. */
export function productOf(scheme: Scheme): "PostgreSQL" | "MySQL" {
  return scheme === "mysql" ? "MySQL" : "PostgreSQL";
}

// ---------------------------------------------------------------------------------------------------------------
// sslmodes [OAS mtls.sslmode: "require, verify-ca, or verify-full"; wrangler sends MySQL's spellings for mysql]

export const SSLMODES = {
  postgres: ["require", "verify-ca", "verify-full"],
  mysql: ["REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"],
} as const;
export type SslmodeFamily = keyof typeof SSLMODES;
export type PostgresSslmode = (typeof SSLMODES.postgres)[number];
export type MysqlSslmode = (typeof SSLMODES.mysql)[number];
export type Sslmode = PostgresSslmode | MysqlSslmode;
export const ALL_SSLMODES = [...SSLMODES.postgres, ...SSLMODES.mysql] as const;

export function sslmodeFamily(scheme: Scheme): SslmodeFamily {
  return scheme === "mysql" ? "mysql" : "postgres";
}

/** What Hyperdrive checks under each mode: `require` encrypts; `verify-ca` also checks the chain; `verify-full` also the host. */
export type TlsVerification = PostgresSslmode;
export const SSLMODE_VERIFICATION: Readonly<Record<Sslmode, TlsVerification>> = {
  require: "require",
  "verify-ca": "verify-ca",
  "verify-full": "verify-full",
  REQUIRED: "require",
  VERIFY_CA: "verify-ca",
  VERIFY_IDENTITY: "verify-full",
};
/** Hyperdrive's mode when none is set [DOCS tls-ssl]. */
export const DEFAULT_TLS_VERIFICATION: TlsVerification = "require";

/** verify-ca / verify-full (and their MySQL names) need the CA that signed the server's certificate [DOCS]. */
export function needsCaCertificate(mode: Sslmode): boolean {
  return SSLMODE_VERIFICATION[mode] !== "require";
}

/** The libpq / MySQL modes that do not encrypt: Hyperdrive always connects with TLS, so it has none of them. */
export const PLAINTEXT_SSLMODES: readonly string[] = ["disable", "allow", "prefer", "disabled", "preferred"];

/**
 * The one rule for reading an sslmode: case does not matter, the spelling does (`verify-ca` for PostgreSQL, `VERIFY_CA`
 * for MySQL), and the mode must belong to the scheme's family — either family when the scheme is unknown (no text
 * matches both). Gives the API's spelling, or undefined when Hyperdrive has no such mode.
 */
export function normaliseSslmode(text: string, scheme?: Scheme): Sslmode | undefined {
  const wanted = text.toLowerCase();
  const find = (family: SslmodeFamily): Sslmode | undefined => SSLMODES[family].find((mode) => mode.toLowerCase() === wanted);
  return scheme ? find(sslmodeFamily(scheme)) : (find("postgres") ?? find("mysql"));
}

// ---------------------------------------------------------------------------------------------------------------
// Limits

/** caching.max_age: "You can set a maximum max_age of 1 hour" [DOCS query-caching]; [OAS] sets no bound. */
export const MAX_CACHE_AGE_SECONDS = 3600;
/** What caching uses when max_age / stale_while_revalidate are not set (the API does not echo them) [DOCS query-caching]. */
export const API_DEFAULT_MAX_AGE_SECONDS = 60;
export const API_DEFAULT_SWR_SECONDS = 15;

/** origin_connection_limit: `minimum: 5` and no maximum [OAS]; "a minimum of 5 connections" [DOCS tune-connection-pool]. */
export const MIN_CONNECTION_LIMIT = 5;
/**
 * The Free plan's pool: origin_connection_limit's default and its most, 20 [OAS description]. The Paid plan's documented
 * most is 100 [OAS description], more for some Cloudflare-managed origins: a soft limit the schema does not enforce, so
 * nothing here caps a limit above 5.
 */
export const FREE_PLAN_POOL_SIZE = 20;
export const PAID_PLAN_POOL_SIZE = 100;
/** What the API stores when a Paid account's create leaves origin_connection_limit unset, 60 [OAS description]. */
export const API_DEFAULT_CONNECTION_LIMIT = 60;

/** A certificate (CA or client) expiring in fewer days than this is warned about: on upload, by doctor and by check. */
export const CERTIFICATE_EXPIRY_WARNING_DAYS = 30;

/** An account id as the API issues it and the dashboard's URL shows it: 32 lowercase hexadecimal digits. */
export const ACCOUNT_ID_PATTERN = /^[0-9a-f]{32}$/;

/** What is wrong with an account id, or undefined: the one check for the flag, the env, the config file and the emulator. */
export function accountIdProblem(id: string): string | undefined {
  if (ACCOUNT_ID_PATTERN.test(id)) return undefined;
  if (/^[0-9a-fA-F]{32}$/.test(id)) return "it has upper-case letters; account ids are lower-case";
  if (/^[0-9a-f-]{36}$/i.test(id)) return "it looks like a UUID; an account id is 32 hexadecimal digits without dashes";
  return `an account id is 32 hexadecimal digits, got ${id.length} character${id.length === 1 ? "" : "s"}${/^[0-9a-fA-F]*$/.test(id) ? "" : " that are not all 0-9 and a-f"}`;
}

/** Configs per account: 10 on the Free plan, 25 on Paid [DOCS limits]. */
export const FREE_PLAN_MAX_CONFIGS = 10;
export const PAID_PLAN_MAX_CONFIGS = 25;

/**
 * A config's name: the API documents no length or pattern [OAS]; names this tool derives (rotate's
 * `<name>-<yyyymmdd>`) are kept to this many characters, which every documented example fits.
 */
export const MAX_CONFIG_NAME_LENGTH = 64;

/** User and database names: at most 63 bytes (PostgreSQL's limit) [DOCS limits]. */
export const MAX_NAME_BYTES = 63;

/** The API's rate limit: 1,200 requests per 5 minutes per user [DOCS fundamentals/api/reference/limits]. */
export const API_RATE_LIMIT = { requests: 1200, windowSeconds: 300 } as const;

// ---------------------------------------------------------------------------------------------------------------
// Error codes: the API's words (observed, else the "Details" sentence of the troubleshooting docs) and the fix a user
// is shown. The fix reads what the command knows about the origin.

/** What the command knows about the origin, so a fix can name the host, database and user (never the password). */
export interface HintContext {
  /** The config's name; without it (and outside doctor) a command shows `<config>`. */
  name?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  write?: boolean;
  /** The request was a create: no config exists yet, so a hint cannot point at one. */
  creating?: boolean;
  /**
   * The hint ends `hyperdrive doctor`'s checklist (doctor, or create/update --preflight) rather than an API answer: the
   * origin was checked from here and the failed step above holds the reason, there may be no config yet, and the
   * password is the one just given, so the hint suggests neither doctor nor a config command.
   */
  doctor?: boolean;
  /** cert delete refused (1410): the command that detaches the certificate from each config using it. */
  detachCommands?: string[];
}

export interface ApiCode {
  code: number;
  /** The API's message for it, where known. */
  message?: string;
  fix?: (c: HintContext) => string;
}

const where = (c: HintContext) => (!c.host ? "the origin" : c.port ? `${c.host}:${c.port}` : c.host);
const quotedHost = (c: HintContext, none: string) => (c.host ? `'${c.host}'` : none);
const userOf = (c: HintContext) => (c.user ? `'${c.user}'` : "the user");
const databaseOf = (c: HintContext) => (c.database ? `'${c.database}'` : "the database");
const notFoundFix = () => "The API found no such object: the account id or the config id is probably wrong (hyperdrive list shows the configs).";
const headerFix = () => "The Authorization header is malformed: copy CLOUDFLARE_API_TOKEN again (no quotes, spaces or line breaks).";

/**
 * Codes by what they mean. Observed on the real API: 6003/6111, 6007, 9106, 9109, 10000, 1000, 7003, 971 (rate limit),
 * 1408, 2007, 2017; 2008–2016 are the connection test's [DOCS troubleshooting]. The others are the emulator's choice
 * where Cloudflare's code is not documented (src/emulator/README.md).
 */
export const API_CODES = {
  invalidApiToken: {
    code: 1000,
    message: "Invalid API Token",
    fix: () => "The API token is invalid or was revoked. Create one at https://dash.cloudflare.com/profile/api-tokens and set CLOUDFLARE_API_TOKEN.",
  },
  invalidRequest: { code: 1001 },
  certificateInvalidRequest: { code: 1400 },
  certificateParse: { code: 1408 },
  privateKey: { code: 1409 },
  certificateInUse: {
    code: 1410,
    fix: (c) =>
      c.detachCommands?.length
        ? `Detach it from ${c.detachCommands.length === 1 ? "the config that uses it" : `the ${c.detachCommands.length} configs that use it`}, then delete it again:\n  ${c.detachCommands.join("\n  ")}`
        : "Detach it from the configs that use it (hyperdrive update <config> --no-ca-certificate-id, or --no-mtls-certificate-id for a client certificate), then delete it again.",
  },
  configInvalid: { code: 2001 },
  mtlsInvalid: {
    code: 2007,
    message: "mtls cannot be used with service_id.",
    fix: () =>
      "The TLS settings were refused: a Workers VPC origin (--service-id) takes none; --sslmode verify-ca/verify-full (VERIFY_CA/VERIFY_IDENTITY) need --ca-certificate-id; the ids must name uploaded certificates (hyperdrive cert list).",
  },
  badHostname: {
    code: 2008,
    message: "Bad hostname.",
    fix: (c) =>
      c.doctor
        ? `${quotedHost(c, "The host name")} does not resolve. Check its spelling and that it has a public DNS record.`
        : `Hyperdrive could not resolve ${quotedHost(c, "the host name")}. Check its spelling and that it has a public DNS record (hyperdrive doctor checks this from here).`,
  },
  notPublic: {
    code: 2009,
    message: "The hostname does not resolve to a public IP address, or the IP address is not a public address.",
    fix: (c) =>
      `${quotedHost(c, "The host")} is not a public address (private ranges such as 10.x, 192.168.x and localhost are unreachable). Hyperdrive reaches private databases only through a Cloudflare Tunnel: ${c.doctor ? "create the config with" : "give"} --origin-host <tunnel host> --access-client-id <id> --access-client-secret -.`,
  },
  unreachable: {
    code: 2010,
    message: "Cannot connect to the host:port.",
    fix: (c) =>
      `${c.doctor ? `${c.host ? where(c) : "The origin"} could not be reached` : `Hyperdrive could not reach ${where(c)}`}. Check the host and port, and that the database listens on a public interface.`,
  },
  refused: {
    code: 2011,
    message:
      "Network connection to the provided database was refused. Please check that host and port are correct and " +
      "that the database allows connections from public IP addresses.",
    fix: (c) =>
      `${where(c)} refused the connection. A firewall or access list is likely rejecting Hyperdrive: allow connections from the public Internet on that port, and check that the port is right.`,
  },
  noTls: {
    code: 2012,
    message: "Databases must be configured to support SSL/TLS.",
    fix: (c) =>
      `The database at ${where(c)} does not accept TLS (SSL). Hyperdrive requires TLS: enable it on the server (PostgreSQL: ssl = on; MySQL: require_secure_transport or a server certificate).`,
  },
  badCredentials: {
    code: 2013,
    message: "Invalid database credentials.",
    fix: (c) =>
      `The database rejected ${userOf(c)}. Check that the user exists and the password is right (case-sensitive).${
        c.doctor
          ? ""
          : c.creating
            ? " Nothing was created: run the create again with the right one (--origin-password - reads it from stdin)."
            : ` To change it: hyperdrive update ${c.name ?? "<config>"} --origin-password -`
      }`,
  },
  noDatabase: {
    code: 2014,
    message: "The specified database name does not exist.",
    fix: (c) =>
      `The database ${databaseOf(c)} does not exist on ${where(c)}. Check the database name (not a table or schema name), and that ${userOf(c)} may use it.`,
  },
  connectionFailed: {
    code: 2015,
    message: "Failed to connect to the provided database",
    fix: (c) =>
      c.doctor
        ? "Hyperdrive would not connect, for the reason in the failed step above: fix that, then check again."
        : "Hyperdrive could not connect, for the reason in the message above. Run hyperdrive doctor with the same origin to check each step from here.",
  },
  testQueryFailed: {
    code: 2016,
    message: "Test query failed.",
    fix: (c) =>
      `The test query failed: ${userOf(c)} must be allowed to connect to ${databaseOf(c)} and to run read and write queries there (GRANT CONNECT, USAGE and table privileges).`,
  },
  nameExists: {
    code: 2017,
    message: "A Hyperdrive config with the given name already exists",
    fix: (c) => {
      const cfg = c.name ?? "<config>";
      return `A config named '${cfg}' already exists. See it with hyperdrive get ${cfg}, change it with hyperdrive update ${cfg} …, or choose another name.`;
    },
  },
  configLimit: { code: 2018 },
  invalidHeaders: { code: 6003, message: "Invalid request headers", fix: headerFix },
  malformedJson: { code: 6007 },
  authorizationFormat: { code: 6111, message: "Invalid format for Authorization header", fix: headerFix },
  noRoute: { code: 7000, message: "No route for that URI", fix: notFoundFix },
  methodNotAllowed: { code: 7001 },
  routeNotFound: { code: 7003, fix: notFoundFix },
  unknownKey: { code: 9103, message: "Unknown X-Auth-Key or X-Auth-Email" },
  missingAuth: {
    code: 9106,
    message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers",
    fix: () => "No credentials reached the API. Set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL).",
  },
  unauthorized: {
    code: 9109,
    message: "Unauthorized to access requested resource",
    fix: () => "These credentials may not access this resource: check that the token belongs to this account (--account-id or CLOUDFLARE_ACCOUNT_ID).",
  },
  authentication: {
    code: 10000,
    message: "Authentication error",
    fix: (c) =>
      c.write
        ? "The credentials may not change Hyperdrive configs. An API token needs the permission Account · Hyperdrive · Edit (and Account · SSL and Certificates · Edit for certificates)."
        : "The credentials may not read Hyperdrive configs. An API token needs Account · Hyperdrive · Read (or Edit).",
  },
  serverError: { code: 10002 },
  notFound: { code: 10007 },
  rateLimited: { code: 971 },
} satisfies Record<string, ApiCode>;

export type ApiCodeName = keyof typeof API_CODES;

/** Each code's number by its name, e.g. `CODES.nameExists` is 2017. */
export const CODES = Object.fromEntries(Object.entries(API_CODES).map(([name, entry]) => [name, entry.code])) as {
  readonly [K in ApiCodeName]: (typeof API_CODES)[K]["code"];
};

const BY_NUMBER = new Map<number, ApiCode>(Object.values(API_CODES).map((entry) => [entry.code, entry]));

/** The code's entry, or undefined for a code this tool does not know. */
export function apiCode(code: number): ApiCode | undefined {
  return BY_NUMBER.get(code);
}

/** The plain remediation for a code, in the words of what the command knows about the origin. */
export function fixFor(code: number, context: HintContext): string | undefined {
  return apiCode(code)?.fix?.(context);
}

/** Hyperdrive's connection-test codes: what `doctor` predicts and the emulator's connection test answers. */
export const CONNECTION_TEST_CODES = [2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016] as const;

/** The message Hyperdrive's API would return; 2015 carries the detail after a colon, as Hyperdrive does. */
export function connectionTestMessage(code: number, detail: string): string {
  const generic = API_CODES.connectionFailed.message;
  if (code === CODES.connectionFailed) return `${generic}: ${detail}`;
  return (CONNECTION_TEST_CODES as readonly number[]).includes(code) ? (apiCode(code)?.message ?? generic) : generic;
}

/** Hyperdrive's details of a 2015 when TLS fails [DOCS troubleshooting]. */
export const CONNECTION_FAILURE_DETAILS = {
  /** The server ended the session during TLS or startup (e.g. it requires a client certificate). */
  serverClosed: "Server return error and closed connection.",
  certValidation: "TLS handshake failed: cert validation failed.",
} as const;

export const CLIENT_CERT_FIX =
  "The database requires a client certificate: upload one (hyperdrive cert upload mtls-certificate) and create the " +
  "config with --mtls-certificate-id.";
