// The program: global options, the command being run (from its spec, src/commands/), one error boundary → exit code.
import { Command, CommanderError } from "commander";
import { COMMANDS } from "./commands";
import { addFlag, defineOn, findLeaf, handlerOptions, normaliseArgv, stdinClaims, valueSpellings, type Runner } from "./commands/spec";
import { Context } from "./context";
import { CancelledError, CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type ErrorDetail } from "./errors";
import { GLOBAL_FLAGS, type GlobalOptions } from "./flags";
import type { Io } from "./io";
import { Output } from "./ui/output";
import { VERSION } from "./version";

/** Global options that take a value: the token after them is not the command's name. */
const GLOBAL_WITH_VALUE = valueSpellings(GLOBAL_FLAGS);

/** The words of the command line that are neither options nor a global option's value: the command's name first. */
function words(argv: string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") break;
    if (!arg.startsWith("-")) found.push(arg);
    else if (GLOBAL_WITH_VALUE.has(arg)) i++;
  }
  return found;
}

/** The command named on the command line (the first word that is neither an option nor an option's value). */
export function commandName(argv: string[]): string | undefined {
  return words(argv)[0];
}

/** The command line as commander parses it: wrangler's spellings of the program's and the command's flags rewritten. */
export function normalisedArgv(argv: string[]): string[] {
  const leaf = findLeaf(COMMANDS, words(argv));
  return normaliseArgv(argv, { ...GLOBAL_FLAGS, ...leaf?.spec.flags });
}

/**
 * `--json` among the options (before a `--`), in any form normaliseArgv accepts (`--json=true`, `--json false`,
 * `--no-json`), read before parsing so that even a usage error commander reports becomes the one JSON document.
 */
export function jsonRequested(argv: string[]): boolean {
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") break;
    if (arg === "--json" || arg === "--json=true") json = argv[i + 1] !== "false";
    else if (arg === "--json=false" || arg === "--no-json") json = false;
  }
  return json;
}

/** What commander wrote to stdout in --json mode, held back: --version becomes {"version": …}, help is printed as is. */
const heldOut = new WeakMap<Command, string[]>();

export function buildProgram(io: Io, run: Runner): Command {
  // With --json, commander's own usage errors become the one JSON document (main's catch); its text is not printed.
  const json = jsonRequested(io.argv);
  const program = new Command("hyperdrive")
    .description("Manage Cloudflare Hyperdrive configurations: connection pooling and query caching for PostgreSQL and MySQL.")
    .version(VERSION, "-v, --version", "print the version")
    .helpOption("-h, --help", "show help");
  for (const [key, flag] of Object.entries(GLOBAL_FLAGS)) addFlag(program, key, flag);
  program
    .showHelpAfterError(json ? false : "(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => {
        if (json) heldOut.set(program, [...(heldOut.get(program) ?? []), s]);
        else io.stdout.write(s);
      },
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => {
        if (!json) write(s);
      },
    })
    .exitOverride();

  // Only the command being run is defined (docs/startup.md); all of them for the program's own help and for
  // commander's "unknown command" suggestions.
  const named = commandName(io.argv);
  const known = COMMANDS.some((entry) => entry.spec.name === named);
  for (const entry of COMMANDS) if (!known || entry.spec.name === named) defineOn(program, entry, run);

  program.addHelpText(
    "after",
    `
Exit codes: 0 success · 1 the API or the network failed · 2 invalid usage or input (nothing sent) · 130 cancelled
Credentials: CLOUDFLARE_API_TOKEN, or CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL, or a \`wrangler login\` session.
Try it without an account (a local emulator of the API; no database needed, safe to run again):
  HYPERDRIVE_LOCAL_ORIGIN_CHECK=off hyperdrive --local apply demo --connection-string postgres://app:secret@db.example.com:5432/app && hyperdrive --local list`,
  );
  return program;
}

/**
 * `help cert upload` as `cert upload --help`: commander's help command looks at one word only, and would show `cert`'s
 * help. Options before or after stay where they are.
 */
export function helpAsFlag(argv: string[]): string[] {
  const all = words(argv);
  if (all[0] !== "help" || all.length < 2) return argv;
  const at = argv.indexOf("help");
  return [...argv.slice(0, at), ...argv.slice(at + 1), "--help"];
}

/**
 * wrangler's global flags that ask for what this tool does not do: refused, saying what to do instead. Their false forms
 * (`--no-install-skills`, `--temporary=false`) are wrangler's defaults and pass, as do the provisioning switches.
 */
export function refuseWranglerOnlyFlags(o: GlobalOptions): void {
  if (o.installSkills === true) {
    throw new UsageError("--install-skills is wrangler's (it installs Cloudflare skills for AI coding agents); hyperdrive does not install them.", "Drop the flag, or run `npx wrangler --install-skills …` once for your agents.");
  }
  if (o.temporary === true || o.eventCode !== undefined) {
    throw new UsageError(
      `${o.eventCode !== undefined ? "--event-code" : "--temporary"} asks wrangler for a temporary preview account; hyperdrive works with a real account or the local emulator.`,
      "Set CLOUDFLARE_API_TOKEN (or run `wrangler login`), or try it without an account with --local.",
    );
  }
}

