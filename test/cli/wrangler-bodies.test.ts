// Every form of wrangler 4.164's `hyperdrive` and `cert` command lines, run by wrangler itself and by us, each against
// a fresh copy of the same fake API (test/support/recording-api.ts): the requests that change something (method, path,
// JSON body, credentials) must be equal, and our reads must include wrangler's. Where wrangler would send what the API
// rejects, or what would not do what the command line says, we refuse first (exit 2, nothing sent): those cases state
// what wrangler sends and what we answer instead. A few differ on purpose, and state both bodies.
//
// wrangler's requests are recorded in this run, never stored. All cases go through wrangler's own main() in one Node 24
// process (test/support/wrangler-runner.cjs: its 15 MB bundle loads once, not once a case); a few run again as users
// run wrangler, a process each, to show that the runner records the same. Our CLI runs in-process with the same
// arguments and the real HTTP transport. The README's table "Compatibility with wrangler 4.164" lists the same forms;
// the last tests read it and check it against the cases. The comparison skips itself, saying why, when wrangler 4.164
// is not installed (node scripts/test-tools.mjs --install wrangler).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTool } from "../../scripts/test-tools.mjs";
import { main } from "../../src/main";
import type { Io } from "../../src/io";
import { makeCa, makeCert } from "../support/pki";
import { FAKE_ACCOUNT, FAKE_IDS, FAKE_TOKEN, startRecordingApi, type RecordedRequest } from "../support/recording-api";

const wrangler = findTool("wrangler");
if (!wrangler.ok) console.warn(`Skipping the wrangler request-body comparison: ${wrangler.reason}`);

/** A request that changes something, as compared: $ACCOUNT, $CONFIG, $CA, $CLIENT and $TOKEN stand for the fake's. */
interface Change {
  method: string;
  path: string;
  body?: unknown;
  auth?: string;
}

/**
 * How the case compares:
 * - same: both exit 0 and send the same changes; our reads include wrangler's.
 * - refused: wrangler sends `wranglerSends` (which the API rejects, or which we refuse on purpose: the README's table
 *   says why); we exit 2 with `refused` in the message and send nothing.
 * - bothRefuse: neither sends anything; we exit 2 with `refused` in the message (wrangler exits 1, or 0 after an error).
 * - differs: on purpose (the README's table says why): wrangler sends `wranglerSends`, we send `oursSend` (either may
 *   be made from what wrangler sent, for bodies that hold a file made in this run).
 */
type Outcome =
  | { same: true }
  | { refused: RegExp; wranglerSends: Change[] | ((recorded: Change[]) => Change[]) }
  | { bothRefuse: RegExp }
  | { differs: true; wranglerSends: Change[] | ((recorded: Change[]) => Change[]); oursSend: Change[] | ((wranglers: Change[]) => Change[]) };

/** Certificate files made once in beforeAll: a CA, a client certificate with its key, and CA chains of that CA. */
type WorkFile = "ca.pem" | "client.pem" | "client.key" | "chain.pem" | "chain-with-leaf.pem" | "chain-expired.pem" | "chain-annotated.pem" | "ca-with-key.pem";

interface Case {
  /** The form as the README's table names it. */
  form: string;
  /** wrangler's arguments; $CONFIG, $CA and $CLIENT stand for the fake's ids. Ours are the same without "hyperdrive". */
  args: string[];
  /** Our arguments where they differ by design (see the README table). */
  ours?: string[];
  outcome: Outcome;
  /** Configs in the fake account besides orders-db. */
  extraConfigs?: number;
  /** Fields of the stored orders-db that differ from the fake's default. */
  stored?: Record<string, unknown>;
  /** Text both programs print (a read's answer). */
  shows?: string[];
  /** Text wrangler prints (where we refuse, what wrangler does instead). */
  wranglerShows?: string[];
  /** Neither program leaves a wrangler.json, wrangler.jsonc or wrangler.toml in the case's folder. */
  noWranglerConfigAfter?: true;
  /** Files written into the case's own working folder: relative path → content, or `{ copy }` of a certificate file. */
  files?: Record<string, string | { copy: WorkFile; bom?: boolean; crlf?: boolean }>;
  /** Environment for both programs, over the fake's credentials; null removes a variable. */
  env?: Record<string, string | null>;
}

const same = { same: true } as const;
const CS = "postgres://app:s3cret@db.example.com:5432/app";
const MYSQL = "mysql://app:s3cret@db.example.com/app";
const VPC = "0199295bb3ac77608246bca40877b3e9";
const create = (...flags: string[]) => ["hyperdrive", "create", "orders-db", ...flags];
const createCs = (...flags: string[]) => create("--connection-string", CS, ...flags);
const update = (...flags: string[]) => ["hyperdrive", "update", "$CONFIG", ...flags];
const get = (...flags: string[]) => ["hyperdrive", "get", "$CONFIG", ...flags];
const discrete = ["--origin-host", "db.example.com", "--origin-port", "5432", "--database", "app", "--origin-user", "app", "--origin-password", "s3cret"];
const login = ["--database", "app", "--origin-user", "app", "--origin-password", "s3cret"];
const AUTH = "token $TOKEN";
/** The CA upload of a file of WORK, as wrangler makes it: the file's text. */
const caUploaded = (file: WorkFile): Change => ({
  method: "POST",
  path: "/accounts/$ACCOUNT/mtls_certificates",
  body: { certificates: readFileSync(join(WORK, file), "utf8"), ca: true },
  auth: AUTH,
});
const ORIGIN = { host: "db.example.com", port: 5432, scheme: "postgres", database: "app", user: "app", password: "s3cret" };
const posted = (body: Record<string, unknown>): Change => ({ method: "POST", path: "/accounts/$ACCOUNT/hyperdrive/configs", body: { name: "orders-db", origin: ORIGIN, ...body }, auth: AUTH });
const patched = (body: Record<string, unknown>): Change => ({ method: "PATCH", path: "/accounts/$ACCOUNT/hyperdrive/configs/$CONFIG", body, auth: AUTH });
const deleted = (path: string): Change => ({ method: "DELETE", path, auth: AUTH });
const toml = (lines: string[]) => `${lines.join("\n")}\n`;

