// Will `wrangler dev` start with this binding, and what else should its user know? wrangler 4.164 (verified in its
// bundled cli.js, `applyHyperdriveEnvVars` and `getVarsForDev`) takes a binding's local connection string from
// CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<BINDING> (else the deprecated WRANGLER_… name) in its environment,
// which it fills from `.env`, `.env.local` and, with `--env X`, `.env.X` and `.env.X.local` in its working directory,
// later files winning and a non-empty shell value winning over every file; failing that, from the binding's
// `localConnectionString`. A binding with neither (and no `remote: true`) stops wrangler dev from starting. Only names
// and paths are reported here, never a value.
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import type { LocalDevEntry } from "./document";
import {
  DEPRECATED_LOCAL_CONNECTION_STRING_PREFIX,
  LOCAL_CONNECTION_STRING_PREFIX,
} from "./dotenv";
import { defaultEnvFiles, parseDotenv } from "../session/environment";
import { realFiles, type FileIo } from "./files";
import { shellWord } from "../shell-word";

/** Where wrangler dev takes the binding's local connection string from. */
export type LocalStringSource =
  | { kind: "environment"; variable: string }
  | { kind: "file"; variable: string; path: string }
  | { kind: "config" }
  | { kind: "remote" };

export interface LocalStringQuery {
  /** wrangler dev's working directory: the config's folder, where we write. */
  dir: string;
  binding: string;
  env?: string;
  processEnv?: Record<string, string | undefined>;
  /** The binding as the config has it. */
  entry?: LocalDevEntry;
}

/** The source wrangler dev would use, or undefined when it would refuse to start. Unreadable files count as absent. */
export async function findLocalConnectionString(query: LocalStringQuery, files: Pick<FileIo, "readFile"> = realFiles): Promise<LocalStringSource | undefined> {
  const processEnv = query.processEnv ?? {};
  const merged = new Map<string, { value: string; path: string }>();
  for (const name of defaultEnvFiles(query.env)) {
    const path = join(query.dir, name);
    const text = await files.readFile(path).catch(() => undefined);
    if (text === undefined) continue;
    for (const [key, value] of Object.entries(parseDotenv(text))) merged.set(key, { value, path });
  }
  for (const prefix of [LOCAL_CONNECTION_STRING_PREFIX, DEPRECATED_LOCAL_CONNECTION_STRING_PREFIX]) {
    const variable = prefix + query.binding;
    if (processEnv[variable]) return { kind: "environment", variable };
    const fromFile = merged.get(variable);
    if (fromFile?.value) return { kind: "file", variable, path: fromFile.path };
  }
  if (query.entry?.localConnectionString) return { kind: "config" };
  if (query.entry?.remote) return { kind: "remote" };
  return undefined;
}

export type LocalDevCode = "no-local-connection-string" | "top-level-string" | "run-from" | "dotenv-secrets" | "stale-local-connection-string" | "local-emulator-id";

export interface LocalDevWarning {
  code: LocalDevCode;
  message: string;
}

/** Plain JSON, part of the binding outcome. */
export interface LocalDevReport {
  variable: string;
  /** "environment", "file" (with `path`), "config" (localConnectionString), "remote", or "none": wrangler dev will not start. */
  source: LocalStringSource["kind"] | "none";
  path?: string;
  warnings: LocalDevWarning[];
}

export interface LocalDevContext extends LocalStringQuery {
  cwd: string;
  /** The config file, for messages. */
  configPath: string;
  id: string;
  /** The config's scheme, for the example string. */
  scheme?: string;
  /** The command that sets the string, without the string (e.g. `hyperdrive bind prod-db --binding DB`). */
  setCommand: string;
  /** The keys the config declares in `secrets.required`, when it has a `secrets` section. */
  declaresSecrets?: string[];
  /** This run wrote the first local connection string into `dotenvPath`. */
  firstInFile?: { path: string };
  /** The ids the local emulator made, with their names. */
  localIds?: Map<string, { name: string }>;
  /** This run is `--local`: the id is one the emulator just made or already had. */
  local?: boolean;
}


