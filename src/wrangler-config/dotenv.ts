// `--local-connection-string`: the connection string `wrangler dev` uses for a binding, kept in a .env file beside the
// config file (which wrangler reads with dotenv and dotenv-expand) instead of in the committed config: `.env` for the
// top level, `.env.<env>` for `--env <env>` (wrangler 4.164 reads `.env`, `.env.local`, then with `--env X` also
// `.env.X` and `.env.X.local`, later files winning, a non-empty shell variable winning over all). The value holds a
// database password: it never appears in a message or an error.
import { basename, dirname, join } from "node:path";
import { FileChangedError, realFiles, type FileIo } from "./files";
import { parseDotenv } from "../session/environment";
import { detectEol } from "./text";

export const LOCAL_CONNECTION_STRING_PREFIX = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_";
/** The name wrangler still reads, with a deprecation warning, when the one above is unset or empty. */
export const DEPRECATED_LOCAL_CONNECTION_STRING_PREFIX = "WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_";

/** The file a binding's local connection string is written to: `.env`, or `.env.<env>` for an environment. */
export function dotenvFileFor(env?: string): string {
  if (env !== undefined && !/^[\w.-]+$/.test(env)) {
    throw new DotenvValueError(`the environment name ${JSON.stringify(env)} cannot name a .env.<env> file`);
  }
  return env === undefined ? ".env" : `.env.${env}`;
}

/** A value `.env` cannot carry; the message names the problem, never the value. */
export class DotenvValueError extends Error {}

/**
 * The value quoted for dotenv: in single quotes (no escapes), else backticks, else double quotes — whichever the value
 * does not contain — with `$` escaped as `\$` so dotenv-expand does not expand it.
 */
export function quoteDotenvValue(value: string): string {
  if (/[\r\n\\]/.test(value)) {
    throw new DotenvValueError("a line break or a backslash cannot be stored in .env; percent-encode it (%0A, %5C)");
  }
  const quote = ["'", "`", '"'].find((q) => !value.includes(q));
  if (!quote) throw new DotenvValueError("a value containing ', ` and \" cannot be stored in .env; percent-encode one of them");
  return quote + value.replace(/\$/g, "\\$") + quote;
}

/**
 * dotenv's own grammar for one assignment (its LINE expression, in dotenv 16/17, which wrangler reads `.env` with):
 * matched one after another over the whole text, so a quoted value may span lines, and a line inside another
 * variable's multi-line value is part of that value, not a definition.
 */
const DOTENV_LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dgm;

/** Where `key` is defined, as dotenv reads the text: from the key's first character to the end of its value. */
function definitionsOf(text: string, key: string): Array<{ start: number; end: number }> {
  const found: Array<{ start: number; end: number }> = [];
  for (const match of text.matchAll(DOTENV_LINE)) {
    if (match[1] !== key) continue;
    const [keyStart, keyEnd] = match.indices![1];
    const value = match.indices![2];
    const operator = /^\s*[=:]/.exec(text.slice(keyEnd))![0].length;
    // To the end of the line the value ends on: a comment there described the old value.
    const valueEnd = value ? value[1] : keyEnd + operator;
    const lineEnd = text.slice(valueEnd).search(/[\r\n]/);
    found.push({ start: keyStart, end: lineEnd === -1 ? text.length : valueEnd + lineEnd });
  }
  return found;
}

/** The `.env` text with `key` set: each definition replaced in place, up to the end of its value's line; else appended. */
export function setDotenvValue(text: string, key: string, value: string): string {
  const assignment = `${key}=${quoteDotenvValue(value)}`;
  const definitions = definitionsOf(text, key);
  if (definitions.length > 0) {
    let out = "";
    let at = 0;
    for (const { start, end } of definitions) {
      out += text.slice(at, start) + assignment;
      at = end;
    }
    return out + text.slice(at);
  }
  const eol = detectEol(text);
  return text + (text === "" || /[\r\n]$/.test(text) ? "" : eol) + assignment + eol;
}

