// After create, and for `bind`: put the binding into the Worker's wrangler config (src/wrangler-config/) and say
// what happened, including whether `wrangler dev` will find a local connection string for it. The outcome always
// carries the id and a snippet, so the config is never lost.
import type { Context } from "../context";
import { UsageError } from "../errors";
import type { LocalTarget } from "../origin/local-connection-string";
import type { BindingOutcome, BindingProgress } from "../wrangler-config/apply";
import { relative } from "node:path";
import { shellWord } from "../shell-word";
import type { BindingFlags } from "./specs/binding-flags";

/** The config being bound, as far as the binding step needs it. */
export interface BoundConfig {
  id: string;
  name: string;
  origin?: { scheme?: string; host?: string };
  mtls?: { sslmode?: string } | null;
}

/** The commands with a binding step; bind's purpose is the write, so it writes unless --no-update-config. */
export type BindingCommand = "create" | "apply" | "bind";

/** Whether the user asked for the binding to be written: --binding (unless --no-update-config), --update-config; bind. */
export function writeAsked(flags: Pick<BindingFlags, "binding" | "updateConfig">, command: BindingCommand): boolean {
  if (flags.updateConfig !== undefined) return flags.updateConfig;
  return flags.binding !== undefined || command === "bind";
}

/** The binding flags as given (`--binding HD --update-config`), for a message. */
function writeFlags(flags: Pick<BindingFlags, "binding" | "updateConfig">): string {
  return [...(flags.binding !== undefined ? [`--binding ${shellWord(flags.binding)}`] : []), ...(flags.updateConfig ? ["--update-config"] : [])].join(" ");
}

/**
 * Before any request: an invalid --binding, a missing --config file, or --create-env without --env is a usage error
 * (exit 2), not a lost config. So is a write asked for (--binding, --update-config; bind) with no wrangler config to
 * write to: wrangler creates the config and prints the snippet, exit 0, although the command line asked for the file
 * to be updated; here nothing is created, and the message says what to do (README: "Whether to write").
 * (An --env the wrangler config does not define is refused for every command: env-flag.ts.)
 */
export async function checkBindingFlags(ctx: Context, flags: BindingFlags, command: BindingCommand): Promise<void> {
  if (flags.binding !== undefined) (await import("../wrangler-config/binding-name")).validateBindingFlag(flags.binding);
  if (flags.createEnv && ctx.global.env === undefined) throw new UsageError("--create-env goes with --env NAME: it allows a new env.NAME section.");
  const writing = writeAsked(flags, command);
  if (ctx.global.config === undefined && !writing) return;
  const found = (await import("../wrangler-config/locate")).findWranglerConfig({ configPath: ctx.global.config, cwd: ctx.cwd }).config;
  if (writing && !found) throw noConfigFile(ctx, flags, command);
  // --binding or --update-config: a config file that does not parse (or nests absurdly deep) is found now, before the
  // config is created, not after, when all that is left is to print the snippet.
  if (writeAsked(flags, "create") && found) await (await import("../wrangler-config/apply")).checkConfigFile(found, ctx.cwd);
}

function noConfigFile(ctx: Context, flags: BindingFlags, command: BindingCommand): UsageError {
  const none = `No wrangler.json, wrangler.jsonc or wrangler.toml in ${ctx.cwd} or the folders above it`;
  const where = "Run it from the Worker's folder (or give --cwd DIR), or name the file with --config PATH";
  if (command === "bind") return new UsageError(`${none}: bind writes the binding into the Worker's config.`, `${where}; --no-update-config prints the snippet instead.`);
  const [nothing, instead] = command === "create" ? ["nothing was created", "create the config"] : ["nothing was sent", "apply the config"];
  return new UsageError(
    `${writeFlags(flags)} writes the binding into the Worker's wrangler config, and there is ${none.replace(/^No/, "no")}; ${nothing}.`,
    `${where}; to ${instead} and only print the snippet, add --no-update-config.`,
  );
}

