// After `create` (or `bind`): put the binding into the Worker's config when the user asked for it or agreed to it, and
// say exactly what happened. Whatever happens, the outcome carries the id and a snippet, so the config is never lost.
import { dirname, join, relative } from "node:path";
import { UsageError } from "../errors";
import { DEFAULT_BINDING, validateBindingFlag } from "./binding-name";
import type { ConfigFormat } from "./locate";
import {
  dotenvFileFor,
  findDotenvShadows,
  isGitIgnored,
  LOCAL_CONNECTION_STRING_PREFIX,
  setLocalConnectionString,
  type DotenvShadows,
  type GitIgnoreState,
} from "./dotenv";
import { FileChangedError, LockBusyError, ReadOnlyFileError, realFiles, type FileIo } from "./files";
import type { FileLock } from "../fs/lock";
import { findWranglerConfig } from "./locate";
import type { BindingPlan } from "./plan";
import { findLocalConnectionString, localDevReport, type LocalDevReport } from "./local-dev";
import { formatSnippet } from "./snippet";

export interface BindingRequest {
  cwd: string;
  /** `--config PATH`. */
  configPath?: string;
  /** `--env NAME`. */
  env?: string;
  /** `--binding NAME` (default HYPERDRIVE): validated (UsageError), implies writing unless `updateConfig` is false. */
  binding?: string;
  /** `--remote`: the binding gets `"remote": true`. */
  remote?: boolean;
  id: string;
  /** `--update-config` (true), `--no-update-config` (false), neither (undefined: ask on a terminal). */
  updateConfig?: boolean;
  /**
   * The user asked for the write (`--binding`, `--update-config`; `bind`), so a missing wrangler config is a failure
   * (the command checked for one before any request; it was removed since), not the snippet-only case.
   */
  writeAsked?: boolean;
  /** `--local-connection-string URL` (already checked): stored in `.env`, or `.env.<env>`, beside the config file. */
  localConnectionString?: string;
  /** The environment the CLI runs in: a variable set there wins over `.env` in `wrangler dev`, so it is warned about. */
  processEnv?: Record<string, string | undefined>;
  /** The config's scheme (postgres, postgresql, mysql), for the example in a warning. */
  scheme?: string;
  /** The command that would set the binding's local connection string, without it (for the warning when there is none). */
  setCommand?: (binding: string) => string;
  /** The ids the local emulator made; `local`: this run is --local. A binding to one is warned about. */
  localIds?: Map<string, { name: string }>;
  local?: boolean;
}

/** Structurally the `confirm` of src/io.ts's Prompter. */
export interface BindingPrompter {
  confirm(question: string, defaultYes: boolean): Promise<boolean>;
}

export interface BindingIo extends Partial<FileIo> {
  /** Present only when the user can be asked (a terminal, not CI); absent means never ask. */
  prompter?: BindingPrompter;
  isGitIgnored?(path: string): Promise<GitIgnoreState>;
  /**
   * Asked when wrangler dev would find no local connection string for the binding just written (a terminal only):
   * resolves to a checked string to save, or undefined to leave it.
   */
  askLocalConnectionString?(question: { binding: string; variable: string; file: string }): Promise<string | undefined>;
  /** Told as the edit goes: what a Ctrl-C would leave (src/commands/binding-step.ts turns it into what it says). */
  progress?(step: BindingProgress): Promise<void> | void;
}

/**
 * Where the step is. Before any of these, no file was written. `dotenv` is the .env file for wrangler dev, relative to
 * the working directory; `saving`: a connection string given on the command line is about to be saved there.
 */
export type BindingProgress =
  | { step: "writing-config"; binding: string }
  | { step: "bound"; binding: string; dotenv: string; saving: boolean }
  | { step: "writing-dotenv"; binding: string; dotenv: string }
  | { step: "saved"; binding: string; dotenv: string };

export type BindingReason =
  | "no-config-file"
  | "update-config-off"
  | "no-terminal"
  | "declined"
  | "invalid-config"
  | "unsupported-shape"
  | "unverified-edit"
  | "read-failed"
  | "changed-on-disk"
  | "locked"
  | "read-only"
  | "write-failed";

