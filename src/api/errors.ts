// API failures as one typed error, and plain remediation hints for the codes users meet. hintFor is also the wording of
// `hyperdrive doctor`'s fix (src/probe/steps.ts): it must stay light (no runtime import but ../errors).
import { CliError, EXIT_FAILURE, type ErrorDetail } from "../errors";
import type { ApiMessage } from "./schemas";

/** What the command knows about the origin, so a hint can name the host, database and user (never the password). */
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
}

export class ApiError extends CliError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly errors: ApiMessage[];
  readonly retryAfter?: number;
  context: HintContext = {};

  constructor(init: { status: number; method: string; path: string; errors: ApiMessage[]; retryAfter?: number }) {
    const first = init.errors[0];
    super(first ? first.message : `The Cloudflare API answered HTTP ${init.status}.`, { exitCode: EXIT_FAILURE });
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.errors = init.errors;
    this.retryAfter = init.retryAfter;
  }

  /** Every code in the response, error chains included. */
  codes(): number[] {
    const out: number[] = [];
    const walk = (list: ApiMessage[]) => {
      for (const e of list) {
        out.push(e.code);
        if (e.error_chain) walk(e.error_chain);
      }
    };
    walk(this.errors);
    return out;
  }

  override details(): ErrorDetail[] {
    const list = this.errors.length ? this.errors : [{ code: 0, message: this.message }];
    const details: ErrorDetail[] = list.map((e) => {
      const hint = hintFor(e.code, this) ?? e.error_chain?.map((c) => hintFor(c.code, this)).find(Boolean);
      const chain = e.error_chain?.length ? ` (${e.error_chain.map((c) => `${c.message} [code: ${c.code}]`).join("; ")})` : "";
      return { ...(e.code ? { code: e.code } : {}), message: e.message + chain, ...(hint ? { hint } : {}) };
    });
    const fallback = statusHint(this);
    if (fallback && !details.some((d) => d.hint)) details[0] = { ...details[0], hint: fallback };
    return details;
  }
}

/** Network failures reaching the API (DNS, refused, timeout, reset). */
export class NetworkError extends CliError {
  readonly code?: string;
  constructor(message: string, code?: string, hint?: string) {
    super(message, { exitCode: EXIT_FAILURE, hint });
    this.code = code;
  }
}

function where(c: HintContext): string {
  if (!c.host) return "the origin";
  return c.port ? `${c.host}:${c.port}` : c.host;
}

function statusHint(e: ApiError): string | undefined {
  if (e.status === 429) {
    return `The Cloudflare API rate-limits to 1,200 requests per 5 minutes.${e.retryAfter !== undefined ? ` Wait ${e.retryAfter} s, then retry.` : " Wait a few minutes, then retry."}`;
  }
  if (e.status === 404) return "Not found: check the id (hyperdrive list shows them) and the account id.";
  if (e.status === 401 || e.status === 403) return "Check CLOUDFLARE_API_TOKEN and that it may use this account (--account-id).";
  if (e.status >= 500) return "Cloudflare's API had a problem; retry in a minute. https://www.cloudflarestatus.com shows incidents.";
  return undefined;
}

/** A plain remediation for an error code, using what the command knows about the origin. */
export function hintFor(code: number, e: { context: HintContext }): string | undefined {
  const c = e.context;
  const user = c.user ? `'${c.user}'` : "the user";
  const db = c.database ? `'${c.database}'` : "the database";
  const cfg = c.name ?? "<config>";
  switch (code) {
    case 2007:
      return "The TLS settings were refused: a Workers VPC origin (--service-id) takes none; --sslmode verify-ca/verify-full (VERIFY_CA/VERIFY_IDENTITY) need --ca-certificate-id; the ids must name uploaded certificates (hyperdrive cert list).";
    case 2008:
      return c.doctor
        ? `${c.host ? `'${c.host}'` : "The host name"} does not resolve. Check its spelling and that it has a public DNS record.`
        : `Hyperdrive could not resolve ${c.host ? `'${c.host}'` : "the host name"}. Check its spelling and that it has a public DNS record (hyperdrive doctor checks this from here).`;
    case 2009:
      return `${c.host ? `'${c.host}'` : "The host"} is not a public address (private ranges such as 10.x, 192.168.x and localhost are unreachable). Hyperdrive reaches private databases only through a Cloudflare Tunnel: ${c.doctor ? "create the config with" : "give"} --origin-host <tunnel host> --access-client-id <id> --access-client-secret -.`;
    case 2010:
      return `${c.doctor ? `${c.host ? where(c) : "The origin"} could not be reached` : `Hyperdrive could not reach ${where(c)}`}. Check the host and port, and that the database listens on a public interface.`;
    case 2011:
      return `${where(c)} refused the connection. A firewall or access list is likely rejecting Hyperdrive: allow connections from the public Internet on that port, and check that the port is right.`;
    case 2012:
      return `The database at ${where(c)} does not accept TLS (SSL). Hyperdrive requires TLS: enable it on the server (PostgreSQL: ssl = on; MySQL: require_secure_transport or a server certificate).`;
    case 2013:
      return `The database rejected ${user}. Check that the user exists and the password is right (case-sensitive).${
        c.doctor ? "" : c.creating ? " Nothing was created: run the create again with the right one (--origin-password - reads it from stdin)." : ` To change it: hyperdrive update ${cfg} --origin-password -`
      }`;
    case 2014:
      return `The database ${db} does not exist on ${where(c)}. Check the database name (not a table or schema name), and that ${user} may use it.`;
    case 2015:
      return c.doctor
        ? "Hyperdrive would not connect, for the reason in the failed step above: fix that, then check again."
        : "Hyperdrive could not connect, for the reason in the message above. Run hyperdrive doctor with the same origin to check each step from here.";
    case 2016:
      return `The test query failed: ${user} must be allowed to connect to ${db} and to run read and write queries there (GRANT CONNECT, USAGE and table privileges).`;
    case 2017:
      return `A config named '${cfg}' already exists. See it with hyperdrive get ${cfg}, change it with hyperdrive update ${cfg} …, or choose another name.`;
    case 10000:
      return c.write
        ? "The credentials may not change Hyperdrive configs. An API token needs the permission Account · Hyperdrive · Edit (and Account · SSL and Certificates · Edit for certificates)."
        : "The credentials may not read Hyperdrive configs. An API token needs Account · Hyperdrive · Read (or Edit).";
    case 9106:
      return "No credentials reached the API. Set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL).";
    case 9109:
      return "These credentials may not access this resource: check that the token belongs to this account (--account-id or CLOUDFLARE_ACCOUNT_ID).";
    case 6003:
    case 6111:
      return "The Authorization header is malformed: copy CLOUDFLARE_API_TOKEN again (no quotes, spaces or line breaks).";
    case 1000:
      return "The API token is invalid or was revoked. Create one at https://dash.cloudflare.com/profile/api-tokens and set CLOUDFLARE_API_TOKEN.";
    case 7003:
    case 7000:
      return "The API found no such object: the account id or the config id is probably wrong (hyperdrive list shows the configs).";
    default:
      return undefined;
  }
}