const CASES: Case[] = [
  // create: the origin
  { form: "create NAME --connection-string postgres://user:password@host:port/db", args: createCs(), outcome: same },
  { form: "create NAME --connection-string postgresql://… (no port)", args: create("--connection-string", "postgresql://app:s3cret@db.example.com/app"), outcome: same },
  { form: "create NAME --connection-string mysql://…", args: create("--connection-string", MYSQL), outcome: same },
  { form: "create NAME --connection-string (unencoded @ in the password)", args: create("--connection-string", "postgres://app:p@ss@db.example.com/app"), outcome: same },
  { form: "create NAME --connection-string (percent-encoded user, password, database)", args: create("--connection-string", "postgres://app%2Bro:p%23ss@db.example.com/my%20db"), outcome: same },
  {
    form: "create NAME --connection-string …?sslmode=require",
    args: create("--connection-string", `${CS}?sslmode=require`),
    outcome: { differs: true, wranglerSends: [posted({})], oursSend: [posted({ mtls: { sslmode: "require" } })] },
  },
  {
    form: "create NAME --connection-string …?sslmode=verify-full",
    args: create("--connection-string", `${CS}?sslmode=verify-full`),
    outcome: { refused: /sslmode=verify-full in --connection-string verifies the database's certificate against a CA certificate, and none was given/, wranglerSends: [posted({})] },
  },
  {
    form: "create NAME --connection-string …?sslmode=verify-full --ca-certificate-id",
    args: create("--connection-string", `${CS}?sslmode=verify-full`, "--ca-certificate-id", "$CA"),
    outcome: { differs: true, wranglerSends: [posted({ mtls: { ca_certificate_id: "$CA" } })], oursSend: [posted({ mtls: { ca_certificate_id: "$CA", sslmode: "verify-full" } })] },
  },
  { form: "create NAME --connection-string …?application_name=… (other parameters)", args: create("--connection-string", `${CS}?application_name=orders&connect_timeout=5`), outcome: same },
  { form: "create NAME --connection-string --origin-scheme postgresql", args: createCs("--origin-scheme", "postgresql"), outcome: same },
  {
    form: "create NAME --connection-string postgres://… --origin-scheme mysql",
    args: createCs("--origin-scheme", "mysql"),
    outcome: { refused: /--origin-scheme mysql contradicts --connection-string, which is a PostgreSQL origin/, wranglerSends: [posted({})] },
  },
  { form: "create NAME --connection-string (upper-case scheme and host)", args: create("--connection-string", "POSTGRES://app:s3cret@DB.Example.COM/app"), outcome: same },
  {
    form: "create NAME --connection-string postgres://…@[IPv6]:port/db",
    args: create("--connection-string", "postgres://app:s3cret@[2001:db8::1]:5432/app"),
    outcome: { differs: true, wranglerSends: [posted({ origin: { ...ORIGIN, host: "[2001:db8::1]" } })], oursSend: [posted({ origin: { ...ORIGIN, host: "2001:db8::1" } })] },
  },
  {
    form: "create NAME --connection-string postgres://…@host/ (no database)",
    args: create("--connection-string", "postgres://app:s3cret@db.example.com/"),
    outcome: { refused: /the database name is missing/, wranglerSends: [posted({ origin: { ...ORIGIN, database: "" } })] },
  },
  { form: "create NAME --connectionString", args: create("--connectionString", CS), outcome: same },
  { form: "create NAME --origin-host --origin-port --database --origin-user --origin-password", args: create(...discrete), outcome: same },
  { form: "create NAME --host --port --scheme --user --password", args: create("--host", "db.example.com", "--port", "3306", "--scheme", "mysql", "--database", "app", "--user", "app", "--password", "s3cret"), outcome: same },
  { form: "create NAME --origin-scheme postgres", args: create(...discrete, "--origin-scheme", "postgres"), outcome: same },
  {
    form: "create NAME --originHost --originPort --originScheme --originUser --originPassword",
    args: create("--originHost", "db.example.com", "--originPort", "5432", "--originScheme", "postgresql", "--database", "app", "--originUser", "app", "--originPassword", "s3cret"),
    outcome: same,
  },
  { form: "create NAME --origin-host (upper-case)", args: create("--origin-host", "DB.Example.com", "--origin-port", "5432", ...login), outcome: same },
  { form: "create NAME --origin-host=… (every flag as --flag=value)", args: create("--origin-host=db.example.com", "--origin-port=5432", "--database=app", "--origin-user=app", "--origin-password=s3cret", "--max-age=30"), outcome: same },
  { form: "create NAME --origin-host --access-client-id --access-client-secret", args: create("--origin-host", "db.internal.example.com", "--access-client-id", "abc.access", "--access-client-secret", "access-s3cret", ...login), outcome: same },
  { form: "create NAME --accessClientId --accessClientSecret", args: create("--originHost", "db.internal.example.com", "--accessClientId", "abc.access", "--accessClientSecret", "access-s3cret", ...login), outcome: same },
  { form: "create NAME --service-id", args: create("--service-id", VPC, ...login), outcome: same },
  { form: "create NAME --serviceId", args: create("--serviceId", VPC, ...login), outcome: same },
  { form: "create NAME --origin-port without --origin-host", args: create("--origin-port", "5432", ...login), outcome: { bothRefuse: /--origin-host is missing/ } },
  { form: "create NAME --access-client-id without --access-client-secret", args: create("--origin-host", "db.example.com", "--access-client-id", "abc.access", ...login), outcome: { bothRefuse: /--access-client-secret is missing/ } },
  // create: the settings
  { form: "create NAME --caching-disabled", args: createCs("--caching-disabled"), outcome: same },
  { form: "create NAME --caching-disabled=false", args: createCs("--caching-disabled=false"), outcome: same },
  { form: "create NAME --max-age --swr", args: createCs("--max-age", "30", "--swr", "5"), outcome: same },
  { form: "create NAME --maxAge --cachingDisabled false", args: createCs("--maxAge", "30", "--cachingDisabled", "false"), outcome: same },
  {
    form: "create NAME --caching-disabled --max-age",
    args: createCs("--caching-disabled", "--max-age", "30"),
    outcome: { refused: /--max-age cannot be set when caching is disabled/, wranglerSends: [posted({ caching: { disabled: true, max_age: 30 } })] },
  },
  { form: "create NAME --max-age abc", args: createCs("--max-age", "abc"), outcome: { refused: /--max-age must be a whole number/, wranglerSends: [posted({ caching: { max_age: null } })] } },
  { form: "create NAME --max-age 7200", args: createCs("--max-age", "7200"), outcome: { refused: /--max-age must be between 0 and 3600/, wranglerSends: [posted({ caching: { max_age: 7200 } })] } },
  { form: "create NAME --origin-connection-limit", args: createCs("--origin-connection-limit", "40"), outcome: same },
  { form: "create NAME --originConnectionLimit", args: createCs("--originConnectionLimit", "40"), outcome: same },
  {
    form: "create NAME --origin-connection-limit 2",
    args: createCs("--origin-connection-limit", "2"),
    outcome: { refused: /--origin-connection-limit must be at least 5/, wranglerSends: [posted({ origin_connection_limit: 2 })] },
  },
  { form: "create NAME --sslmode require", args: createCs("--sslmode", "require"), outcome: same },
  {
    form: "create NAME --sslmode verify-full (no CA certificate)",
    args: createCs("--sslmode", "verify-full"),
    outcome: { refused: /--sslmode verify-full verifies the database's certificate against a CA certificate, and none was given/, wranglerSends: [posted({ mtls: { sslmode: "verify-full" } })] },
  },
  { form: "create NAME --sslmode verify-full --ca-certificate-id", args: createCs("--sslmode", "verify-full", "--ca-certificate-id", "$CA"), outcome: same },
  { form: "create NAME --ca-certificate-uuid --mtls-certificate-uuid", args: createCs("--ca-certificate-uuid", "$CA", "--mtls-certificate-uuid", "$CLIENT"), outcome: same },
  { form: "create NAME --caCertificateId --mtlsCertificateId", args: createCs("--caCertificateId", "$CA", "--mtlsCertificateId", "$CLIENT"), outcome: same },
  { form: "create NAME --sslmode verify_identity (MySQL, any case)", args: create("--connection-string", MYSQL, "--sslmode", "verify_identity", "--ca-certificate-id", "$CA"), outcome: same },
  {
    form: "create NAME --sslmode require (MySQL)",
    args: create("--connection-string", MYSQL, "--sslmode", "require"),
    outcome: { refused: /--sslmode 'require' is not valid for a MySQL origin/, wranglerSends: [posted({ origin: { ...ORIGIN, port: 3306, scheme: "mysql" }, mtls: { sslmode: "require" } })] },
  },
  {
    form: "create NAME --service-id --sslmode",
    args: create("--service-id", VPC, ...login, "--sslmode", "require"),
    outcome: {
      refused: /TLS settings cannot be configured for a Workers VPC origin/,
      wranglerSends: [posted({ origin: { scheme: "postgresql", database: "app", user: "app", password: "s3cret", service_id: VPC }, mtls: { sslmode: "require" } })],
    },
  },
  // create: the binding, in a folder with no wrangler config. wrangler creates the config, prints the snippet only and
  // exits 0, although the command line asks for the file to be updated; we refuse before anything is sent.
  ...(["--binding HD --update-config", "--binding HD", "--update-config"] as const).map((flags): Case => ({
    form: `create NAME ${flags.replace("HD", "NAME")} (no wrangler config)`,
    args: createCs(...flags.split(" ")),
    outcome: { refused: new RegExp(`^✖ ${flags} writes the binding into the Worker's wrangler config, and there is no wrangler\\.json, wrangler\\.jsonc or wrangler\\.toml in .*; nothing was created\\.`), wranglerSends: [posted({})] },
    wranglerShows: ["add the following snippet to your configuration file", `"binding": "${flags.includes("HD") ? "HD" : "HYPERDRIVE"}"`],
    noWranglerConfigAfter: true,
  })),
  {
    form: "create NAME --binding NAME --no-update-config (no wrangler config)",
    args: createCs("--binding", "HD", "--no-update-config"),
    outcome: same,
    shows: ['"binding": "HD"', `"id": "${FAKE_IDS.newConfig}"`],
    noWranglerConfigAfter: true,
  },
  { form: "create NAME --x-provision --x-auto-create", args: createCs("--x-provision", "--x-auto-create"), outcome: same },
  { form: "create NAME --install-skills=false", args: createCs("--install-skills=false"), outcome: same },
  // update: each setting alone
  { form: "update ID --name", args: update("--name", "orders-db-v2"), outcome: same },
  { form: "update ID --origin-password (rotation)", args: update("--origin-password", "n3w-s3cret"), outcome: same },
  { form: "update ID --password (rotation)", args: update("--password", "n3w-s3cret"), outcome: same },
  { form: "update ID --origin-user --origin-password", args: update("--origin-user", "app2", "--origin-password", "n3w-s3cret"), outcome: same },
  { form: "update ID --database", args: update("--database", "app2"), outcome: same },
  { form: "update ID --origin-scheme", args: update("--origin-scheme", "postgresql"), outcome: same },
  { form: "update ID --origin-host --origin-port", args: update("--origin-host", "db2.example.com", "--origin-port", "6543"), outcome: same },
  { form: "update ID --origin-port without --origin-host", args: update("--origin-port", "6543"), outcome: { bothRefuse: /--origin-host is missing/ } },
  { form: "update ID --connection-string", args: update("--connection-string", "postgres://app:n3w-s3cret@db2.example.com:6543/app"), outcome: same },
  { form: "update ID --origin-host --access-client-id --access-client-secret", args: update("--origin-host", "db.internal.example.com", "--access-client-id", "abc.access", "--access-client-secret", "access-s3cret"), outcome: same },
  { form: "update ID --service-id", args: update("--service-id", VPC), outcome: same },
  { form: "update ID --caching-disabled", args: update("--caching-disabled"), outcome: same },
  { form: "update ID --caching-disabled=true", args: update("--caching-disabled=true"), outcome: same },
  { form: "update ID --caching-disabled true", args: update("--caching-disabled", "true"), outcome: same },
  { form: "update ID --caching-disabled=false", args: update("--caching-disabled=false"), outcome: same },
  { form: "update ID --caching-disabled false", args: update("--caching-disabled", "false"), outcome: same },
  { form: "update ID --no-caching-disabled", args: update("--no-caching-disabled"), outcome: same },
  { form: "update ID --max-age", args: update("--max-age", "30"), outcome: same },
  { form: "update ID --swr", args: update("--swr", "5"), outcome: same },
  { form: "update ID --max-age 0 --swr 0", args: update("--max-age", "0", "--swr", "0"), outcome: same },
  {
    form: "update ID --swr (custom max-age stored)",
    args: update("--swr", "5"),
    stored: { caching: { disabled: false, max_age: 120, stale_while_revalidate: 30 } },
    outcome: { differs: true, wranglerSends: [patched({ caching: { stale_while_revalidate: 5 } })], oursSend: [patched({ caching: { max_age: 120, stale_while_revalidate: 5 } })] },
  },
  { form: "update ID --swr -1", args: update("--swr", "-1"), outcome: { refused: /--swr must be a whole number 0 or more/, wranglerSends: [patched({ caching: { stale_while_revalidate: -1 } })] } },
  { form: "update ID --origin-connection-limit", args: update("--origin-connection-limit", "40"), outcome: same },
  { form: "update ID --sslmode", args: update("--sslmode", "require"), outcome: same },
  {
    form: "update ID --sslmode verify-full (no CA certificate)",
    args: update("--sslmode", "verify-full"),
    outcome: { refused: /sslmode verify-full needs a CA certificate, and 'orders-db' has none/, wranglerSends: [patched({ mtls: { sslmode: "verify-full" } })] },
  },
  { form: "update ID --ca-certificate-id --sslmode verify-ca", args: update("--ca-certificate-id", "$CA", "--sslmode", "verify-ca"), outcome: same },
  { form: "update ID --mtls-certificate-id", args: update("--mtls-certificate-id", "$CLIENT"), outcome: same },
  {
    form: "update ID --mtls-certificate-id (CA and sslmode stored)",
    args: update("--mtls-certificate-id", "$CLIENT"),
    stored: { mtls: { ca_certificate_id: "$CA", sslmode: "verify-full" } },
    outcome: {
      differs: true,
      wranglerSends: [patched({ mtls: { mtls_certificate_id: "$CLIENT" } })],
      oursSend: [patched({ mtls: { ca_certificate_id: "$CA", sslmode: "verify-full", mtls_certificate_id: "$CLIENT" } })],
    },
  },
  { form: "update ID (no setting)", args: update(), outcome: { refused: /Nothing to update: no setting was given/, wranglerSends: [patched({})] } },
  // the other commands
  { form: "get ID", args: get(), outcome: same, shows: ["orders-db", "db.example.com"] },
  { form: "list", args: ["hyperdrive", "list"], outcome: same, extraConfigs: 25, shows: ["config-24"] },
  { form: "delete ID --yes (wrangler: delete ID)", args: ["hyperdrive", "delete", "$CONFIG"], ours: ["delete", "$CONFIG", "--yes"], outcome: same },
  {
    form: "delete ID (no terminal)",
    args: ["hyperdrive", "delete", "$CONFIG"],
    outcome: { refused: /needs confirmation.*\n.*hyperdrive delete \S+ --yes/, wranglerSends: [deleted("/accounts/$ACCOUNT/hyperdrive/configs/$CONFIG")] },
  },
  { form: "planetscale signature", args: ["hyperdrive", "planetscale", "signature"], outcome: same, shows: ['"signature": "abab'] },
  { form: "cert upload certificate-authority --ca-cert --name", args: ["cert", "upload", "certificate-authority", "--ca-cert", "ca.pem", "--name", "orders-ca-2"], outcome: same },
  { form: "cert upload certificate-authority --ca-cert", args: ["cert", "upload", "certificate-authority", "--ca-cert", "ca.pem"], outcome: same },
  { form: "cert upload certificate-authority --ca-cert (a UTF-8 BOM)", args: ["cert", "upload", "certificate-authority", "--ca-cert", "bom.pem"], files: { "bom.pem": { copy: "ca.pem", bom: true } }, outcome: same },
  {
    form: "cert upload mtls-certificate --cert --key (CRLF line endings)",
    args: ["cert", "upload", "mtls-certificate", "--cert", "crlf.pem", "--key", "crlf.key"],
    files: { "crlf.pem": { copy: "client.pem", crlf: true }, "crlf.key": { copy: "client.key", crlf: true } },
    outcome: same,
  },
  { form: "cert upload certificate-authority --ca-cert (CRLF line endings)", args: ["cert", "upload", "certificate-authority", "--ca-cert", "crlf.pem"], files: { "crlf.pem": { copy: "ca.pem", crlf: true } }, outcome: same },
  { form: "cert upload certificate-authority --caCert", args: ["cert", "upload", "certificate-authority", "--caCert", "ca.pem"], outcome: same },
  { form: "cert upload certificate-authority --ca-cert (a chain: intermediate and root)", args: ["cert", "upload", "certificate-authority", "--ca-cert", "chain.pem", "--name", "orders-chain"], files: { "chain.pem": { copy: "chain.pem" } }, outcome: same },
  { form: "cert upload certificate-authority --ca-cert (a chain, CRLF line endings)", args: ["cert", "upload", "certificate-authority", "--ca-cert", "chain.pem"], files: { "chain.pem": { copy: "chain.pem", crlf: true } }, outcome: same },
  {
    form: "cert upload certificate-authority --ca-cert (a leaf in the chain)",
    args: ["cert", "upload", "certificate-authority", "--ca-cert", "chain.pem"],
    files: { "chain.pem": { copy: "chain-with-leaf.pem" } },
    outcome: { refused: /Certificate 2 of 3 \(CN=bodies-leaf\) in chain\.pem is not a certificate authority/, wranglerSends: () => [caUploaded("chain-with-leaf.pem")] },
  },
  {
    form: "cert upload certificate-authority --ca-cert (an expired intermediate in the chain)",
    args: ["cert", "upload", "certificate-authority", "--ca-cert", "chain.pem"],
    files: { "chain.pem": { copy: "chain-expired.pem" } },
    outcome: { refused: /Certificate 1 of 2 \(CN=Bodies Expired Intermediate CA\) in chain\.pem expired on \d{4}-/, wranglerSends: () => [caUploaded("chain-expired.pem")] },
  },
  {
    form: "cert upload certificate-authority --ca-cert (a private key in the file)",
    args: ["cert", "upload", "certificate-authority", "--ca-cert", "ca.pem"],
    files: { "ca.pem": { copy: "ca-with-key.pem" } },
    outcome: { refused: /ca\.pem holds a private key as well as a certificate; --ca-cert takes CA certificates only\./, wranglerSends: () => [caUploaded("ca-with-key.pem")] },
  },
  {
    form: "cert upload certificate-authority --ca-cert (text between the PEM blocks)",
    args: ["cert", "upload", "certificate-authority", "--ca-cert", "chain.pem"],
    files: { "chain.pem": { copy: "chain-annotated.pem" } },
    outcome: { differs: true, wranglerSends: () => [caUploaded("chain-annotated.pem")], oursSend: () => [caUploaded("chain.pem")] },
  },
  { form: "cert upload mtls-certificate --cert --key --name", args: ["cert", "upload", "mtls-certificate", "--cert", "client.pem", "--key", "client.key", "--name", "orders-client-2"], outcome: same },
  { form: "cert upload mtls-certificate --cert --key", args: ["cert", "upload", "mtls-certificate", "--cert", "client.pem", "--key", "client.key"], outcome: same },
  { form: "cert list", args: ["cert", "list"], outcome: same, shows: ["orders-ca", "orders-client"] },
  { form: "cert delete --id --yes (wrangler: cert delete --id)", args: ["cert", "delete", "--id", "$CLIENT"], ours: ["cert", "delete", "--id", "$CLIENT", "--yes"], outcome: same },
  { form: "cert delete --name --yes (wrangler: cert delete --name)", args: ["cert", "delete", "--name", "orders-client"], ours: ["cert", "delete", "--name", "orders-client", "--yes"], outcome: same },
  {
    form: "cert delete --id (no terminal)",
    args: ["cert", "delete", "--id", "$CLIENT"],
    outcome: { refused: /needs confirmation.*\n.*hyperdrive cert delete --id \S+ --yes/, wranglerSends: [deleted("/accounts/$ACCOUNT/mtls_certificates/$CLIENT")] },
  },
  { form: "cert delete (neither --id nor --name)", args: ["cert", "delete"], outcome: { bothRefuse: /Which certificate\? Give its id or name/ } },
  // where the account, the credentials and the files come from
  {
    form: "-c/--config PATH (account_id in it)",
    args: get("-c", "conf/wrangler.toml"),
    files: { "conf/wrangler.toml": toml(['name = "worker"', 'account_id = "$ACCOUNT"']) },
    env: { CLOUDFLARE_ACCOUNT_ID: "$OTHER_ACCOUNT" },
    outcome: same,
  },
  { form: "wrangler.jsonc found in the folder (account_id in it)", args: get(), files: { "wrangler.jsonc": '{ "name": "worker", "account_id": "$ACCOUNT" }' }, env: { CLOUDFLARE_ACCOUNT_ID: "$OTHER_ACCOUNT" }, outcome: same },
  {
    form: "-e/--env NAME (account_id of the environment)",
    args: get("-e", "staging"),
    files: { "wrangler.toml": toml(['name = "worker"', 'account_id = "$OTHER_ACCOUNT"', "[env.staging]", 'account_id = "$ACCOUNT"']) },
    env: { CLOUDFLARE_ACCOUNT_ID: null },
    outcome: same,
  },
  { form: "--cwd DIR (files relative to it)", args: ["cert", "upload", "certificate-authority", "--cwd", "sub", "--ca-cert", "only-here.pem"], files: { "sub/only-here.pem": { copy: "ca.pem" } }, outcome: same },
  { form: "--env-file PATH", args: get("--env-file", "ci.env"), files: { "ci.env": "CLOUDFLARE_ACCOUNT_ID=$ACCOUNT\n" }, env: { CLOUDFLARE_ACCOUNT_ID: null }, outcome: same },
  { form: ".env (credentials and account)", args: get(), files: { ".env": "CLOUDFLARE_ACCOUNT_ID=$ACCOUNT\nCLOUDFLARE_API_TOKEN=$TOKEN\n" }, env: { CLOUDFLARE_ACCOUNT_ID: null, CLOUDFLARE_API_TOKEN: null }, outcome: same },
  {
    form: ".env.NAME with --env NAME",
    args: get("--env", "staging"),
    files: { ".env": "CLOUDFLARE_ACCOUNT_ID=$OTHER_ACCOUNT\n", ".env.staging": "CLOUDFLARE_ACCOUNT_ID=$ACCOUNT\n" },
    env: { CLOUDFLARE_ACCOUNT_ID: null },
    outcome: same,
  },
  { form: "--profile default", args: get("--profile", "default"), outcome: same },
  { form: "--profile NAME (credentials in the environment)", args: get("--profile", "work"), outcome: same },
  { form: "CLOUDFLARE_AUTH_PROFILE (credentials in the environment)", args: get(), env: { CLOUDFLARE_AUTH_PROFILE: "work" }, outcome: same },
  { form: "CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL (beside a token)", args: ["hyperdrive", "update", "$CONFIG", "--max-age", "30"], env: { CLOUDFLARE_API_KEY: "global-key", CLOUDFLARE_EMAIL: "ops@example.com" }, outcome: same },
  { form: "CF_API_TOKEN, CF_ACCOUNT_ID (deprecated names)", args: get(), env: { CLOUDFLARE_API_TOKEN: null, CLOUDFLARE_ACCOUNT_ID: null, CF_API_TOKEN: "$TOKEN", CF_ACCOUNT_ID: "$ACCOUNT" }, outcome: same },
];

/** The run's folder (certificates, one working folder a case and program) and the HOME of both programs. */
let WORK = "";
let HOME = "";
/** wrangler's compiled code is cached here between runs (Node's module compile cache): about a fifth off each start. */
const COMPILE_CACHE = join(tmpdir(), "hyperdrive-test-wrangler-compile-cache");

/** An account the fake does not know: a request to it is a 403. */
const OTHER_ACCOUNT = "0e0e0000000000000000000000000000";
/** `value` with the placeholders of every string in it replaced. */
function fillAll<T>(value: T): T {
  if (typeof value === "string") return fill(value) as T;
  if (Array.isArray(value)) return value.map(fillAll) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillAll(v)])) as T;
  return value;
}
const fill = (text: string) =>
  text.replaceAll("$CONFIG", FAKE_IDS.config).replaceAll("$CA", FAKE_IDS.ca).replaceAll("$CLIENT", FAKE_IDS.client)
    .replaceAll("$ACCOUNT", FAKE_ACCOUNT).replaceAll("$OTHER_ACCOUNT", OTHER_ACCOUNT).replaceAll("$TOKEN", FAKE_TOKEN);