export interface LocalConnectionStringOutcome {
  status: "written" | "unchanged" | "skipped" | "failed";
  /** The variable's name (never its value). */
  variable: string;
  path?: string;
  /** Whether git ignores the .env file; warn on "not-ignored". */
  gitIgnored?: GitIgnoreState;
  /**
   * What also defines the variable and wins over `.env` in `wrangler dev`, so the value saved is not used:
   * "environment" (the shell's) and the more specific .env files' paths, most specific first. Absent when nothing does.
   */
  shadowedBy?: string[];
  message: string;
}

/** Plain JSON: what the CLI prints, or includes in `--json` output. */
export interface BindingOutcome {
  status: "written" | "unchanged" | "skipped" | "failed";
  /** Whether the file holds the binding afterwards (written now, or already there). */
  written: boolean;
  /** The config file, when one was found. */
  path?: string;
  /** The snippet's format: the file's, or json when there is no file. */
  format: ConfigFormat;
  binding: string;
  id: string;
  env?: string;
  /** The id a repointed binding had before. */
  previousId?: string;
  snippet: string;
  reason?: BindingReason;
  /** The flag that would have written the binding, when none was given and nobody could be asked. */
  flag?: string;
  /** The folders searched for a config file, nearest first, when none was found. */
  searched?: string[];
  /** The command that writes the binding (`hyperdrive bind NAME --binding HD`), when the file does not hold it. */
  command?: string;
  message: string;
  localConnectionString?: LocalConnectionStringOutcome;
  /** What wrangler dev will make of the binding (when it is in a config file). */
  localDev?: LocalDevReport;
}

/**
 * Before the config is created, when a binding will be written: the wrangler config must be readable and parse.
 * UsageError (exit 2) otherwise, naming the file, the problem and the way out (--no-update-config).
 */
export async function checkConfigFile(config: { path: string; format: ConfigFormat }, cwd: string, files: Pick<FileIo, "readFile"> = realFiles): Promise<void> {
  const name = relative(cwd, config.path);
  const way = "Fix it, or pass --no-update-config to get the snippet instead.";
  let text: string;
  try {
    text = await files.readFile(config.path);
  } catch (error) {
    throw new UsageError(`Could not read ${name}: ${(error as Error).message}`, way);
  }
  const { parseConfig, describeProblem } = await import("./document");
  const parsed = parseConfig(text, config.format);
  if (!parsed.ok) throw new UsageError(`${name} does not parse (${describeProblem(parsed.problem)}); nothing was created.`, way);
}

