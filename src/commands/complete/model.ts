// What shell completion knows of the program, as plain data derived from the command specs (src/commands/index.ts,
// src/flags.ts): the command tree, each command's flags with their aliases and the kind of value they take, and what
// each positional argument completes. The build writes it to dist/completion.json, so that the launcher answers a
// Tab without loading the CLI (docs/startup.md); run through the CLI, it is built from the specs in memory.
import type { Flag, Flags } from "../../flags";
import { flagName } from "../../flags";
import type { Entry } from "../spec";

export interface FlagModel {
  /** The flag's name first, then its aliases: `["--origin-host", "--host"]`. */
  names: string[];
  short?: string;
  description?: string;
  /** Not offered (still known, so that its value is not taken for an argument). */
  hidden?: true;
  /** Only the `--no-` form is offered (its positive form is hidden). */
  negationOnly?: true;
  /** Help text of the `--no-<name>` form, when the flag has one that is meant to be used. */
  negation?: string;
  /** What the value is: none (a switch), anything, a file name, a folder name. */
  takes: "nothing" | "value" | "file" | "dir";
  /** The values to offer. */
  values?: string[];
  /** Values from the name cache: certificate ids (of one kind when `ca` is set) or names. */
  complete?: { certificates: "id" | "name"; ca?: boolean };
  /** May be given more than once (still offered after it was given). */
  repeatable?: true;
}

export interface ArgModel {
  name: string;
  complete?: "configs" | "certificates" | string[];
}

export interface CommandModel {
  name: string;
  description: string;
  args?: ArgModel[];
  flags?: FlagModel[];
  commands?: CommandModel[];
}

export interface CompletionModel {
  globals: FlagModel[];
  commands: CommandModel[];
}

function flagModel(key: string, flag: Flag): FlagModel {
  const placeholder = flag.value;
  const takes = placeholder === undefined ? "nothing" : placeholder === "file" || placeholder === "path" ? "file" : placeholder === "dir" ? "dir" : "value";
  const values = flag.choices ?? flag.values;
  return {
    names: [flagName(key), ...(flag.aliases ?? [])],
    ...(flag.short ? { short: flag.short } : {}),
    ...(flag.description !== undefined ? { description: flag.description } : {}),
    ...(flag.hidden === true || (flag.description === undefined && flag.negation === undefined) ? { hidden: true as const } : {}),
    ...(flag.description === undefined && flag.negation !== undefined ? { negationOnly: true as const } : {}),
    ...(flag.negation !== undefined ? { negation: flag.negation } : {}),
    takes,
    ...(values !== undefined ? { values: [...values] } : {}),
    ...(flag.complete !== undefined ? { complete: { ...flag.complete } } : {}),
    // As normaliseArgv (spec.ts): a flag with a parser accumulates its values; any other is given once.
    ...(flag.parse !== undefined ? { repeatable: true as const } : {}),
  };
}

const flagModels = (declared: Flags | undefined) => Object.entries(declared ?? {}).map(([key, flag]) => flagModel(key, flag));

function commandModel(entry: Entry): CommandModel {
  const spec = entry.spec;
  if ("commands" in spec) return { name: spec.name, description: spec.description, commands: spec.commands.map(commandModel) };
  const args = (spec.args ?? []).map((arg) => {
    const name = arg.name.slice(1, -1);
    const complete = arg.complete ?? (name === "config" ? "configs" : name === "certificate" ? "certificates" : undefined);
    return { name, ...(complete === undefined ? {} : { complete: typeof complete === "string" ? complete : [...complete] }) };
  });
  const flags = flagModels(spec.flags);
  return { name: spec.name, description: spec.description, ...(args.length ? { args } : {}), ...(flags.length ? { flags } : {}) };
}

export function completionModel(commands: readonly Entry[], globals: Flags): CompletionModel {
  return { globals: flagModels(globals), commands: commands.map(commandModel) };
}