interface Run {
  code: number | null;
  output: string;
  requests: RecordedRequest[];
}

function caseDir(index: number, c: Case, who: string): string {
  const dir = join(WORK, `${index}-${who}`);
  mkdirSync(dir, { recursive: true });
  for (const name of ["ca.pem", "client.pem", "client.key"]) writeFileSync(join(dir, name), readFileSync(join(WORK, name)));
  for (const [name, content] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    if (typeof content === "string") writeFileSync(join(dir, name), fill(content));
    else {
      const text = readFileSync(join(WORK, content.copy), "utf8");
      writeFileSync(join(dir, name), `${content.bom ? "\uFEFF" : ""}${content.crlf ? text.replace(/\n/g, "\r\n") : text}`);
    }
  }
  return dir;
}

const baseEnv = (url: string, c: Case): Record<string, string> => {
  const env: Record<string, string | null> = {
    CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
    CLOUDFLARE_ACCOUNT_ID: FAKE_ACCOUNT,
    CLOUDFLARE_API_BASE_URL: url,
    CI: "true",
    NO_COLOR: "1",
    ...c.env,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== null).map(([k, v]) => [k, fill(v)]));
};

function wranglerEnv(url: string, c: Case = { form: "", args: [], outcome: same }): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME,
    XDG_CONFIG_HOME: join(HOME, ".config"),
    WRANGLER_LOG_PATH: join(WORK, "wrangler-logs"),
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_HIDE_BANNER: "true",
    FORCE_COLOR: "0",
    NODE_COMPILE_CACHE: COMPILE_CACHE,
    // Should anything ask npm for a newer wrangler, it asks a closed loopback port.
    npm_config_registry: "http://127.0.0.1:9/",
    ...baseEnv(url, c),
  };
}