/** Throws UsageError only for an invalid `--binding` or a bad `--config`, before anything is written. */
export async function applyBinding(request: BindingRequest, io: BindingIo = {}): Promise<BindingOutcome> {
  const files: FileIo = {
    readFile: io.readFile ?? realFiles.readFile,
    writeFileAtomic: io.writeFileAtomic ?? realFiles.writeFileAtomic,
    lock: io.lock ?? realFiles.lock,
  };
  if (request.binding !== undefined) validateBindingFlag(request.binding);
  const { config, searched } = findWranglerConfig({ configPath: request.configPath, cwd: request.cwd });
  const base = { id: request.id, ...(request.env === undefined ? {} : { env: request.env }) };
  const finish = (outcome: Omit<BindingOutcome, "id" | "env" | "snippet" | "written">) =>
    withLocalDev(
      {
        ...outcome,
        written: outcome.status === "written" || outcome.status === "unchanged",
        ...base,
        snippet: formatSnippet(outcome.format, { ...base, binding: outcome.binding, remote: request.remote }),
      },
      request,
      files,
      io,
    );
  const fallbackBinding = request.binding ?? DEFAULT_BINDING;
  if (!config) {
    const none = `No wrangler.json, wrangler.jsonc or wrangler.toml in ${request.cwd} or the folders above it`;
    const bind = request.setCommand?.(fallbackBinding);
    if (request.writeAsked && request.updateConfig !== false) {
      const message = `${none}: binding ${fallbackBinding} was not written.`;
      return finish({ status: "failed", reason: "no-config-file", format: "json", binding: fallbackBinding, searched, message });
    }
    const message = `${none}; add the snippet to your Worker's config${bind ? `, or once it has one, bind it with: ${bind}` : "."}`;
    return finish({ status: "skipped", reason: "no-config-file", format: "json", binding: fallbackBinding, searched, message });
  }

  const { path, format } = config;
  const name = relative(request.cwd, path);
  const where = request.env === undefined ? name : `env.${request.env} of ${name}`;
  const result = (status: BindingOutcome["status"], binding: string, message: string, extra: Partial<BindingOutcome> = {}) =>
    finish({ status, path, format, binding, message, ...extra });

  // The parsers (jsonc-parser, toml) load only now that there is a file to edit.
  const [{ planBindingEdit }, { describeProblem }] = await Promise.all([import("./plan"), import("./document")]);
  let text: string;
  try {
    text = await files.readFile(path);
  } catch (error) {
    return result("failed", fallbackBinding, `Could not read ${name}: ${(error as Error).message}`, { reason: "read-failed" });
  }
  const write = request.updateConfig ?? (request.binding !== undefined ? true : undefined);
  const plan = (current: string, binding?: string) =>
    planBindingEdit({ text: current, format, env: request.env, id: request.id, binding, remote: request.remote });
  const chosen = request.binding;
  const decided = plan(text, chosen);

  if (decided.kind === "already") {
    return result("unchanged", decided.binding, `${where} already binds ${decided.binding} → ${request.id}.`);
  }
  if (write === false) {
    const binding = "binding" in decided ? decided.binding : fallbackBinding;
    return result("skipped", binding, `${name} was not changed (--no-update-config).`, { reason: "update-config-off" });
  }
  if (decided.kind !== "insert" && decided.kind !== "repoint") {
    return result("failed", fallbackBinding, failureMessage(name, decided, describeProblem), { reason: reasonOf[decided.kind] });
  }

  const { binding } = decided;
  const repointed = decided.kind === "repoint" ? { previousId: decided.previousId } : {};
  if (write === undefined) {
    if (!io.prompter) {
      const message = `${name} was not changed (no terminal to ask); add the snippet, or re-run with --update-config.`;
      return result("skipped", binding, message, { reason: "no-terminal", flag: "--update-config" });
    }
    const question =
      decided.kind === "repoint"
        ? `Point binding ${binding} to ${request.id} (${was(decided.previousId)}) in ${where}? (--binding NAME adds another instead)`
        : `Add binding ${binding} → ${request.id} to ${where}?`;
    if (!(await io.prompter.confirm(question, true))) {
      return result("skipped", binding, `${name} was not changed; add the snippet to bind it yourself.`, { reason: "declined" });
    }
  }

  // The write: under the lock, read the file again and plan the same binding against what it holds now (another
  // hyperdrive may have added its own meanwhile), then replace it. An editor or a writer that takes no lock can still
  // change it between that read and the rename: that is detected and the edit retried a few times.
  let lock: FileLock;
  try {
    lock = await files.lock(path);
  } catch (error) {
    const reason = error instanceof LockBusyError ? "locked" : "write-failed";
    return result("failed", binding, `${name} was not changed: ${(error as Error).message}`, { reason, ...repointed });
  }
  try {
    for (let attempt = 1; ; attempt++) {
      let current: string;
      try {
        current = await files.readFile(path);
      } catch (error) {
        return result("failed", binding, `Could not read ${name}: ${(error as Error).message}`, { reason: "read-failed", ...repointed });
      }
      const now: BindingPlan = current === text ? decided : plan(current, chosen);
      if (write === undefined && (now.kind !== decided.kind || !("binding" in now) || now.binding !== binding)) {
        // What the user agreed to is no longer what would be written.
        const message = `${name} changed while you were asked; it was left as it is now.`;
        return result("failed", binding, message, { reason: "changed-on-disk", ...repointed });
      }
      if (now.kind === "already") return result("unchanged", now.binding, `${where} already binds ${now.binding} → ${request.id}.`);
      if (now.kind !== "insert" && now.kind !== "repoint") {
        return result("failed", binding, failureMessage(name, now, describeProblem), { reason: reasonOf[now.kind] });
      }
      const nowRepointed = now.kind === "repoint" ? { previousId: now.previousId } : {};
      try {
        await io.progress?.({ step: "writing-config", binding: now.binding });
        await files.writeFileAtomic(path, now.text, { expectedOriginal: current });
      } catch (error) {
        if (error instanceof FileChangedError && attempt < WRITE_ATTEMPTS) continue;
        if (error instanceof FileChangedError) {
          const message = `${name} kept changing while it was being edited; it was left as it is now.`;
          return result("failed", now.binding, message, { reason: "changed-on-disk", ...nowRepointed });
        }
        const reason = error instanceof ReadOnlyFileError ? "read-only" : "write-failed";
        const message =
          error instanceof ReadOnlyFileError
            ? `${name} is read-only (mode ${error.mode}) for this user; it was not changed. Make it writable (chmod u+w ${name}) to let hyperdrive edit it.`
            : `Could not write ${name}: ${(error as Error).message}`;
        return result("failed", now.binding, message, { reason, ...nowRepointed });
      }
      const message =
        now.kind === "repoint"
          ? `Repointed binding ${now.binding}: ${now.previousId ?? "(no id)"} → ${request.id} in ${where}${request.remote ? ' ("remote": true)' : ""}.`
          : `Added binding ${now.binding} → ${request.id} to ${where}${request.remote ? ' ("remote": true)' : ""}.`;
      return result("written", now.binding, message, nowRepointed);
    }
  } finally {
    await lock.release();
  }
}

