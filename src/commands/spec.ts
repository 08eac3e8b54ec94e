// A command is a typed spec (name, arguments, flags, examples) plus a handler loaded when it runs. The handler's
// parameters are derived from the spec (`Handler<typeof spec>`), so a flag renamed in the spec and not in its handler
// fails to type-check (test/types/command-spec.ts). src/commands/index.ts pairs each spec with its handler; main.ts
// turns the one being run into a commander command with `defineOn`.
import { Command, Option } from "commander";
import type { Context } from "../context";
import { UsageError } from "../errors";
import { flagKey, flagName, type Flag, type Flags, type OptionsOf } from "../flags";

/** A positional argument, written as commander shows it: `<config>` is required, `[connection-string]` optional. */
export interface Arg {
  name: `<${string}>` | `[${string}]`;
  description: string;
  /**
   * What shell completion offers for it: `"configs"`, the config names (and ids) that the last list or get saw (the
   * default for an argument named `config`), `"certificates"` the certificate names and ids that cert list or get saw
   * (the default for one named `certificate`), or a list of values.
   */
  complete?: "configs" | "certificates" | readonly string[];
  /** A secret: `-` reads standard input, as a secret flag's does. */
  secret?: boolean;
}

export interface CommandSpec<A extends readonly Arg[] = readonly Arg[], F extends Flags = Flags> {
  name: string;
  description: string;
  args?: A;
  flags?: F;
  /** Help text after the options: examples, what is checked, exit codes. */
  examples?: string;
}

/** A command with subcommands (`cert`, `cert upload`). */
export interface GroupSpec {
  name: string;
  description: string;
  commands: readonly Entry[];
}

type ArgValues<A extends readonly Arg[]> = { -readonly [I in keyof A]: A[I] extends { name: `<${string}>` } ? string : string | undefined };

/** What a handler receives: the context, the positional arguments in order, then the options. */
export type Handler<S> =
  S extends CommandSpec<infer A, infer F> ? (ctx: Context, ...args: [...ArgValues<A>, OptionsOf<F>]) => Promise<void> : never;

export type OptionsFor<S> = S extends CommandSpec<readonly Arg[], infer F> ? OptionsOf<F> : never;

export const defineCommand = <const A extends readonly Arg[] = [], const F extends Flags = {}>(spec: CommandSpec<A, F>): CommandSpec<A, F> => spec;

export interface Leaf {
  spec: CommandSpec;
  load: () => Promise<(ctx: Context, ...args: unknown[]) => Promise<void>>;
}
export type Entry = Leaf | { spec: GroupSpec };

type ArgCount<S> = S extends CommandSpec<infer A, Flags> ? ArgValues<A>["length"] : never;
type OptionsParam<H, N> = H extends (ctx: Context, ...args: infer P) => unknown ? P[N & keyof P] : never;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;

/**
 * A spec and its handler, loaded when the command runs (`() => import("./bind").then((m) => m.run)`). The handler's
 * options must have exactly the spec's flags: a flag renamed on one side only is a type error here.
 */
export function command<S extends CommandSpec<any, any>, H extends Handler<S>>(
  spec: S,
  load: () => Promise<H>,
  ..._exact: SameKeys<OptionsParam<H, ArgCount<S>>, OptionsFor<S>> extends true ? [] : [error: "the handler's options are not the spec's flags"]
): Leaf {
  return { spec, load: load as unknown as Leaf["load"] };
}

export function group(spec: Omit<GroupSpec, "commands">, commands: readonly Entry[]): { spec: GroupSpec } {
  return { spec: { ...spec, commands } };
}

export type Runner = (leaf: Leaf, positional: unknown[], cmd: Command) => Promise<void>;

