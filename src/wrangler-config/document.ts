// A Wrangler config read as data: parse JSON/JSONC/TOML, find the Hyperdrive section, read account_id.
import { createScanner, parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import toml from "toml";
import { UsageError } from "../errors";
import type { ConfigFormat } from "./locate";
import { sectionPath } from "./snippet";
import { lineAndColumn, splitBom } from "./text";

export type ConfigDocument = Record<string, unknown>;

/** Where and why a config file does not parse. */
export interface SyntaxProblem {
  reason: string;
  line: number;
  column: number;
}

export type ParseResult = { ok: true; doc: ConfigDocument } | { ok: false; problem: SyntaxProblem };

/** A Hyperdrive binding already in the config. */
export interface Binding {
  binding: string;
  id: string | undefined;
  /** `"remote": true`: `wrangler dev` connects to the deployed config. */
  remote?: boolean;
}

/**
 * A config that does not parse, met where there is no plan to fall back on (account resolution, listing): exit 2,
 * naming the file (as the command line or the search found it) and where it stops parsing.
 */
export class ConfigSyntaxError extends UsageError {
  readonly problem: SyntaxProblem;
  readonly file: string;
  constructor(problem: SyntaxProblem, file = "The wrangler config", hint = "Fix the file (wrangler reads it too), or name another with --config PATH.") {
    super(`${file} does not parse (${describeProblem(problem)}).`, hint);
    this.problem = problem;
    this.file = file;
  }
}

export function describeProblem(problem: SyntaxProblem): string {
  return `${problem.reason} at line ${problem.line}, column ${problem.column}`;
}

export const JSONC_PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

export function parseConfig(text: string, format: ConfigFormat): ParseResult {
  const { body } = splitBom(text);
  return format === "toml" ? parseToml(body) : parseJsonc(body);
}

/** As deep as the TOML parser allows: the edit and its verification walk the document recursively. */
export const MAX_NESTING_DEPTH = 500;

/** jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot read). */
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/** The offset where arrays and objects first nest deeper than MAX_NESTING_DEPTH, found without recursion. */
function tooDeepAt(body: string): number | undefined {
  const scanner = createScanner(body, true);
  let depth = 0;
  for (let token: number = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      if (++depth > MAX_NESTING_DEPTH) return scanner.getTokenOffset();
    } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) depth--;
  }
  return undefined;
}

function parseJsonc(body: string): ParseResult {
  const deep = tooDeepAt(body);
  if (deep !== undefined) {
    return { ok: false, problem: { reason: `maximum nesting depth of ${MAX_NESTING_DEPTH} exceeded`, ...lineAndColumn(body, deep) } };
  }
  const errors: ParseError[] = [];
  const doc: unknown = parse(body, errors, JSONC_PARSE_OPTIONS);
  if (errors.length > 0) {
    const reason = printParseErrorCode(errors[0].error).replace(/(?<=[a-z])(?=[A-Z])/g, " ").toLowerCase();
    return { ok: false, problem: { reason, ...lineAndColumn(body, errors[0].offset) } };
  }
  if (doc === undefined) return { ok: true, doc: {} };
  if (!isTable(doc)) {
    return { ok: false, problem: { reason: "the top level is not an object", ...lineAndColumn(body, body.search(/\S/)) } };
  }
  return { ok: true, doc };
}

interface TomlError {
  message: string;
  line?: number;
  column?: number;
  found?: string | null;
  location?: { start: { line: number; column: number } };
}

function parseToml(body: string): ParseResult {
  try {
    // structuredClone: toml builds null-prototype objects; plain ones compare and clone like the JSON side's.
    return { ok: true, doc: structuredClone(toml.parse(body)) as ConfigDocument };
  } catch (error) {
    const e = error as TomlError;
    if (e.location) {
      const found = e.found == null ? "end of file" : /^[\r\n]/.test(e.found) ? "end of line" : JSON.stringify(e.found);
      const { line, column } = e.location.start;
      return { ok: false, problem: { reason: `unexpected ${found}`, line, column } };
    }
    return { ok: false, problem: { reason: e.message.replace(/\.$/, ""), line: e.line ?? 1, column: e.column ?? 1 } };
  }
}