/** Reads, plans and writes under the lock this many times while a writer that takes no lock keeps changing the file. */
const WRITE_ATTEMPTS = 3;

const reasonOf = { invalid: "invalid-config", unsupported: "unsupported-shape", unverified: "unverified-edit" } as const;

function failureMessage(
  name: string,
  plan: Extract<BindingPlan, { kind: keyof typeof reasonOf }>,
  describeProblem: (problem: Extract<BindingPlan, { kind: "invalid" }>["problem"]) => string,
): string {
  if (plan.kind === "invalid") return `${name} does not parse (${describeProblem(plan.problem)}); it was left unchanged.`;
  if (plan.kind === "unsupported") return `${name} was left unchanged: ${plan.reason}.`;
  return `${name} was left unchanged: the edit did not verify (${plan.reason}).`;
}

function was(previousId: string | undefined): string {
  return previousId === undefined ? "it had no id" : `was ${previousId}`;
}

/**
 * Once the binding is in the config: stores the local connection string (given, or asked for on a terminal when
 * wrangler dev would find none) in `.env` or `.env.<env>` beside the config, and reports what wrangler dev will make
 * of the binding.
 */
async function withLocalDev(outcome: BindingOutcome, request: BindingRequest, files: FileIo, io: BindingIo): Promise<BindingOutcome> {
  const variable = LOCAL_CONNECTION_STRING_PREFIX + outcome.binding;
  if (!outcome.path || (outcome.status !== "written" && outcome.status !== "unchanged")) {
    if (request.localConnectionString === undefined) return outcome;
    const message = `${variable} was not saved: the binding is not in a config file.`;
    return { ...outcome, localConnectionString: { status: "skipped", variable, message } };
  }
  const dir = dirname(outcome.path);
  const configPath = outcome.path;
  const { readLocalDevEntry } = await import("./document");
  const readEntry = async () => {
    try {
      return readLocalDevEntry(await files.readFile(configPath), outcome.format, outcome.binding, request.env);
    } catch {
      return { entry: undefined, declaresSecrets: undefined };
    }
  };
  let dotenvName: string;
  try {
    dotenvName = dotenvFileFor(request.env);
  } catch {
    dotenvName = ".env";
  }
  const dotenv = relative(request.cwd, join(dir, dotenvName));
  await io.progress?.({ step: "bound", binding: outcome.binding, dotenv, saving: request.localConnectionString !== undefined });
  const { entry, declaresSecrets } = await readEntry();
  const query = { dir, binding: outcome.binding, env: request.env, processEnv: request.processEnv, entry };
  let value = request.localConnectionString;
  if (value === undefined && io.askLocalConnectionString && !(await findLocalConnectionString(query, files))) {
    value = await io.askLocalConnectionString({ binding: outcome.binding, variable, file: dotenv });
  }
  let result = outcome;
  let firstInFile: { path: string } | undefined;
  if (value !== undefined) {
    const progress = io.progress;
    const watched: FileIo = progress
      ? {
          ...files,
          async writeFileAtomic(path, text, options) {
            await progress({ step: "writing-dotenv", binding: outcome.binding, dotenv });
            await files.writeFileAtomic(path, text, options);
          },
        }
      : files;
    const saved = await saveLocalConnectionString(outcome, request, value, watched, io);
    if (saved.outcome.status !== "failed") await progress?.({ step: "saved", binding: outcome.binding, dotenv });
    result = { ...outcome, localConnectionString: saved.outcome };
    if (saved.firstInFile) firstInFile = { path: saved.outcome.path! };
  }
  const report = await localDevReport(
    {
      ...query,
      cwd: request.cwd,
      configPath,
      id: outcome.id,
      scheme: request.scheme,
      setCommand: request.setCommand?.(outcome.binding) ?? `hyperdrive bind ${outcome.id} --binding ${outcome.binding}`,
      declaresSecrets,
      firstInFile,
      localIds: request.localIds,
      local: request.local,
    },
    files,
  );
  return { ...result, localDev: report };
}

