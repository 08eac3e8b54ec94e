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
  if (flag.negation !== undefined) {
    const negated = new Option(`--no-${name.slice(2)}`, flag.negation);
    if (flag.hidden) negated.hideHelp();
    if (flag.group !== undefined) negated.helpGroup(flag.group);
    cmd.addOption(negated);
  }
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
