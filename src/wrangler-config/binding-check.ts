// `hyperdrive check`, the pure part: every Hyperdrive binding of a Worker's config (the top level and each env, which
// wrangler does not let inherit `hyperdrive`), judged against the account's configs and certificates as the caller
// read them. A problem means `wrangler deploy` would ship a Worker bound to nothing (or to a config whose certificate
// has expired); a warning does not stop a deploy (a certificate expiring soon, no local connection string for
// `wrangler dev`). No I/O: the caller lists the configs and certificates once and passes the clock.
import { CERTIFICATE_EXPIRY_WARNING_DAYS } from "../api/contract";
import type { Certificate, HyperdriveConfig } from "../api/schemas";
import { expiresOn } from "../certs/expiry";
import { envNames, hasPassword, isTable, valueAt, type ConfigDocument, type LocalDevEntry } from "./document";

/** One entry of a section's `hyperdrive` array. */
export interface SectionBinding extends Omit<LocalDevEntry, "binding"> {
  /** Undefined when the entry has no string `binding`. */
  binding: string | undefined;
  /** Position in the array, for messages. */
  index: number;
  /** The id as written when it is not a string (a number, a table…). */
  badId?: string;
}

/** The top level (env undefined) or one `env.<name>` of the config. */
export interface Section {
  env: string | undefined;
  /** The section's own `account_id` (an env's, else the top level's). */
  accountId?: string;
  bindings: SectionBinding[];
  /** Names the section's other bindings use (kv_namespaces, vars…), with where: wrangler wants every name unique. */
  otherNames: Map<string, string>;
}

/** Binding arrays wrangler keeps in an environment, each entry named by `binding` (or `name`). */
const NAMED_ARRAYS: ReadonlyArray<[path: string[], key: string]> = [
  [["kv_namespaces"], "binding"],
  [["r2_buckets"], "binding"],
  [["d1_databases"], "binding"],
  [["services"], "binding"],
  [["vectorize"], "binding"],
  [["analytics_engine_datasets"], "binding"],
  [["mtls_certificates"], "binding"],
  [["dispatch_namespaces"], "binding"],
  [["workflows"], "binding"],
  [["pipelines"], "binding"],
  [["secrets_store_secrets"], "binding"],
  [["send_email"], "name"],
  [["queues", "producers"], "binding"],
  [["durable_objects", "bindings"], "name"],
];
/** Single bindings written as a table with a `binding` key. */
const NAMED_TABLES = ["ai", "browser", "images", "version_metadata", "assets"] as const;

function otherBindingNames(section: ConfigDocument): Map<string, string> {
  const names = new Map<string, string>();
  const add = (name: unknown, where: string) => {
    if (typeof name === "string" && !names.has(name)) names.set(name, where);
  };
  for (const [path, key] of NAMED_ARRAYS) {
    const list = valueAt(section, path);
    if (Array.isArray(list)) for (const entry of list) if (isTable(entry)) add(entry[key], path.join("."));
  }
  for (const key of NAMED_TABLES) {
    const table = section[key];
    if (isTable(table)) add(table.binding, key);
  }
  const vars = section.vars;
  if (isTable(vars)) for (const name of Object.keys(vars)) add(name, "vars");
  return names;
}

function hyperdriveEntries(section: ConfigDocument): SectionBinding[] {
  const list = section.hyperdrive;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown, index): SectionBinding[] => {
    if (!isTable(entry)) return [{ binding: undefined, id: undefined, index, remote: false }];
    const local = entry.localConnectionString;
    return [
      {
        binding: typeof entry.binding === "string" ? entry.binding : undefined,
        id: typeof entry.id === "string" ? entry.id : undefined,
        ...(entry.id !== undefined && typeof entry.id !== "string" ? { badId: JSON.stringify(entry.id) ?? String(entry.id) } : {}),
        index,
        remote: entry.remote === true,
        ...(typeof local === "string" ? { localConnectionString: { hasPassword: hasPassword(local) } } : {}),
      },
    ];
  });
}

/** The names of the config's environments, in file order (one definition, in document.ts). */
export { envNames };

/**
 * The sections to check: the top level and every env, or with `env` only that env (the top level's bindings do not
 * reach it). Undefined when `env` names an environment the config does not have.
 */
export function readSections(doc: ConfigDocument, env?: string): Section[] | undefined {
  const topAccount = typeof doc.account_id === "string" && doc.account_id !== "" ? doc.account_id : undefined;
  const section = (name: string | undefined, table: ConfigDocument): Section => {
    const own = name !== undefined && typeof table.account_id === "string" && table.account_id !== "" ? table.account_id : undefined;
    const accountId = own ?? topAccount;
    return { env: name, ...(accountId ? { accountId } : {}), bindings: hyperdriveEntries(table), otherNames: otherBindingNames(table) };
  };
  const envs = envNames(doc);
  if (env !== undefined) {
    if (!envs.includes(env)) return undefined;
    return [section(env, valueAt(doc, ["env", env]) as ConfigDocument)];
  }
  return [section(undefined, doc), ...envs.map((name) => section(name, valueAt(doc, ["env", name]) as ConfigDocument))];
}