export function isTable(value: unknown): value is ConfigDocument {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The value at a path of tables, or undefined when a step is missing or not a table. */
export function valueAt(doc: ConfigDocument, path: string[]): unknown {
  let value: unknown = doc;
  for (const key of path) {
    if (!isTable(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

/** The environments a config defines (the tables of its `env` table), in file order. */
export function envNames(doc: ConfigDocument): string[] {
  const envs = doc.env;
  return isTable(envs) ? Object.keys(envs).filter((name) => isTable(envs[name])) : [];
}

/**
 * `--env NAME` against the file: a name the file does not define is a usage error listing those it does (a typo would
 * otherwise write a new `env.<typo>` section, which no deploy reads), unless a new section may be added (`--create-env`,
 * when the command writes one). wrangler itself refuses such an --env when the file has environments, and warns
 * when it has none.
 */
export function checkEnvSection(doc: ConfigDocument, env: string, file: string, o: { canCreate: boolean; createEnv?: boolean }): void {
  const names = envNames(doc);
  if (names.includes(env) || (o.canCreate && o.createEnv)) return;
  const has = names.length === 0 ? "it defines none" : `it has ${names.map((n) => JSON.stringify(n)).join(", ")}`;
  const close = closestName(env, names);
  const add = o.canCreate ? `pass --create-env to add a new env.${env} section to ${file}` : `add an env.${env} section to ${file} first`;
  const hint = close
    ? `Did you mean --env ${close}? Otherwise leave --env out for the top level, or ${add}.`
    : `${names.length > 0 ? "Check the spelling, leave" : "Leave"} --env out for the top level, or ${add}.`;
  throw new UsageError(`--env ${env}: ${file} has no environment "${env}" (${has}).`, hint);
}

/** The name a typo most likely meant: equal but for case, one the other begins, or at most 2 edits away. */
function closestName(typed: string, names: string[]): string | undefined {
  const lower = typed.toLowerCase();
  const exact = names.find((n) => n.toLowerCase() === lower) ?? names.find((n) => n.toLowerCase().startsWith(lower) || lower.startsWith(n.toLowerCase()));
  if (exact) return exact;
  const scored = names.map((n) => ({ n, d: editDistance(lower, n.toLowerCase()) })).filter(({ d }) => d <= 2);
  return scored.sort((a, b) => a.d - b.d)[0]?.n;
}

/** Levenshtein distance (insertions, deletions, substitutions), for names of a few dozen characters. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** The bindings of a section, in file order, with their index in the array. */
export function bindingsIn(doc: ConfigDocument, env?: string): Array<Binding & { index: number }> {
  const section = valueAt(doc, sectionPath(env));
  if (!Array.isArray(section)) return [];
  return section.flatMap((entry: unknown, index) =>
    isTable(entry) && typeof entry.binding === "string"
      ? [{ binding: entry.binding, id: typeof entry.id === "string" ? entry.id : undefined, ...(entry.remote === true ? { remote: true } : {}), index }]
      : [],
  );
}

function parseOrThrow(text: string, format: ConfigFormat, file?: string, hint?: string): ConfigDocument {
  const parsed = parseConfig(text, format);
  if (!parsed.ok) throw new ConfigSyntaxError(parsed.problem, file, hint);
  return parsed.doc;
}

/** The Hyperdrive bindings in the target section (top level, or `env.<env>`). Throws ConfigSyntaxError naming `file`. */
export function listBindings(text: string, format: ConfigFormat, env?: string, file?: string): Binding[] {
  return bindingsIn(parseOrThrow(text, format, file), env).map(({ index: _index, ...binding }) => binding);
}

/**
 * `account_id` from the config: `env.<env>.account_id` when set, else the top-level one. Throws ConfigSyntaxError
 * naming `file`, with the ways around the file (--account-id) in its hint.
 */
export function readAccountId(text: string, format: ConfigFormat, env?: string, file?: string): string | undefined {
  const hint = "hyperdrive reads account_id from it, as wrangler does: fix the file, or give --account-id ID (which skips it).";
  const doc = parseOrThrow(text, format, file, hint);
  const candidates = [env === undefined ? undefined : valueAt(doc, ["env", env, "account_id"]), doc.account_id];
  return candidates.find((value): value is string => typeof value === "string" && value !== "");
}

/** What `wrangler dev` reads of a binding besides its id; never the connection string itself (it may hold a password). */
export interface LocalDevEntry {
  binding: string;
  id: string | undefined;
  /** The entry has a `localConnectionString` (a string); whether it carries a password. */
  localConnectionString?: { hasPassword: boolean };
  /** `remote: true`: wrangler dev connects to the deployed config instead (when it can log in). */
  remote: boolean;
}

/** Whether a connection string has a non-empty password (user:password@…). */
export function hasPassword(connectionString: string): boolean {
  const at = connectionString.lastIndexOf("@");
  const userinfo = at === -1 ? "" : connectionString.slice(0, at).replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, "");
  const colon = userinfo.indexOf(":");
  return colon !== -1 && colon < userinfo.length - 1;
}

/**
 * The named binding of the section (top level, or `env.<env>`), and whether the section declares `secrets` (then
 * wrangler dev hands only the declared keys of .env to the Worker). Throws ConfigSyntaxError.
 */
export function readLocalDevEntry(
  text: string,
  format: ConfigFormat,
  binding: string,
  env?: string,
): { entry: LocalDevEntry | undefined; declaresSecrets: string[] | undefined } {
  const doc = parseOrThrow(text, format);
  const section = valueAt(doc, sectionPath(env));
  const raw = Array.isArray(section) ? section.find((e: unknown) => isTable(e) && e.binding === binding) : undefined;
  const secrets = valueAt(doc, env === undefined ? ["secrets"] : ["env", env, "secrets"]);
  const required = isTable(secrets) && Array.isArray(secrets.required) ? secrets.required.filter((k): k is string => typeof k === "string") : undefined;
  const declaresSecrets = isTable(secrets) ? (required ?? []) : undefined;
  if (!isTable(raw)) return { entry: undefined, declaresSecrets };
  const local = raw.localConnectionString;
  return {
    entry: {
      binding,
      id: typeof raw.id === "string" ? raw.id : undefined,
      ...(typeof local === "string" ? { localConnectionString: { hasPassword: hasPassword(local) } } : {}),
      remote: raw.remote === true,
    },
    declaresSecrets,
  };
}
