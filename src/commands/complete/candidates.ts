// What a Tab offers, from the words typed so far: subcommands, flags (aliases when the typed prefix names one), a
// flag's values (sslmodes of the scheme when the command line, or the cached config it updates, says which; the
// certificate ids of the kind a certificate flag takes), file or folder names for file flags, config names for a
// <config> argument and certificate names for a <certificate>. Pure: the cached names come in through `known`.
//
// The answer is wrangler's (and cobra's) protocol: one candidate a line, `value<TAB>description`, then `:<directive>`,
// a bit set telling the shell script what to do besides: 4 no file names, 16 folder names only, 0 file names.
import { ALL_SSLMODES, isScheme, SSLMODES, sslmodeFamily, type Scheme, type SslmodeFamily } from "../../api/contract";
import type { CommandModel, CompletionModel, FlagModel } from "./model";

export const DIRECTIVE = { files: 0, noFiles: 4, dirs: 16 } as const;

export interface Candidate {
  value: string;
  description?: string;
}

export interface Completion {
  candidates: Candidate[];
  directive: number;
}

/** What the name cache knows (src/session/name-cache.ts's CachedNames): ids, names, a config's scheme, a certificate's kind. */
export interface KnownNames {
  configs: readonly { id: string; name: string; scheme?: Scheme }[];
  certificates: readonly { id: string; name?: string; ca: boolean }[];
}

export interface ParsedWords {
  /** The command the words name so far (undefined: the program itself). */
  command?: CommandModel;
  /** `help cert …`: words after `help` name a command whose help is wanted. */
  help: boolean;
  /** Arguments given after the command's name. */
  positionals: string[];
  /** Values of the flags given, by the flag's name (`--origin-scheme`); `true`/`false` for a switch. */
  given: Map<string, string[]>;
  /** The last word was a flag waiting for its value. */
  pending?: FlagModel;
  /** `--` was given: the rest are arguments. */
  dashDash: boolean;
}

const camel = (name: string) => `--${name.slice(2).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())}`;

/** The flag a word names, in every spelling the CLI accepts: name, alias, camelCase, `--no-`, the short form. */
function lookup(flags: FlagModel[], word: string): { flag: FlagModel; negated: boolean } | undefined {
  for (const flag of flags) {
    if (flag.short !== undefined && word === flag.short) return { flag, negated: false };
    for (const name of flag.names) {
      if (word === name || word === camel(name)) return { flag, negated: false };
      if (flag.takes === "nothing" && (word === `--no-${name.slice(2)}` || word === `--no-${camel(name).slice(2)}`)) return { flag, negated: true };
    }
  }
  return undefined;
}

function flagsIn(model: CompletionModel, command: CommandModel | undefined): FlagModel[] {
  return [...(command?.flags ?? []), ...model.globals];
}

/** Walk the words before the one being completed. */
export function parseWords(model: CompletionModel, words: readonly string[]): ParsedWords {
  const parsed: ParsedWords = { help: false, positionals: [], given: new Map(), dashDash: false };
  let level: readonly CommandModel[] = model.commands;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (parsed.dashDash) {
      parsed.positionals.push(word);
      continue;
    }
    if (word === "--") {
      parsed.dashDash = true;
      continue;
    }
    if (word.startsWith("-") && word !== "-") {
      const eq = word.startsWith("--") ? word.indexOf("=") : -1;
      const found = lookup(flagsIn(model, parsed.command), eq > 0 ? word.slice(0, eq) : word);
      if (found === undefined) continue;
      const { flag, negated } = found;
      const values = parsed.given.get(flag.names[0]) ?? [];
      parsed.given.set(flag.names[0], values);
      if (flag.takes === "nothing") {
        let on = true;
        if (eq > 0) on = word.slice(eq + 1) !== "false";
        else if (words[i + 1] === "true" || words[i + 1] === "false") on = words[++i] === "true";
        values.push(String(negated ? !on : on));
      } else if (eq > 0) values.push(word.slice(eq + 1));
      else if (i + 1 < words.length) values.push(words[++i]);
      else parsed.pending = flag;
      continue;
    }
    const command = parsed.command;
    if (command === undefined && !parsed.help && word === "help" && parsed.positionals.length === 0) {
      parsed.help = true;
      continue;
    }
    if ((command === undefined || command.commands !== undefined) && parsed.positionals.length === 0) {
      const sub = level.find((c) => c.name === word);
      if (sub !== undefined) {
        parsed.command = sub;
        level = sub.commands ?? [];
        continue;
      }
    }
    parsed.positionals.push(word);
  }
  return parsed;
}