/** What to tell the user about `wrangler dev` after a binding was written (or found already there). */
export async function localDevReport(c: LocalDevContext, files: Pick<FileIo, "readFile"> = realFiles): Promise<LocalDevReport> {
  const variable = LOCAL_CONNECTION_STRING_PREFIX + c.binding;
  const source = await findLocalConnectionString(c, files);
  const warnings: LocalDevWarning[] = [];
  const config = relative(c.cwd, c.configPath) || c.configPath;
  const dev = `wrangler dev${c.env === undefined ? "" : ` --env ${c.env}`}`;
  const folder = relative(c.cwd, c.dir);

  if (!source) {
    const example = c.scheme === "mysql" ? "mysql://USER:PASSWORD@localhost:3306/DATABASE" : "postgres://USER:PASSWORD@localhost:5432/DATABASE";
    warnings.push({
      code: "no-local-connection-string",
      message:
        `${dev} will not start: binding ${c.binding} has no local connection string (${variable} in ` +
        `${c.env === undefined ? ".env" : `.env.${c.env}`}, or localConnectionString in ${config}). ` +
        `Set one with: ${c.setCommand} --local-connection-string ${shellWord(example)}`,
    });
  }
  const own = c.env === undefined ? [] : [`.env.${c.env}`, `.env.${c.env}.local`].map((name) => join(c.dir, name));
  if (c.env !== undefined && source?.kind === "file" && !own.includes(source.path)) {
    // wrangler dev --env X reads .env and .env.local too: the top level's string reaches the environment's Worker.
    warnings.push({
      code: "top-level-string",
      message:
        `Binding ${c.binding} of env ${c.env} has no local connection string of its own: ${dev} would take the one in ` +
        `${relative(c.cwd, source.path)}, the top level's database. Set one with: ${c.setCommand} --local-connection-string URL`,
    });
  }
  if (source?.kind === "file" && folder !== "") {
    warnings.push({
      code: "run-from",
      message:
        `wrangler dev reads ${relative(c.dir, source.path)} from the folder it runs in, not the config's: ` +
        `run ${dev} from ${folder} (or add --cwd ${shellWord(folder)}).`,
    });
  }
  if (c.entry?.localConnectionString && (source?.kind === "environment" || source?.kind === "file")) {
    const where = source.kind === "environment" ? "your shell's environment" : relative(c.cwd, source.path);
    const password = c.entry.localConnectionString.hasPassword;
    warnings.push({
      code: "stale-local-connection-string",
      message:
        `Binding ${c.binding} in ${config} still has a localConnectionString, which ${dev} ignores (${source.variable} in ${where} wins)` +
        (password
          ? `; it holds a database password in a file that is usually committed: remove it from ${config}.`
          : `: remove it from ${config} so nobody edits the wrong one.`),
    });
  }
  if (c.firstInFile && dotenvBecomesSecrets(c, variable)) {
    const name = relative(c.cwd, c.firstInFile.path);
    warnings.push({
      code: "dotenv-secrets",
      message:
        `Without a .dev.vars file, wrangler dev also hands ${name} to the Worker as secrets: env.${variable} (with its ` +
        "password) is readable by the Worker and appears in `wrangler types`. To avoid it, create an empty " +
        `${join(folder, ".dev.vars")} or set CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV=false.`,
    });
  }
  const local = c.localIds?.get(c.id);
  if (local || c.local) {
    warnings.push({
      code: "local-emulator-id",
      message:
        `${c.binding} → ${c.id} is a config of the local emulator (--local), not of your Cloudflare account: ` +
        `a deploy with this binding would fail. Before deploying, create ${local ? `'${local.name}'` : "the config"} without --local ` +
        `and bind it (hyperdrive bind ${local ? shellWord(local.name) : "<config>"} --binding ${c.binding}${c.env === undefined ? "" : ` --env ${c.env}`}).`,
    });
  }
  return {
    variable,
    source: source?.kind ?? "none",
    ...(source?.kind === "file" ? { path: source.path } : {}),
    warnings,
  };
}

/** Whether wrangler dev passes the .env files to the Worker as secrets (getVarsForDev). */
function dotenvBecomesSecrets(c: LocalDevContext, variable: string): boolean {
  if ((c.processEnv?.CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV ?? "").toLowerCase() === "false") return false;
  if (c.declaresSecrets && !c.declaresSecrets.includes(variable)) return false;
  const devVars = [".dev.vars", ...(c.env === undefined ? [] : [`.dev.vars.${c.env}`])];
  return !devVars.some((name) => existsSync(join(c.dir, name)));
}