export interface LocalConnectionStringResult {
  path: string;
  variable: string;
  changed: boolean;
  /** The file held no local connection string of any binding before (or did not exist). */
  firstInFile: boolean;
}

/**
 * Sets CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<BINDING> in `<dir>/.env`, or `<dir>/.env.<env>` with an
 * environment (created with mode 0600).
 */
export async function setLocalConnectionString(
  { dir, binding, connectionString, env }: { dir: string; binding: string; connectionString: string; env?: string },
  files: FileIo = realFiles,
): Promise<LocalConnectionStringResult> {
  const variable = LOCAL_CONNECTION_STRING_PREFIX + binding;
  if (!/^\w+$/.test(binding)) throw new DotenvValueError(`${variable} is not a name .env files can define (no $)`);
  const path = join(dir, dotenvFileFor(env));
  // Locked like the wrangler config: twenty parallel `bind --local-connection-string` keep twenty lines.
  const lock = await files.lock(path);
  try {
    for (let attempt = 1; ; attempt++) {
      const original = await files.readFile(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return null;
        throw error;
      });
      const firstInFile = original === null || !Object.keys(parseDotenv(original)).some((key) => key.startsWith(LOCAL_CONNECTION_STRING_PREFIX));
      const updated = setDotenvValue(original ?? "", variable, connectionString);
      if (updated === original) return { path, variable, changed: false, firstInFile };
      try {
        await files.writeFileAtomic(path, updated, { expectedOriginal: original, mode: 0o600 });
        return { path, variable, changed: true, firstInFile };
      } catch (error) {
        if (!(error instanceof FileChangedError) || attempt >= 3) throw error;
      }
    }
  } finally {
    await lock.release();
  }
}

/** Whether the `.env` text has a line defining `key`, found as setDotenvValue finds it. */
function definesDotenvKey(text: string, key: string): boolean {
  return definitionsOf(text, key).length > 0;
}

/**
 * The files wrangler prefers to the one a value is written to (`dotenvFileFor`), most specific first: only
 * `.env.local` over `.env` without an environment; only `.env.<env>.local` over `.env.<env>` with one.
 */
function moreSpecificDotenvFiles(dir: string, env?: string): string[] {
  return [env === undefined ? ".env.local" : `.env.${env}.local`].map((name) => join(dir, name));
}

export interface DotenvShadows {
  /** The process environment sets the variable to a non-empty value: wrangler then ignores the files' values. */
  environment: boolean;
  /** The more specific files that define it, most specific first. */
  files: string[];
}

/**
 * What would make `wrangler dev` ignore the variable's line in `<dir>/.env`. Only names are looked at, never values.
 * A file that cannot be read is skipped: this only adds a warning, it must not fail the step.
 */
export async function findDotenvShadows(
  { dir, variable, env, processEnv = {} }: { dir: string; variable: string; env?: string; processEnv?: Record<string, string | undefined> },
  files: FileIo = realFiles,
): Promise<DotenvShadows> {
  const candidates = moreSpecificDotenvFiles(dir, env);
  const defines = await Promise.all(
    candidates.map((path) => files.readFile(path).then((text) => definesDotenvKey(text, variable), () => false)),
  );
  return { environment: Boolean(processEnv[variable]), files: candidates.filter((_path, i) => defines[i]) };
}

export type GitIgnoreState = "ignored" | "not-ignored" | "unknown";

/** Whether git ignores the path ("unknown" outside a repository or without git). A tracked file is not ignored. */
export async function isGitIgnored(path: string): Promise<GitIgnoreState> {
  const { execFile } = await import("node:child_process");
  return new Promise((resolve) => {
    execFile("git", ["check-ignore", "-q", "--", basename(path)], { cwd: dirname(path) }, (error) => {
      const code = error ? error.code : 0;
      resolve(code === 0 ? "ignored" : code === 1 ? "not-ignored" : "unknown");
    });
  });
}