/** Run the CLI; resolves to the exit code. */
export async function main(io: Io): Promise<number> {
  // A Tab in a shell whose completion script `hyperdrive complete <shell>` printed (bin/hyperdrive.js answers it from
  // dist/completion.json before the CLI loads; this is the same answer from the specs themselves).
  if (io.argv[0] === "complete" && io.argv[1] === "--") {
    const [{ answer }, { completionModel }] = await Promise.all([import("./commands/complete/answer"), import("./commands/complete/model")]);
    const now = io.now?.() ?? new Date();
    io.stdout.write(answer(completionModel(COMMANDS, GLOBAL_FLAGS), io.argv.slice(2), { env: io.env, cwd: io.cwd, home: io.home, now: now.getTime() }));
    return EXIT_OK;
  }
  io = { ...io, argv: helpAsFlag(io.argv) };
  let ctx: Context | undefined;
  const run: Runner = async (leaf, positional, cmd) => {
    const globals = cmd.optsWithGlobals() as GlobalOptions;
    ctx = new Context(io, globals);
    refuseWranglerOnlyFlags(globals);
    const options = handlerOptions(leaf.spec, cmd.opts());
    ctx.claimStdin(stdinClaims(leaf.spec, positional, options));
    if (ctx.global.env !== undefined) {
      const canCreate = Object.hasOwn(leaf.spec.flags ?? {}, "createEnv");
      await (await import("./commands/env-flag")).checkEnvFlag(ctx, { canCreate, createEnv: options.createEnv === true });
    }
    const handler = await leaf.load();
    await handler(ctx, ...positional, options);
  };
  const program = buildProgram(io, run);
  try {
    if (io.argv.length === 0) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    await program.parseAsync(normalisedArgv(io.argv), { from: "user" });
    return ctx?.exitCode ?? EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed the help, the version, or (without --json) the message with a pointer to --help.
      if (jsonRequested(io.argv)) {
        if (err.code === "commander.version") {
          io.stdout.write(`${JSON.stringify({ version: VERSION }, null, 2)}\n`);
          return EXIT_OK;
        }
        for (const s of heldOut.get(program) ?? []) io.stdout.write(s);
      }
      if (err.exitCode === 0) return EXIT_OK;
      if (jsonRequested(io.argv)) new Output(io.stdout, io.stderr, { json: true, noColor: true }).error("usage", [commanderDetail(err)]);
      return EXIT_USAGE;
    }
    const out = ctx?.out ?? new Output(io.stdout, io.stderr, { json: jsonRequested(io.argv), noColor: true });
    if (err instanceof CliError) {
      const noted = err instanceof CancelledError && err.message === "Cancelled." ? ctx?.cancelledDetail() : undefined;
      const details = noted ? [noted] : err.details();
      out.error(err.kind, ctx?.global.local ? withLocalOriginNote(details) : details, apiWhere(err));
      return err.exitCode;
    }
    const detail = io.env.HYPERDRIVE_DEBUG ? ((err as Error)?.stack ?? String(err)) : ((err as Error)?.message ?? String(err));
    out.error("internal", [{ message: `Unexpected error: ${detail}`, hint: "This is a bug in hyperdrive; HYPERDRIVE_DEBUG=1 shows where it happened." }]);
    return EXIT_FAILURE;
  } finally {
    await ctx?.close();
  }
}

/** The connection test's codes (2008–2016): under --local the emulator ran it, from this machine. */
const LOCAL_ORIGIN_NOTE =
  "With --local the emulator runs this test from this machine: start the database, or skip the test with HYPERDRIVE_LOCAL_ORIGIN_CHECK=off.";
function withLocalOriginNote(details: ErrorDetail[]): ErrorDetail[] {
  return details.map((d) => (d.code !== undefined && d.code >= 2008 && d.code <= 2016 ? { ...d, hint: d.hint ? `${d.hint}\n${LOCAL_ORIGIN_NOTE}` : LOCAL_ORIGIN_NOTE } : d));
}

/** commander's message as an error detail: `error: unknown command 'lst'` and its suggestion as the hint. */
function commanderDetail(err: CommanderError): ErrorDetail {
  if (err.code === "commander.help") return { message: "No command given.", hint: "Run hyperdrive --help for the commands." };
  const [first, ...rest] = err.message.replace(/^error: /, "").split("\n");
  const suggestion = rest.join("\n").trim().replace(/^\((.*)\)$/s, "$1");
  return { message: first.replace(/^./, (c) => c.toUpperCase()), hint: suggestion || "Run with --help for usage." };
}

function apiWhere(err: CliError): string | undefined {
  const e = err as CliError & { method?: string; path?: string; status?: number };
  return e.method && e.path ? `${e.method} ${e.path} → HTTP ${e.status}` : undefined;
}