const HEX_ID = /^[0-9a-f]{32}$/i;

/** Why an id cannot be a real config's (a template's placeholder, all zeros, empty), or undefined. */
export function placeholderReason(id: string | undefined): string | undefined {
  if (id === undefined) return "has no id";
  if (id.trim() === "") return "has an empty id";
  if (/^<.*>$/s.test(id.trim())) return `has the placeholder id '${id}'`;
  if (/^[0-]+$/.test(id)) return `has the all-zeros id '${id}'`;
  if (/^\$\{?[A-Za-z_][\w]*\}?$/.test(id)) return `has the id '${id}', which wrangler does not expand (it is not a variable)`;
  return undefined;
}

/** Whether a binding needs its id looked up in the account. */
export function needsLookup(b: SectionBinding): boolean {
  return b.binding !== undefined && b.id !== undefined && placeholderReason(b.id) === undefined;
}

export type ProblemCode =
  | "no-binding-name"
  | "placeholder-id"
  | "unknown-id"
  | "local-emulator-id"
  | "duplicate-binding"
  | "certificate-expired"
  | "certificate-not-found";
export type WarningCode = "certificate-expiring" | "certificate-unchecked" | "no-local-connection-string" | "top-level-string";

/** The warnings about `wrangler dev`, kept apart from a deploy's. */
export const LOCAL_DEV_WARNINGS: ReadonlySet<WarningCode> = new Set(["no-local-connection-string", "top-level-string"]);

export interface Finding<C extends string> {
  code: C;
  message: string;
  /** What to run or change. */
  fix?: string;
  /** certificate-expiring: whole days left. */
  days_left?: number;
}

export interface CertificateUse {
  id: string;
  kind: "ca" | "client";
  name: string | null;
  /**
   * From the API's certificate list: its `expires_on`, or for a chain the earliest end date of its certificates (the
   * chain stops verifying then); null when the list has no such id or gives no date.
   */
  expires_on: string | null;
  days_left: number | null;
}

/** Where a binding leads: the config and its origin. */
export interface Target {
  id: string;
  name: string;
  scheme: string | null;
  host: string | null;
  port: number | null;
  database: string | null;
  /** `host:port/database`, `host/database (Access)` or `vpc service <id>/database`. */
  origin: string;
  certificates: CertificateUse[];
}

/** One binding's verdict, as `--json` prints it. */
export interface BindingVerdict {
  env: string | null;
  binding: string | null;
  id: string | null;
  account_id: string;
  remote: boolean;
  status: "ok" | "warning" | "problem";
  target: Target | null;
  problems: Array<Finding<ProblemCode>>;
  warnings: Array<Finding<WarningCode>>;
}

/** How many bindings have each status. */
export interface CheckSummary {
  bindings: number;
  ok: number;
  warning: number;
  problem: number;
  /** No binding has a problem: `wrangler deploy` would get configs that exist, with certificates in date. */
  deployable: boolean;
}

export interface CheckInput {
  sections: Section[];
  /** The account each section's bindings are looked up in. */
  accountFor: (section: Section) => string;
  /** Every config of each account looked in (one list per account). */
  configs: ReadonlyMap<string, readonly HyperdriveConfig[]>;
  /** Every certificate of each account whose configs use one (one list per account). */
  certificates: ReadonlyMap<string, readonly Certificate[]>;
  /** Accounts whose certificates the credentials may not list, with the API's answer: their expiry is not checked. */
  certificatesRefused?: ReadonlyMap<string, string>;
  /** Ids the local emulator made (src/session/local-ids.ts), with their names. */
  localIds: ReadonlyMap<string, { name: string }>;
  /** `--local`: the account is the emulator, whose ids are the right ones. */
  local: boolean;
  /**
   * Where wrangler dev finds the binding's local connection string (src/wrangler-config/local-dev.ts): its own, none
   * (it will not start), or, for an env, only the top level's in `file` (it would query the top level's database).
   */
  localString: (section: Section, binding: SectionBinding) => { kind: "own" } | { kind: "none" } | { kind: "top-level"; file: string };
  /** The local connection string variable and the .env file wrangler dev reads for a section. */
  localStringPlace: (section: Section, binding: string) => { variable: string; file: string };
  /** The command that binds a config (default `<config>`) into the section: `hyperdrive bind <config> --binding B --env E`. */
  bindCommand: (section: Section, binding: string, config?: string) => string;
  now: Date;
}