/** Add a flag to a commander command: its option, its `--no-` form, its hidden aliases. */
export function addFlag(cmd: Command, key: string, flag: Flag): void {
  const name = flagName(key);
  const placeholder = flag.value === undefined ? "" : flag.optional ? ` [${flag.value}]` : ` <${flag.value}>`;
  const hidden = flag.hidden === true || flag.description === undefined;
  if (flag.description !== undefined || flag.negation === undefined) {
    const aliasNote = flag.aliases?.length ? ` (alias ${flag.aliases.join(", ")})` : "";
    const option = new Option(`${flag.short ? `${flag.short}, ` : ""}${name}${placeholder}`, flag.description === undefined ? undefined : flag.description + aliasNote);
    if (hidden) option.hideHelp();
    if (flag.group !== undefined) option.helpGroup(flag.group);
    if (flag.choices !== undefined) option.choices(flag.choices);
    if (flag.parse !== undefined) option.argParser(flag.parse);
    if (flag.default !== undefined) option.default(flag.default);
    if (flag.required) option.makeOptionMandatory();
    cmd.addOption(option);
  }
  // The hidden positive form of a negation-only flag goes first: commander then leaves it unset (not true) when neither is given.
  if (flag.value === undefined && flag.description === undefined && flag.negation !== undefined) cmd.addOption(new Option(name).hideHelp());
  if (flag.negation !== undefined) {
    const negated = new Option(`--no-${name.slice(2)}`, flag.negation);
    if (flag.hidden) negated.hideHelp();
    if (flag.group !== undefined) negated.helpGroup(flag.group);
    cmd.addOption(negated);
  }
  // A switch has both forms, as in yargs (normaliseArgv writes every other form as one of them): the undeclared one hidden.
  if (flag.value === undefined && flag.negation === undefined) cmd.addOption(new Option(`--no-${name.slice(2)}`).hideHelp());
  for (const alias of flag.aliases ?? []) {
    const option = new Option(`${alias}${placeholder}`).hideHelp();
    if (flag.parse !== undefined) option.argParser(flag.parse);
    cmd.addOption(option);
  }
}

/** Define `entry` (and its subcommands) on `parent`; `run` is called with the leaf being run. */
export function defineOn(parent: Command, entry: Entry, run: Runner): Command {
  const cmd = parent.command(entry.spec.name).description(entry.spec.description);
  if ("commands" in entry.spec) {
    for (const sub of entry.spec.commands) defineOn(cmd, sub, run);
    return cmd;
  }
  const leaf = entry as Leaf;
  const spec = leaf.spec;
  for (const arg of spec.args ?? []) cmd.argument(arg.name, arg.description);
  for (const [key, flag] of Object.entries(spec.flags ?? {})) addFlag(cmd, key, flag);
  if (spec.examples !== undefined) cmd.addHelpText("after", spec.examples);
  // commander calls an action with (…positional arguments, options, command).
  cmd.action((...args: unknown[]) => run(leaf, args.slice(0, -2), args[args.length - 1] as Command));
  return cmd;
}

/**
 * The options as the handler reads them, from what commander parsed: an alias's value moves to its flag (giving both
 * is an error), and flags that cannot go together are refused with the spec's reason.
 */
export function handlerOptions(spec: CommandSpec, parsed: Record<string, unknown>): Record<string, unknown> {
  const out = { ...parsed };
  const declared = spec.flags ?? {};
  for (const [key, flag] of Object.entries(declared)) {
    for (const alias of flag.aliases ?? []) {
      const aliasKey = flagKey(alias);
      if (out[aliasKey] === undefined) continue;
      if (out[key] !== undefined) throw new UsageError(`${flagName(key)} and its alias ${alias} were both given; use one.`);
      out[key] = out[aliasKey];
      delete out[aliasKey];
    }
  }
  for (const [key, flag] of Object.entries(declared)) {
    if (out[key] === undefined) continue;
    for (const [other, why] of Object.entries(flag.conflicts ?? {})) {
      if (out[other] !== undefined) throw new UsageError(`${flagName(key)} and ${flagName(other)} cannot be used together: ${why}`);
    }
  }
  return out;
}

/**
 * The secret flags and arguments given as `-` (standard input), by the names messages use: more than one cannot all
 * be read, and that is refused before anything is read or asked.
 */
export function stdinClaims(spec: CommandSpec, positional: unknown[], options: Record<string, unknown>): string[] {
  const args = (spec.args ?? []).flatMap((arg, i) => (arg.secret && positional[i] === "-" ? [`the ${arg.name.slice(1, -1)} argument -`] : []));
  const flags = Object.entries(spec.flags ?? {}).flatMap(([key, flag]) => (flag.secret && options[key] === "-" ? [`${flagName(key)} -`] : []));
  return [...args, ...flags];
}