async function saveLocalConnectionString(
  outcome: BindingOutcome,
  request: BindingRequest,
  value: string,
  files: FileIo,
  io: BindingIo,
): Promise<{ outcome: LocalConnectionStringOutcome; firstInFile: boolean }> {
  const variable = LOCAL_CONNECTION_STRING_PREFIX + outcome.binding;
  const dir = dirname(outcome.path!);
  try {
    const saved = await setLocalConnectionString({ dir, binding: outcome.binding, connectionString: value, env: request.env }, files);
    const gitIgnored = await (io.isGitIgnored ?? isGitIgnored)(saved.path);
    const shadows = await findDotenvShadows({ dir, variable, env: request.env, processEnv: request.processEnv }, files);
    const env = relative(request.cwd, saved.path);
    const ignoredWarning =
      gitIgnored === "not-ignored" ? ` Warning: git does not ignore ${env}; add it to .gitignore so the password is not committed.` : "";
    const warnings = ignoredWarning + (await modeWarning(saved.path, env)) + shadowWarning(shadows, variable, env, request.cwd);
    const shadowedBy = [...(shadows.environment ? ["environment"] : []), ...shadows.files];
    const dev = request.env === undefined ? "wrangler dev" : `wrangler dev --env ${request.env}`;
    return {
      firstInFile: saved.changed && saved.firstInFile,
      outcome: {
        status: saved.changed ? "written" : "unchanged",
        variable,
        path: saved.path,
        gitIgnored,
        ...(shadowedBy.length > 0 ? { shadowedBy } : {}),
        message: `${saved.changed ? "Set" : "Kept"} ${variable} in ${env} for ${dev}.${warnings}`,
      },
    };
  } catch (error) {
    const message = `${variable} was not saved: ${(error as Error).message}`;
    return { firstInFile: false, outcome: { status: "failed", variable, message } };
  }
}

/** A `.env` that others may read now holds a password: say so, and how to fix it (an existing file keeps its mode). */
async function modeWarning(path: string, env: string): Promise<string> {
  const { stat } = await import("node:fs/promises");
  const mode = await stat(path).then((info) => info.mode & 0o777, () => undefined);
  if (mode === undefined || (mode & 0o077) === 0) return "";
  const octal = mode.toString(8).padStart(4, "0");
  return ` Warning: ${env} is readable by other users (mode ${octal}) and now holds a password; run chmod 600 ${env}.`;
}

/** Names what wins over the `.env` line in `wrangler dev` (the shell, then files, most specific first); never values. */
function shadowWarning(shadows: DotenvShadows, variable: string, env: string, cwd: string): string {
  const winners = [...(shadows.environment ? ["your shell's environment"] : []), ...shadows.files.map((path) => relative(cwd, path))];
  if (winners.length === 0) return "";
  const list = winners.length === 1 ? winners[0] : `${winners.slice(0, -1).join(", ")} and ${winners.at(-1)}`;
  const [defines, wins] = winners.length === 1 ? ["defines", "wins"] : ["define", "win"];
  return ` Warning: ${list} also ${defines} ${variable} and ${wins} over ${env}, so wrangler dev will not use the value in ${env}.`;
}