const DAY_MS = 86_400_000;

export function daysLeft(expiresOn: string | undefined, now: Date): number | null {
  if (!expiresOn) return null;
  const t = new Date(expiresOn).getTime();
  return Number.isNaN(t) ? null : Math.floor((t - now.getTime()) / DAY_MS);
}

/** `host:port/database`, or how an origin behind Access or a Workers VPC service is reached. */
export function originText(o: HyperdriveConfig["origin"]): string {
  const db = o.database ? `/${o.database}` : "";
  if (o.service_id) return `vpc service ${o.service_id}${db}`;
  if (o.access_client_id) return `${o.host ?? ""}${db} (Access)`;
  return `${o.host ?? ""}${o.port === undefined ? "" : `:${o.port}`}${db}`;
}

const iso = (value: string) => {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString().replace(/\.\d{3}Z$/, "Z");
};

function certificateFindings(config: string, uses: Array<{ use: CertificateUse; found: boolean }>, now: Date): { problems: Array<Finding<ProblemCode>>; warnings: Array<Finding<WarningCode>> } {
  const problems: Array<Finding<ProblemCode>> = [];
  const warnings: Array<Finding<WarningCode>> = [];
  for (const { use, found } of uses) {
    const label = `${use.kind === "ca" ? "CA certificate" : "client certificate"} ${use.name ? `'${use.name}' (${use.id})` : use.id}`;
    const upload = use.kind === "ca" ? "hyperdrive cert upload certificate-authority --ca-cert ca.pem" : "hyperdrive cert upload mtls-certificate --cert client.pem --key client-key.pem";
    const flag = use.kind === "ca" ? "--ca-certificate-id" : "--mtls-certificate-id";
    const replace = `Upload a current one (${upload}) and point the config to it (hyperdrive update ${config} ${flag} <new id>).`;
    if (!found) {
      problems.push({ code: "certificate-not-found", message: `its ${label} is not among the account's certificates`, fix: replace });
    } else if (use.expires_on !== null && use.days_left !== null) {
      if (new Date(use.expires_on).getTime() <= now.getTime()) {
        problems.push({ code: "certificate-expired", message: `its ${label} expired on ${iso(use.expires_on)}`, fix: replace });
      } else if (use.days_left < CERTIFICATE_EXPIRY_WARNING_DAYS) {
        const days = `${use.days_left} day${use.days_left === 1 ? "" : "s"}`;
        warnings.push({ code: "certificate-expiring", message: `its ${label} expires on ${iso(use.expires_on)} (in ${days})`, fix: replace, days_left: use.days_left });
      }
    }
  }
  return { problems, warnings };
}

/** The certificate ids a config uses, with their kind. */
export function certificateRefs(config: HyperdriveConfig): Array<{ id: string; kind: "ca" | "client" }> {
  const refs: Array<{ id: string; kind: "ca" | "client" }> = [];
  if (config.mtls?.ca_certificate_id) refs.push({ id: config.mtls.ca_certificate_id, kind: "ca" });
  if (config.mtls?.mtls_certificate_id) refs.push({ id: config.mtls.mtls_certificate_id, kind: "client" });
  return refs;
}

/** The configs a binding id names, by account: what the certificate list is needed for. */
export function resolvedConfigs(input: Pick<CheckInput, "sections" | "accountFor" | "configs">): Map<string, HyperdriveConfig[]> {
  const found = new Map<string, HyperdriveConfig[]>();
  for (const section of input.sections) {
    const account = input.accountFor(section);
    const byId = new Map((input.configs.get(account) ?? []).map((c) => [c.id, c]));
    for (const b of section.bindings) {
      const config = b.id === undefined ? undefined : byId.get(b.id);
      if (config && needsLookup(b)) found.set(account, [...(found.get(account) ?? []), config]);
    }
  }
  return found;
}

