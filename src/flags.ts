// A flag is declared once, as an entry of a `flags({...})` object: its key is the name handlers read (`originHost`),
// the command line's name is derived from it (`--origin-host`), and so are its hidden aliases, the name error messages
// use, its help line and the TypeScript type of its value. No imports: every layer may use it (origin/ derives the
// names in its messages from the flags it reads; commands/spec.ts turns the declarations into commander options).

export interface Flag<T = any> {
  /** Help text. A flag without one (or `hidden`) is accepted but not shown. */
  description?: string;
  /** The value's placeholder in the help, `--origin-host <host>`. Without it the flag is a switch (true when given). */
  value?: string;
  /** The value may be left out (`--caching-disabled [bool]`): alone, the flag is `true`. */
  optional?: boolean;
  /** A one-letter form, `-y`. */
  short?: `-${string}`;
  /** Help text of the `--no-<name>` form. With it the flag is true, false or absent; with no `description`, only the `--no-` form exists. */
  negation?: string;
  /** Other names, hidden from the help and shown in it as "(alias …)": `--host` for `--origin-host`. Giving both is a usage error. */
  aliases?: readonly `--${string}`[];
  hidden?: boolean;
  /** Heading of the help section the flag is listed under (default "Options:"). */
  group?: string;
  /** The only values accepted (commander refuses others, listing these). */
  choices?: readonly string[];
  /**
   * Values shell completion offers for a flag that checks its value itself (`--origin-scheme`, `--sslmode`). A flag
   * whose placeholder is `file` or `path` completes file names, `dir` folder names (src/commands/complete/).
   */
  values?: readonly string[];
  /**
   * Values shell completion offers from its name cache: the ids of the uploaded certificates (`ca`: only the CA, or
   * only the client, ones), or their names, with the other as the description.
   */
  complete?: { readonly certificates: "id" | "name"; readonly ca?: boolean };
  /** Turns the text into the value; called once per occurrence, with the value so far (repeatable flags). */
  parse?: (raw: string, previous: T) => T;
  default?: T;
  /** The command cannot run without it. */
  required?: boolean;
  /** Its value is a secret whose `-` reads standard input (Context.secretFrom): two such `-` are refused before anything is read. */
  secret?: boolean;
  /** Other flags (by key) it cannot be given with, each with the reason shown to the user. */
  conflicts?: Readonly<Record<string, string>>;
}

export type Flags = Readonly<Record<string, Flag>>;

/** Declare a group of flags; `const` keeps the literal types that the option types are derived from. */
export const flags = <const F extends Flags>(declared: F): F => declared;

/** The type of a flag's value, as the handler receives it. */
export type FlagValue<F> = F extends { parse: (raw: string, previous: any) => infer T }
  ? T
  : F extends { choices: readonly (infer C)[]; optional: true }
    ? C | true
    : F extends { choices: readonly (infer C)[] }
      ? C
      : F extends { value: string; optional: true }
        ? string | true
        : F extends { value: string }
          ? string
          : boolean;

type AlwaysSet<F> = F extends { default: unknown } | { required: true } ? true : false;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The options object a handler receives for a group of flags. */
export type OptionsOf<F extends Flags> = Simplify<
  { -readonly [K in keyof F as AlwaysSet<F[K]> extends true ? K : never]: FlagValue<F[K]> } & {
    -readonly [K in keyof F as AlwaysSet<F[K]> extends true ? never : K]?: FlagValue<F[K]>;
  }
>;

/** `originHost` → `--origin-host`. */
export function flagName(key: string): `--${string}` {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** `--origin-host` → `originHost` (the key commander gives an option). */
export function flagKey(name: string): string {
  return name.replace(/^--/, "").replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Each flag's name as messages write it: `{ originHost: "--origin-host", … }`. */
export function flagNames<F extends Flags>(declared: F): { readonly [K in keyof F]: `--${string}` } {
  return Object.fromEntries(Object.keys(declared).map((key) => [key, flagName(key)])) as { [K in keyof F]: `--${string}` };
}

/** The options every command accepts, before the command's name or after it. */
export const GLOBAL_FLAGS = flags({
  accountId: { value: "id", description: "Cloudflare account id (else account_id in the wrangler config, CLOUDFLARE_ACCOUNT_ID, or the only account)" },
  json: { description: "print one JSON document on stdout" },
  dryRun: { description: "show the request that would be sent (secrets redacted) and send nothing" },
  yes: { short: "-y", description: "answer yes to confirmations (needed to delete or restart without a terminal)" },
  force: { description: "the same as --yes" },
  color: { negation: "no colour in the output (also NO_COLOR)" },
  config: { short: "-c", value: "path", description: "the Worker's wrangler.json, wrangler.jsonc or wrangler.toml" },
  cwd: { value: "dir", description: "run as if started in this directory" },
  env: { short: "-e", value: "name", description: "the wrangler environment to use: one the wrangler config defines (create, bind, apply: or --create-env)" },
  local: { description: "use a local emulator of the Cloudflare API (no account needed; state in .hyperdrive/)" },
  envFile: {
    value: "path",
    description: "a .env file to load (repeatable; later files win) instead of .env, .env.local, .env.<env>, .env.<env>.local",
    parse: (raw: string, previous: string[] | undefined): string[] => [...(previous ?? []), raw],
  },
  verbose: { description: "print a line per HTTP request on stderr, as HYPERDRIVE_LOG=debug does (never a header or a body)" },
  profile: { value: "name", description: "the wrangler auth profile whose login session to use (else CLOUDFLARE_AUTH_PROFILE, the directory's)" },
  // wrangler 4.164's other global flags, hidden, so that its command lines run unchanged: the provisioning switches only
  // matter to its deploy and are ignored; --install-skills (true), --temporary (true) and --event-code are refused by
  // main.ts with what to do instead.
  installSkills: { hidden: true },
  experimentalProvision: { hidden: true, aliases: ["--x-provision"] },
  experimentalAutoCreate: { hidden: true, aliases: ["--x-auto-create"] },
  temporary: { hidden: true },
  eventCode: { hidden: true, value: "code" },
});

export type GlobalOptions = OptionsOf<typeof GLOBAL_FLAGS>;
