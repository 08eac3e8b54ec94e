// The environment a command runs in, as wrangler 4.164 builds its own before every command: the shell's variables,
// plus those from `.env`, `.env.local` and, with `--env NAME`, `.env.NAME` and `.env.NAME.local` in the working
// directory — or only the `--env-file PATH` files when that flag is given. Later files win; a non-empty shell variable
// wins over every file. Files are parsed as dotenv 16.3 does and expanded as dotenv-expand 12 does (`$VAR`, `${VAR}`,
// `${VAR:-default}`, `\$` for a literal `$`), so a `.env` that works with wrangler gives the same values here.
// Values never leave this module in a message: only variable names and file paths do.
import { resolve } from "node:path";

type Env = Record<string, string | undefined>;

/** wrangler's default list (getDefaultEnvFiles), relative to the working directory. */
export function defaultEnvFiles(envName?: string): string[] {
  const files = [".env", ".env.local"];
  if (envName !== undefined) files.push(`.env.${envName}`, `.env.${envName}.local`);
  return files;
}

// One assignment: `KEY=value`, `export KEY=value`, `KEY: value`; a value in single, double or back quotes may span
// lines; an unquoted value ends at `#`. The grammar of dotenv 16.3.
const LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

/** The assignments of a `.env` text, as dotenv 16.3 parses them (a later line for the same key wins). */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/\r\n?/g, "\n");
  LINE.lastIndex = 0;
  for (let match = LINE.exec(lines); match !== null; match = LINE.exec(lines)) {
    let value = (match[2] ?? "").trim();
    const quote = value[0];
    value = value.replace(/^(['"`])([\s\S]*)\1$/gm, "$2");
    if (quote === '"') value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r");
    out[match[1]] = value;
  }
  return out;
}

const REFERENCE = /(?<!\\)\${([^{}]+)}|(?<!\\)\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** One value with its references expanded, as dotenv-expand 12 does it (shell first, then earlier file values). */
function expandValue(value: string, shell: Env, earlier: Record<string, string>): string {
  const known: Env = { ...earlier, ...shell };
  let result = value;
  const seen = new Set<string>();
  REFERENCE.lastIndex = 0;
  for (let match = REFERENCE.exec(result); match !== null; match = REFERENCE.exec(result)) {
    seen.add(result);
    const [template, braced, bare] = match;
    const expression = braced || bare;
    const operator = /(:\+|\+|:-|-)/.exec(expression)?.[0];
    const parts = operator ? expression.split(operator) : [expression];
    const key = parts.shift()!;
    let fallback: string;
    let found: string | undefined;
    if (operator === ":+" || operator === "+") {
      fallback = known[key] ? parts.join(operator) : "";
    } else {
      fallback = parts.join(operator ?? "");
      found = known[key];
    }
    result = result.replace(template, found && !seen.has(found) ? found : fallback);
    if (result === earlier[key]) break;
    REFERENCE.lastIndex = 0;
  }
  return result;
}

export interface LoadedEnvironment {
  /** The shell's variables with the files' added (the shell wins where it has a non-empty value). */
  env: Env;
  /** For each variable a file supplied (and the shell did not), the file it came from. */
  sources: Record<string, string>;
  /** The files read, in order; missing ones are skipped silently, as wrangler does. */
  loaded: string[];
}

export interface EnvironmentRequest {
  cwd: string;
  /** `--env NAME`: adds `.env.NAME` and `.env.NAME.local` to the defaults. */
  envName?: string;
  /** `--env-file PATH`, repeatable: replaces the default list. */
  envFiles?: readonly string[];
  shell: Env;
  /** Answers the file's text, or undefined when it does not exist or cannot be read. */
  readFile: (path: string) => string | undefined;
}

/** wrangler's loadDotEnv followed by dotenv-expand, as its global check runs them before every command. */
export function loadEnvironment(request: EnvironmentRequest): LoadedEnvironment {
  const paths = (request.envFiles ?? defaultEnvFiles(request.envName)).map((file) => resolve(request.cwd, file));
  const fromFiles: Record<string, string> = {};
  const fileOf: Record<string, string> = {};
  const loaded: string[] = [];
  for (const path of paths) {
    const text = request.readFile(path);
    if (text === undefined) continue;
    loaded.push(path);
    for (const [key, value] of Object.entries(parseDotenv(text))) {
      fromFiles[key] = value;
      fileOf[key] = path;
    }
  }
  const env: Env = { ...request.shell };
  const sources: Record<string, string> = {};
  const earlier: Record<string, string> = {};
  for (const [key, raw] of Object.entries(fromFiles)) {
    const shellValue = request.shell[key];
    const fromShell = Boolean(shellValue) && shellValue !== raw;
    const value = (fromShell ? shellValue! : expandValue(raw, request.shell, earlier)).replace(/\\\$/g, "$");
    earlier[key] = value;
    env[key] = value;
    if (!fromShell) sources[key] = fileOf[key];
  }
  return { env, sources, loaded };
}