const startsWith = (prefix: string) => (c: Candidate) => c.value.startsWith(prefix);

/** The flags to offer for a word that begins with `-`. */
function flagCandidates(model: CompletionModel, parsed: ParsedWords, current: string): Candidate[] {
  const out: Candidate[] = [];
  const primaryMatches = (flag: FlagModel) =>
    (!flag.negationOnly && flag.names[0].startsWith(current)) || (flag.negation !== undefined && `--no-${flag.names[0].slice(2)}`.startsWith(current));
  for (const flag of flagsIn(model, parsed.command)) {
    if (flag.hidden) continue;
    if (!flag.repeatable && parsed.given.has(flag.names[0])) continue;
    const [name, ...aliases] = flag.names;
    if (!flag.negationOnly) out.push({ value: name, ...(flag.description ? { description: flag.description } : {}) });
    if (flag.negation !== undefined) out.push({ value: `--no-${name.slice(2)}`, description: flag.negation });
    if (flag.short !== undefined && current === "-") out.push({ value: flag.short, ...(flag.description ? { description: flag.description } : {}) });
    // An alias is offered when what was typed leads to it and not to the flag's own name: `--ho` → `--host`.
    if (current.length > 2 && !primaryMatches(flag)) {
      for (const alias of aliases) out.push({ value: alias, description: `alias of ${name}` });
    }
  }
  if (!parsed.given.has("--help")) out.push({ value: "--help", description: "show help" });
  if (parsed.command === undefined && current === "-") out.push({ value: "-h", description: "show help" }, { value: "-v", description: "print the version" });
  if (parsed.command === undefined) out.push({ value: "--version", description: "print the version" });
  return out.filter(startsWith(current));
}