/** What a local connection string is checked against: the config's scheme, host and TLS mode. */
export function localTarget(config: { name?: string; origin?: { scheme?: string; host?: string }; mtls?: { sslmode?: string } | null }): LocalTarget {
  return {
    ...(config.name ? { name: config.name } : {}),
    ...(config.origin?.scheme ? { scheme: config.origin.scheme } : {}),
    ...(config.origin?.host ? { host: config.origin.host } : {}),
    ...(config.mtls?.sslmode ? { sslmode: config.mtls.sslmode } : {}),
  };
}

/**
 * `--local-connection-string`: checked as the origin is, and against the config (exit 2 before anything is sent or
 * written); the TLS advice is printed as a warning.
 */
export async function checkLocalFlag(ctx: Context, value: string | undefined, target: LocalTarget): Promise<void> {
  if (value === undefined) return;
  const { checkLocalConnectionString } = await import("../origin/local-connection-string");
  for (const note of checkLocalConnectionString(value, target).notes) ctx.out.warn(note);
}

export interface BindingStepExtra {
  /** --local: the origin just tested, as a connection string, offered as wrangler dev's default on a terminal. */
  testedOrigin?: string;
  /**
   * What the command did before this step, as a sentence ("The config 'demo' (id) was created"): a Ctrl-C (or SIGTERM)
   * during the step then says it, what was not done, and the command that finishes the job.
   */
  done?: string;
  /** bind: nothing was done before the step, but a Ctrl-C still says what the files hold. */
  explain?: boolean;
  /**
   * update --local-connection-string: the binding is in the file already; `done` is what holds before the .env line
   * is saved ("The config 'demo' (id) was updated"), `command` the one that saves it (with URL for the string).
   */
  saving?: { done: string; command: string };
}

/** The command that writes the binding (`hyperdrive bind demo --binding HYPERDRIVE`), with the flags that find the file. */
export function bindCommand(ctx: Context, config: { id: string; name: string }, binding: string): string {
  return ctx.commandLine(["bind", config.name || config.id, "--binding", binding]);
}

/**
 * What Ctrl-C after a create (or an apply's update) says while the binding is not written yet: the config is there,
 * the Worker's config was not changed, and the command that writes it.
 */
export async function interruptBeforeBinding(ctx: Context, config: { id: string; name: string }, done: string, flags: BindingFlags): Promise<void> {
  const { DEFAULT_BINDING } = await import("../wrangler-config/binding-name");
  await ctx.onInterrupt(`${done}; the binding was not written.`, `Write it with: ${bindCommand(ctx, config, flags.binding ?? DEFAULT_BINDING)}`);
}