export function checkBindings(input: CheckInput): { bindings: BindingVerdict[]; summary: CheckSummary } {
  const verdicts: BindingVerdict[] = [];
  for (const section of input.sections) {
    const account = input.accountFor(section);
    const byId = new Map((input.configs.get(account) ?? []).map((c) => [c.id, c]));
    const certs = new Map((input.certificates.get(account) ?? []).map((c) => [c.id, c]));
    const counts = new Map<string, number>();
    for (const b of section.bindings) if (b.binding !== undefined) counts.set(b.binding, (counts.get(b.binding) ?? 0) + 1);
    const where = section.env === undefined ? "the top level" : `env ${section.env}`;
    for (const b of section.bindings) {
      const problems: Array<Finding<ProblemCode>> = [];
      const warnings: Array<Finding<WarningCode>> = [];
      let target: Target | null = null;
      const name = b.binding;
      const bind = input.bindCommand(section, name ?? "HYPERDRIVE");
      if (name === undefined) {
        problems.push({ code: "no-binding-name", message: `entry ${b.index + 1} of ${where}'s hyperdrive bindings has no "binding" name`, fix: 'Give it one ("binding": "HYPERDRIVE") or remove it.' });
      } else {
        const n = counts.get(name) ?? 0;
        if (n > 1) {
          problems.push({ code: "duplicate-binding", message: `the name ${name} is bound ${n} times in ${where}: wrangler refuses duplicate binding names`, fix: "Rename or remove all but one." });
        }
        const other = section.otherNames.get(name);
        if (other !== undefined) {
          problems.push({ code: "duplicate-binding", message: `the name ${name} is also a binding of ${other} in ${where}: wrangler refuses duplicate binding names`, fix: "Rename one of them." });
        }
      }
      const placeholder = b.badId !== undefined ? `has the id ${b.badId}, which is not a string` : placeholderReason(b.id);
      if (name === undefined) {
        // Not a binding wrangler would make: its id is not looked up.
      } else if (placeholder !== undefined) {
        problems.push({ code: "placeholder-id", message: `it ${placeholder}`, fix: `Bind a config of the account: ${bind}` });
      } else if (b.id !== undefined) {
        const config = byId.get(b.id);
        const local = input.localIds.get(b.id);
        if (config) {
          const uses = certificateRefs(config).map(({ id, kind }) => {
            const cert = certs.get(id);
            const expires = cert ? expiresOn(cert) : null;
            const use: CertificateUse = { id, kind, name: cert?.name || null, expires_on: expires, days_left: daysLeft(expires ?? undefined, input.now) };
            return { use, found: cert !== undefined };
          });
          target = {
            id: config.id,
            name: config.name,
            scheme: config.origin.scheme ?? null,
            host: config.origin.host ?? null,
            port: config.origin.port ?? null,
            database: config.origin.database ?? null,
            origin: originText(config.origin),
            certificates: uses.map((u) => u.use),
          };
          const refused = input.certificatesRefused?.get(account);
          if (refused !== undefined && uses.length > 0) {
            warnings.push({
              code: "certificate-unchecked",
              message: `the expiry of its certificate${uses.length === 1 ? "" : "s"} was not checked: listing the account's certificates was refused (${refused})`,
              fix: "Give the API token the Account · SSL and Certificates · Read permission.",
            });
          }
          const found = refused !== undefined ? { problems: [], warnings: [] } : certificateFindings(/^[\w.-]+$/.test(config.name) ? config.name : config.id, uses, input.now);
          problems.push(...found.problems);
          warnings.push(...found.warnings);
        } else if (local && !input.local) {
          problems.push({
            code: "local-emulator-id",
            message: `${b.id} is a config of the local emulator ('${local.name}', made with --local), not of account ${account}`,
            fix: `Create '${local.name}' without --local and bind it: ${input.bindCommand(section, name ?? "HYPERDRIVE", local.name)}`,
          });
        } else {
          problems.push({ code: "unknown-id", message: `no config with id ${b.id} in ${input.local ? "the local emulator" : `account ${account}`}`, fix: `Bind a config that exists: ${bind} (hyperdrive list shows them)` });
        }
      }
      const local = name === undefined || b.remote ? undefined : input.localString(section, b);
      if (name !== undefined && local !== undefined && local.kind !== "own") {
        const place = input.localStringPlace(section, name);
        const dev = `wrangler dev${section.env === undefined ? "" : ` --env ${section.env}`}`;
        const example = target?.scheme === "mysql" ? "mysql://USER:PASSWORD@localhost:3306/DATABASE" : "postgres://USER:PASSWORD@localhost:5432/DATABASE";
        const fix = `${input.bindCommand(section, name, target?.name)} --local-connection-string ${example}`;
        warnings.push(
          local.kind === "none"
            ? { code: "no-local-connection-string", message: `${dev} will not start: no local connection string (${place.variable} in ${place.file}, or localConnectionString)`, fix }
            : { code: "top-level-string", message: `${dev} would query the top level's database: its only local connection string is the top level's, in ${local.file}`, fix },
        );
      }
      verdicts.push({
        env: section.env ?? null,
        binding: name ?? null,
        id: b.id ?? null,
        account_id: account,
        remote: b.remote,
        status: problems.length ? "problem" : warnings.length ? "warning" : "ok",
        target,
        problems,
        warnings,
      });
    }
  }
  const problem = verdicts.filter((v) => v.status === "problem").length;
  const warning = verdicts.filter((v) => v.status === "warning").length;
  return {
    bindings: verdicts,
    summary: { bindings: verdicts.length, ok: verdicts.length - problem - warning, warning, problem, deployable: problem === 0 },
  };
}