/** The sslmode family of the origin the command line is about, or undefined when it cannot be known. */
function familyGiven(parsed: ParsedWords, known: () => KnownNames): SslmodeFamily | undefined {
  const family = (scheme: string | undefined) => (scheme !== undefined && isScheme(scheme.toLowerCase()) ? sslmodeFamily(scheme.toLowerCase() as Scheme) : undefined);
  // --origin-scheme (--scheme) says it.
  const named = parsed.given.get("--origin-scheme")?.at(-1);
  if (named !== undefined) return family(named);
  // A connection string written out on the command line (--connection-string, or doctor's argument): its scheme. One
  // read from stdin, a file or a variable (-, @FILE, env:NAME) may say anything: both families.
  const args = parsed.command?.args ?? [];
  const at = (name: string) => {
    const i = args.findIndex((a) => a.name === name || a.complete === name);
    return i < 0 ? undefined : parsed.positionals[i];
  };
  const url = parsed.given.get("--connection-string")?.at(-1) ?? at("connection-string");
  if (url !== undefined) return family(/^([a-z]+):\/\//i.exec(url)?.[1]);
  // update <config> (rotate, apply …): the scheme of that config, when the name cache knows it and its namesakes agree.
  const config = at("configs");
  if (config === undefined) return undefined;
  const families = new Set(known().configs.filter((c) => c.name === config || c.id === config.toLowerCase()).map((c) => family(c.scheme)));
  return families.size === 1 ? [...families][0] : undefined;
}

/** The ids of the cached certificates of the kind a flag takes, with the name as the description; or their names. */
function certificateValues(known: KnownNames, complete: NonNullable<FlagModel["complete"]>, typed: string): Candidate[] {
  const certs = known.certificates.filter((c) => complete.ca === undefined || c.ca === complete.ca);
  if (complete.certificates === "name") {
    const seen = new Set<string>();
    return certs.filter((c) => c.name !== undefined && c.name.startsWith(typed) && !seen.has(c.name) && seen.add(c.name)).map((c) => ({ value: c.name!, description: c.id }));
  }
  return certs.filter((c) => c.id.startsWith(typed.toLowerCase())).map((c) => ({ value: c.id, description: certificateLabel(c) }));
}

const certificateLabel = (c: KnownNames["certificates"][number]) => c.name ?? `(no name, ${c.ca ? "CA" : "client"} certificate)`;

/** A flag's value: its values (the scheme's sslmodes), or file or folder names, or nothing. `prefix` is `--flag=` or "". */
function valueCompletion(flag: FlagModel, parsed: ParsedWords, typed: string, prefix: string, known: () => KnownNames): Completion {
  if (flag.takes === "file") return { candidates: [], directive: DIRECTIVE.files };
  if (flag.takes === "dir") return { candidates: [], directive: DIRECTIVE.dirs };
  if (flag.complete !== undefined) {
    return { candidates: certificateValues(known(), flag.complete, typed).map((c) => ({ ...c, value: prefix + c.value })), directive: DIRECTIVE.noFiles };
  }
  let values: readonly string[] = flag.values ?? [];
  if (flag.names[0] === "--sslmode") {
    const family = familyGiven(parsed, known);
    values = family === undefined ? ALL_SSLMODES : SSLMODES[family];
  }
  const candidates = values.filter((v) => v.startsWith(typed)).map((v) => ({ value: prefix + v }));
  return { candidates, directive: DIRECTIVE.noFiles };
}

function configCandidates(configs: KnownNames["configs"], current: string): Candidate[] {
  const byName = configs.filter((c) => c.name.startsWith(current)).map((c) => ({ value: c.name, description: c.id }));
  // Ids only once something is typed, so that a bare Tab lists names.
  const byId = current === "" ? [] : configs.filter((c) => c.id.startsWith(current.toLowerCase())).map((c) => ({ value: c.id, description: c.name }));
  const seen = new Set<string>();
  return [...byName, ...byId].filter((c) => !seen.has(c.value) && seen.add(c.value));
}

/** `cert get <certificate>`: names (with the id), and ids once something is typed; a certificate without a name by its id. */
function certificateCandidates(certs: KnownNames["certificates"], current: string): Candidate[] {
  const byName = certs.filter((c) => c.name !== undefined && c.name.startsWith(current)).map((c) => ({ value: c.name!, description: c.id }));
  const byId = certs
    .filter((c) => (current === "" ? c.name === undefined : c.id.startsWith(current.toLowerCase())))
    .map((c) => ({ value: c.id, description: certificateLabel(c) }));
  const seen = new Set<string>();
  return [...byName, ...byId].filter((c) => !seen.has(c.value) && seen.add(c.value));
}

/**
 * The candidates for `current`, the word being completed, after `words`. `names` is called only when cached names
 * may be offered or decide what is (a <config> or <certificate> argument, a certificate flag, --sslmode after a
 * <config>), with the words parsed (the cache is read then), and at most once.
 */
export function complete(model: CompletionModel, words: readonly string[], current: string, names: (parsed: ParsedWords) => KnownNames): Completion {
  const parsed = parseWords(model, words);
  let read: KnownNames | undefined;
  const known = () => (read ??= names(parsed));
  const none: Completion = { candidates: [], directive: DIRECTIVE.noFiles };
  if (parsed.pending !== undefined) return valueCompletion(parsed.pending, parsed, current, "", known);
  if (!parsed.dashDash && current.startsWith("--") && current.includes("=")) {
    const eq = current.indexOf("=");
    const found = lookup(flagsIn(model, parsed.command), current.slice(0, eq));
    if (found === undefined || found.flag.takes === "nothing") return none;
    return valueCompletion(found.flag, parsed, current.slice(eq + 1), current.slice(0, eq + 1), known);
  }
  if (!parsed.dashDash && current.startsWith("-")) return { candidates: flagCandidates(model, parsed, current), directive: DIRECTIVE.noFiles };

  const command = parsed.command;
  if (parsed.help || command === undefined || command.commands !== undefined) {
    if (parsed.positionals.length > 0 || (command !== undefined && command.commands === undefined)) return none;
    const level = command?.commands ?? model.commands;
    const candidates = level.map((c) => ({ value: c.name, description: c.description }));
    if (command === undefined && !parsed.help) candidates.push({ value: "help", description: "show help for a command" });
    return { candidates: candidates.filter(startsWith(current)), directive: DIRECTIVE.noFiles };
  }
  const arg = command.args?.[parsed.positionals.length];
  if (arg?.complete === "configs") return { candidates: configCandidates(known().configs, current), directive: DIRECTIVE.noFiles };
  if (arg?.complete === "certificates") return { candidates: certificateCandidates(known().certificates, current), directive: DIRECTIVE.noFiles };
  if (Array.isArray(arg?.complete)) return { candidates: arg.complete.filter((v) => v.startsWith(current)).map((value) => ({ value })), directive: DIRECTIVE.noFiles };
  // Nothing more to name: the command's flags, when nothing is typed yet.
  if (arg === undefined && current === "" && !parsed.dashDash) return { candidates: flagCandidates(model, parsed, ""), directive: DIRECTIVE.noFiles };
  return none;
}

/** The answer as the shell scripts read it. A value or description never holds a newline or a tab. */
export function formatCompletion({ candidates, directive }: Completion): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, " ");
  return candidates.map((c) => (c.description ? `${clean(c.value)}\t${clean(c.description)}` : clean(c.value))).join("\n") + (candidates.length ? "\n" : "") + `:${directive}\n`;
}