export async function bindingStep(
  ctx: Context,
  config: BoundConfig,
  flags: BindingFlags,
  defaultWrite?: boolean,
  extra: BindingStepExtra = {},
): Promise<BindingOutcome> {
  const [{ applyBinding }, { readLocalIds, localDirFor }, { findWranglerConfig }] = await Promise.all([
    import("../wrangler-config/apply"),
    import("../session/local-ids"),
    import("../wrangler-config/locate"),
  ]);
  const found = findWranglerConfig({ configPath: ctx.global.config, cwd: ctx.cwd }).config;
  const localIds = found ? await readLocalIds(localDirFor(found.path, ctx.cwd)) : undefined;
  const target = localTarget(config);
  const prompter = ctx.prompter;
  const askLocalConnectionString = prompter
    ? async ({ binding, file }: { binding: string; file: string }) => {
        const { checkLocalConnectionString, maskedConnectionString } = await import("../origin/local-connection-string");
        ctx.out.warn(`wrangler dev will not start without a local database for binding ${binding}.`);
        // --yes answers the confirmation (the origin just tested, as Enter would) and asks nothing else.
        if (ctx.global.yes) return extra.testedOrigin;
        if (extra.testedOrigin !== undefined) {
          const question = `Use the origin just tested (${maskedConnectionString(extra.testedOrigin)}) for wrangler dev, saved in ${file}?`;
          if (await prompter.confirm(question, true)) return extra.testedOrigin;
        }
        for (;;) {
          const answer = (await prompter.secret(`Connection string for wrangler dev to use for ${binding}, saved in ${file} (empty to skip): `)).trim();
          if (answer === "") return undefined;
          try {
            for (const note of checkLocalConnectionString(answer, target).notes) ctx.out.warn(note);
            return answer;
          } catch (error) {
            if (!(error instanceof UsageError)) throw error;
            ctx.out.warn(`${error.message}${error.hint ? ` ${error.hint}` : ""}`);
          }
        }
      }
    : undefined;
  const setCommand = (binding: string) => bindCommand(ctx, config, binding);
  const file = found ? relative(ctx.cwd, found.path) || found.path : undefined;
  const notes = extra.done !== undefined || extra.explain || extra.saving ? stepNotes(ctx, config, file, setCommand, extra) : undefined;
  const { DEFAULT_BINDING } = await import("../wrangler-config/binding-name");
  if (notes && !extra.saving) await notes.before(flags.binding ?? DEFAULT_BINDING);
  const request = {
    cwd: ctx.cwd,
    configPath: ctx.global.config,
    env: ctx.global.env,
    binding: flags.binding,
    remote: flags.remote,
    id: config.id,
    // --yes answers the "Add binding?" question as every other confirmation: yes.
    updateConfig: flags.updateConfig ?? defaultWrite ?? (ctx.global.yes ? true : undefined),
    writeAsked: writeAsked(flags, defaultWrite ? "bind" : "create"),
    localConnectionString: flags.localConnectionString,
    processEnv: ctx.io.env,
    ...(target.scheme ? { scheme: target.scheme } : {}),
    localIds,
    local: Boolean(ctx.global.local),
  };
  const ask = askLocalConnectionString
    ? async (question: { binding: string; file: string }) => {
        await notes?.asking(question.binding, question.file);
        return askLocalConnectionString(question);
      }
    : undefined;
  // A Ctrl-C at one of the questions is a bare CancelledError: the error boundary then prints the note of the moment.
  const outcome = await applyBinding(
    { ...request, setCommand },
    { prompter, ...(ask ? { askLocalConnectionString: ask } : {}), ...(notes ? { progress: notes.progress } : {}) },
  );
  if (outcome.written) return outcome;
  const command = setCommand(outcome.binding);
  if (outcome.status !== "failed") return { ...outcome, command };
  // A write that failed: after a create or an apply, the config is there all the same; and the command that writes
  // the binding once the file can be written.
  const once = outcome.reason === "no-config-file" ? "once the Worker has a wrangler config, " : "";
  const then = extra.done !== undefined ? ` ${extra.done}; ${once}write the binding with: ${command}` : once ? ` Once the Worker has a wrangler config, write it with: ${command}` : "";
  return { ...outcome, command, message: `${outcome.message}${then}` };
}

/**
 * What a Ctrl-C (or SIGTERM) says at each point of the binding step: the wrangler config not written yet (a question,
 * a lock waited for), being replaced (the old text or the new, never half: the write is atomic), holding the binding;
 * then the .env line for wrangler dev likewise. Each says the command that finishes the job, never a secret.
 */