function spawnNode24(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!wrangler.ok) throw new Error(wrangler.reason);
  return new Promise((resolve, reject) => {
    const child = spawn(wrangler.node, ["--no-warnings", ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const wranglerCli = () => join((wrangler as { dir: string }).dir, "node_modules", "wrangler", "wrangler-dist", "cli.js");

/**
 * Every case through wrangler's main() in one Node 24 process (test/support/wrangler-runner.cjs), each against a fresh
 * fake API of its own.
 */
async function runWranglerCases(cases: Case[]): Promise<Run[]> {
  const apis = await Promise.all(cases.map((c) => startRecordingApi({ extraConfigs: c.extraConfigs, stored: fillAll(c.stored) })));
  try {
    const list = cases.map((c, i) => ({ args: c.args.map(fill), cwd: caseDir(i, c, "wrangler"), env: wranglerEnv(apis[i].url, c) }));
    const listFile = join(WORK, "wrangler-cases.json");
    writeFileSync(listFile, JSON.stringify(list));
    const runner = join(dirname(fileURLToPath(import.meta.url)), "..", "support", "wrangler-runner.cjs");
    const { code, stdout, stderr } = await spawnNode24([runner, wranglerCli(), listFile], WORK, wranglerEnv(apis[0]?.url ?? ""));
    if (code !== 0) throw new Error(`the wrangler runner failed (exit ${code}):\n${stderr}${stdout}`);
    const results = JSON.parse(stdout.trim().split("\n").at(-1)!) as Array<{ code: number; output: string }>;
    return results.map((r, i) => ({ ...r, requests: apis[i].requests }));
  } finally {
    await Promise.all(apis.map((api) => api.close()));
  }
}

/** One case as wrangler's users run it: `node bin/wrangler.js …`, a process of its own. */
async function runWranglerProcess(index: number, c: Case): Promise<Run> {
  const api = await startRecordingApi({ extraConfigs: c.extraConfigs, stored: fillAll(c.stored) });
  try {
    const run = await spawnNode24([(wrangler as { bin: string }).bin, ...c.args.map(fill)], caseDir(index, c, "wrangler-process"), wranglerEnv(api.url, c));
    return { code: run.code, output: run.stdout + run.stderr, requests: api.requests };
  } finally {
    await api.close();
  }
}

async function runOurs(index: number, c: Case): Promise<Run> {
  const api = await startRecordingApi({ extraConfigs: c.extraConfigs, stored: fillAll(c.stored) });
  const cwd = caseDir(index, c, "ours");
  let output = "";
  const argv = (c.ours ?? (c.args[0] === "hyperdrive" ? c.args.slice(1) : c.args)).map(fill);
  const io: Io = {
    argv,
    env: baseEnv(api.url, c),
    cwd,
    home: HOME,
    stdout: { write: (s) => void (output += s), isTTY: false },
    stderr: { write: (s) => void (output += s), isTTY: false },
    stdin: { isTTY: false, readAll: async () => "" },
    sleep: async () => {},
  };
  try {
    const code = await main(io);
    return { code, output, requests: api.requests };
  } finally {
    await api.close();
  }
}

const changes = (requests: RecordedRequest[]) => requests.filter((r) => r.method !== "GET").map(({ method, path, body, auth }) => ({ method, path, body, auth }));
const reads = (requests: RecordedRequest[]) => [...new Set(requests.filter((r) => r.method === "GET").map((r) => r.path))].sort();

const recorded = new Map<string, { wrangler: Run; ours: Run }>();
/** Cases also run as wrangler's users run it, a process each: the one-process runner must record the same. */
const PROCESS_CHECKS = [0, CASES.findIndex((c) => c.args.includes("--no-caching-disabled")), CASES.findIndex((c) => c.args[1] === "upload")];
let processRuns: Run[] = [];

describe.skipIf(!wrangler.ok)("wrangler 4.164's requests, and ours for the same command line", () => {
  beforeAll(async () => {
    WORK = mkdtempSync(join(tmpdir(), "hd-wrangler-bodies-"));
    HOME = join(WORK, "home");
    mkdirSync(HOME, { recursive: true });
    const ca = await makeCa({ cn: "Bodies Test CA" });
    const client = await makeCert(ca, { cn: "bodies-client" });
    writeFileSync(join(WORK, "ca.pem"), ca.certPem);
    writeFileSync(join(WORK, "client.pem"), client.certPem);
    writeFileSync(join(WORK, "client.key"), client.keyPem);
    const now = Date.now();
    const [intermediate, expired] = await Promise.all([
      makeCert(ca, { cn: "Bodies Intermediate CA", ca: true }),
      makeCert(ca, { cn: "Bodies Expired Intermediate CA", ca: true, notBefore: new Date(now - 400 * 86_400_000), notAfter: new Date(now - 10 * 86_400_000) }),
    ]);
    const leaf = await makeCert(intermediate, { cn: "bodies-leaf" });
    writeFileSync(join(WORK, "chain.pem"), intermediate.certPem + ca.certPem);
    writeFileSync(join(WORK, "chain-with-leaf.pem"), intermediate.certPem + leaf.certPem + ca.certPem);
    writeFileSync(join(WORK, "chain-expired.pem"), expired.certPem + ca.certPem);
    writeFileSync(join(WORK, "chain-annotated.pem"), `subject=CN=Bodies Intermediate CA\n${intermediate.certPem}\nsubject=CN=Bodies Test CA\n${ca.certPem}`);
    writeFileSync(join(WORK, "ca-with-key.pem"), ca.certPem + ca.keyPem);
    const [wranglers, processes] = await Promise.all([runWranglerCases(CASES), Promise.all(PROCESS_CHECKS.map((i) => runWranglerProcess(i, CASES[i])))]);
    processRuns = processes;
    for (const [i, c] of CASES.entries()) recorded.set(c.form, { wrangler: wranglers[i], ours: await runOurs(i, c) });
  }, 240_000);
  afterAll(() => {
    if (WORK) rmSync(WORK, { recursive: true, force: true });
  });

  it("the one-process runner records what wrangler run as a process sends", () => {
    for (const [n, i] of PROCESS_CHECKS.entries()) {
      const { wrangler: inRunner } = recorded.get(CASES[i].form)!;
      expect(processRuns[n].code, processRuns[n].output).toBe(inRunner.code);
      expect(processRuns[n].requests).toEqual(inRunner.requests);
      expect(processRuns[n].requests.length).toBeGreaterThan(0);
    }
  });

  it.each(CASES.map((c) => [c.form, c] as const))("%s", (_form, c) => {
    const { wrangler: theirs, ours } = recorded.get(c.form)!;
    const o = c.outcome;
    expect(ours.output, "a secret in our output").not.toMatch(/s3cret|global-key/);
    for (const text of c.wranglerShows ?? []) expect(theirs.output).toContain(text);
    if (c.noWranglerConfigAfter) {
      for (const who of ["wrangler", "ours"]) {
        expect(readdirSync(join(WORK, `${CASES.indexOf(c)}-${who}`)).filter((f) => /^wrangler\.(json|jsonc|toml)$/.test(f)), who).toEqual([]);
      }
    }
    if ("same" in o) {
      expect(theirs.code, `wrangler failed:\n${theirs.output}`).toBe(0);
      expect(ours.code, `we failed:\n${ours.output}`).toBe(0);
      expect(changes(ours.requests)).toEqual(changes(theirs.requests));
      expect(reads(ours.requests)).toEqual(expect.arrayContaining(reads(theirs.requests)));
      expect(new Set(ours.requests.map((r) => r.auth))).toEqual(new Set(theirs.requests.map((r) => r.auth)));
      for (const text of c.shows ?? []) {
        expect(theirs.output).toContain(text);
        expect(ours.output).toContain(text);
      }
    } else if ("bothRefuse" in o) {
      expect(changes(theirs.requests)).toEqual([]);
      expect(ours.code, ours.output).toBe(2);
      expect(ours.output).toMatch(o.bothRefuse);
      expect(changes(ours.requests)).toEqual([]);
    } else {
      expect(theirs.code, `wrangler failed:\n${theirs.output}`).toBe(0);
      const sent = changes(theirs.requests);
      expect(sent).toEqual(fillAll(typeof o.wranglerSends === "function" ? o.wranglerSends(sent) : o.wranglerSends));
      if ("refused" in o) {
        expect(ours.code, ours.output).toBe(2);
        expect(ours.output).toMatch(o.refused);
        expect(changes(ours.requests)).toEqual([]);
      } else {
        expect(ours.code, ours.output).toBe(0);
        expect(changes(ours.requests)).toEqual(fillAll(typeof o.oursSend === "function" ? o.oursSend(sent) : o.oursSend));
      }
    }
  });
});

describe("the README's table 'Compatibility with wrangler 4.164'", () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.split(/^### Compatibility with wrangler 4\.164$/m)[1]?.split(/^#{1,3} /m)[0] ?? "";
  const rows = section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [form, verdict] = line.slice(1, -1).split(" | ").map((cell) => cell.trim());
      return { form: form.replace(/^`|`$/g, ""), verdict };
    });

  it("has a row for every case, with the case's verdict", () => {
    expect(rows.length).toBeGreaterThan(CASES.length);
    for (const c of CASES) {
      const row = rows.find((r) => r.form === c.form);
      expect(row, `no row for \`${c.form}\``).toBeDefined();
      const word = "same" in c.outcome || "bothRefuse" in c.outcome ? "same" : "refused" in c.outcome ? "refused" : "differs";
      expect(row!.verdict, c.form).toMatch(new RegExp(`^${word}\\b`));
      // A refusal or a difference says why.
      if (word !== "same") expect(row!.verdict.length, c.form).toBeGreaterThan(`${word}: `.length + 10);
    }
  });

  it("every other row is same or refused and names the test that checks it; no form is listed twice", () => {
    const forms = new Set(CASES.map((c) => c.form));
    for (const row of rows.filter((r) => !forms.has(r.form))) {
      expect(row.verdict, row.form).toMatch(/^(same|refused)\b/);
      const file = /\((?:[^()]*?)(test\/[\w/.-]+\.test\.ts)/.exec(row.verdict)?.[1];
      expect(file, `${row.form}: names no test file`).toBeDefined();
      expect(existsSync(join(root, file!)), file).toBe(true);
    }
    expect(new Set(rows.map((r) => r.form)).size).toBe(rows.length);
  });
});