/** The leaf that the command line's words name (`cert upload mtls-certificate`), if any. */
export function findLeaf(entries: readonly Entry[], words: string[]): Leaf | undefined {
  let level = entries;
  for (const word of words) {
    const entry = level.find((e) => e.spec.name === word);
    if (entry === undefined) return undefined;
    if (!("commands" in entry.spec)) return entry as Leaf;
    level = entry.spec.commands;
  }
  return undefined;
}

/** Every spelling yargs accepts for a flag: its name and aliases, in kebab-case and in camelCase. */
function spellings(key: string, flag: Flag): string[] {
  const names = [flagName(key), ...(flag.aliases ?? [])];
  return [...new Set(names.flatMap((name) => [name, `--${flagKey(name)}`]))];
}

const isSwitch = (flag: Flag) => flag.value === undefined;

/** The options of the program and of the command being run that take a value, in every spelling: the next word is theirs. */
export function valueSpellings(declared: Flags): Set<string> {
  return new Set(
    Object.entries(declared).flatMap(([key, flag]) => (isSwitch(flag) ? [] : [...spellings(key, flag), ...(flag.short ? [flag.short] : [])])),
  );
}

/**
 * The command line in the forms wrangler (yargs) accepts, rewritten into the one form commander parses:
 * camelCase spellings (`--maxAge`, `--caCertificateUuid`) become kebab-case; a switch given as `--x`, `--x=true|false`,
 * `--x true|false` or `--no-x` becomes `--x` or `--no-x`. A flag that takes one value, given twice with different
 * values, is an error (not "last wins"); so is a switch given both ways. Words after `--` are left alone.
 */
export function normaliseArgv(argv: string[], declared: Flags): string[] {
  const lookup = new Map<string, { flag: Flag; name: string; negated: boolean }>();
  for (const [key, flag] of Object.entries(declared)) {
    for (const name of [flagName(key), ...(flag.aliases ?? [])]) {
      for (const spelling of new Set([name, `--${flagKey(name)}`])) {
        lookup.set(spelling, { flag, name, negated: false });
        // A switch's alias is written as the switch itself, so that its `--no-` form is one commander knows.
        if (isSwitch(flag)) {
          lookup.set(spelling, { flag, name: flagName(key), negated: false });
          lookup.set(`--no-${spelling.slice(2)}`, { flag, name: flagName(key), negated: true });
        }
      }
    }
    if (flag.short !== undefined && !isSwitch(flag)) lookup.set(flag.short, { flag, name: flag.short, negated: false });
  }
  const seen = new Map<string, string>();
  const once = (name: string, value: string, flag: Flag) => {
    if (flag.parse !== undefined) return;
    const before = seen.get(name);
    if (before !== undefined && before !== value) throw new UsageError(`${name} was given twice, with different values; give it once.`);
    seen.set(name, value);
  };
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const eq = arg.indexOf("=");
    const spelled = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const found = lookup.get(spelled);
    if (found === undefined) {
      out.push(arg);
      continue;
    }
    const { flag, name } = found;
    if (!isSwitch(flag)) {
      const value = eq > 0 && spelled !== arg ? arg.slice(eq + 1) : argv[i + 1];
      if (spelled === arg) {
        out.push(name);
        if (i + 1 < argv.length) out.push(argv[++i]);
      } else {
        out.push(`${name}=${value}`);
      }
      if (value !== undefined) once(name, value, flag);
      continue;
    }
    let value = true;
    let text: string | undefined = spelled !== arg ? arg.slice(eq + 1) : undefined;
    if (text === undefined && (argv[i + 1] === "true" || argv[i + 1] === "false")) text = argv[++i];
    if (text !== undefined) {
      if (text !== "true" && text !== "false") {
        throw new UsageError(`${name} takes true or false, got '${text}'.`, `e.g. ${name}, ${name} true, ${name} false`);
      }
      value = text === "true";
    }
    if (found.negated) value = !value;
    once(name, String(value), flag);
    out.push(value ? name : `--no-${name.slice(2)}`);
  }
  return out;
}