export function stepNotes(ctx: Context, config: BoundConfig, file: string | undefined, setCommand: (binding: string) => string, extra: BindingStepExtra) {
  const { done, saving } = extra;
  const saveCommand = (binding: string) => saving?.command ?? `${setCommand(binding)} --local-connection-string URL`;
  const head = (binding: string) => saving?.done ?? (done !== undefined ? `${done} and bound as ${binding}` : `The binding ${binding} → ${config.id} is in ${file}`);
  return {
    async before(binding: string) {
      if (done !== undefined) await ctx.onInterrupt(`${done}; the binding was not written${file ? ` to ${file}` : ""}.`, `Write it with: ${setCommand(binding)}`);
      else await ctx.onInterrupt(`Nothing was written: ${file ?? "the wrangler config"} was not changed.`);
    },
    async asking(binding: string, dotenv: string) {
      await ctx.onInterrupt(`${head(binding)}; no connection string for wrangler dev was saved in ${dotenv}.`, `Save one with: ${saveCommand(binding)}`);
    },
    progress: async (p: BindingProgress) => {
      if (p.step === "writing-config") {
        await ctx.onInterrupt(
          `${done !== undefined ? `${done}; ` : ""}${file} was being written: it holds either its old text or the binding ${p.binding} → ${config.id}, never half (the write is atomic).`,
          `To be sure, run: ${setCommand(p.binding)} (it changes nothing if the binding is there)`,
        );
      } else if (p.step === "bound") {
        if (p.saving) await ctx.onInterrupt(`${head(p.binding)}; the connection string for wrangler dev was not saved in ${p.dotenv}.`, `Save it with: ${saveCommand(p.binding)}`);
        else await ctx.onInterrupt(`${head(p.binding)}.`);
      } else if (p.step === "writing-dotenv") {
        await ctx.onInterrupt(
          `${head(p.binding)}; ${p.dotenv} was being written: it holds either its old text or the connection string for wrangler dev (the write is atomic).`,
          `To be sure, run: ${saveCommand(p.binding)} (it changes nothing if the string is saved)`,
        );
      } else {
        await ctx.onInterrupt(`${head(p.binding)}; the connection string for wrangler dev was saved in ${p.dotenv}.`);
      }
    },
  };
}

/** Reasons that arise only once a write was decided on (asked for, or agreed to at the prompt). */
const WRITE_FAILURES = new Set(["changed-on-disk", "locked", "read-only", "read-failed", "write-failed"]);

/**
 * Whether the step failed at something the user asked for, which fails the command (exit 1): a binding edit asked for
 * with --binding or --update-config (or agreed to) that did not happen, or a `.env` line that could not be saved.
 */
export function bindingFailed(o: BindingOutcome, flags: BindingFlags): boolean {
  if (o.localConnectionString?.status === "failed") return true;
  if (o.status !== "failed") return false;
  return flags.binding !== undefined || flags.updateConfig === true || WRITE_FAILURES.has(o.reason ?? "");
}

/**
 * An outcome for a person: the result on stdout (what happened, and the snippet whenever the file was not written) and
 * the warnings for stderr (a failed edit, a .env line not saved, a .env git does not ignore or another file shadows,
 * the local-dev warnings).
 */
export function bindingReport(o: BindingOutcome): { text: string; warnings: string[] } {
  const warnings: string[] = [];
  const lines: string[] = [];
  if (o.status === "failed") warnings.push(o.message);
  else lines.push(`${o.status === "skipped" ? "•" : "✔"} ${o.message}`);
  if (o.status === "skipped" || o.status === "failed") {
    if (lines.length > 0) lines.push("");
    lines.push(`Add this to your Worker's ${o.path ? "config" : "wrangler config"}${o.env ? ` (env ${o.env})` : ""}:`, "", o.snippet.trimEnd());
  }
  const local = o.localConnectionString;
  if (local) {
    const [said, ...notes] = local.message.split(" Warning: ");
    if (local.status === "failed") warnings.push(said);
    else lines.push(`• ${said}`);
    warnings.push(...notes.map((n) => n.trim()));
  }
  for (const w of o.localDev?.warnings ?? []) warnings.push(w.message);
  return { text: lines.join("\n"), warnings };
}

/** Print outcomes: their warnings on stderr (they stay visible in `… | less`), then the result. */
export function printBinding(ctx: Context, outcomes: BindingOutcome[], value: unknown, before: string[] = []): void {
  const reports = outcomes.map(bindingReport);
  if (!ctx.out.json) for (const w of reports.flatMap((r) => r.warnings)) ctx.out.warn(w);
  ctx.out.result([...before, ...reports.map((r) => r.text)].join("\n"), value);
}
