// The program: global options, command registration, one error boundary → exit code.
// The config commands (create, update, get, list, delete) and the API client are part of the bundle's entry: they are
// small, scripts call them in loops, and each lazily imported file costs a module load at start-up (esbuild splits
// every module shared with a lazy chunk into a file of its own). Everything heavy or rare (bind and the wrangler-config
// parsers, cert, doctor and the probe, the emulator, the database drivers, prompts) is imported when it runs.
import { Command, CommanderError, Option } from "commander";
import * as createCommand from "./commands/create";
import * as deleteCommand from "./commands/delete";
import * as getCommand from "./commands/get";
import * as listCommand from "./commands/list";
import * as updateCommand from "./commands/update";
import { Context, type GlobalOptions } from "./context";
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from "./errors";
import type { Io } from "./io";
import { Output } from "./ui/output";
import { VERSION } from "./version";
import { registerCertCommands } from "./commands/cert-cli";

type Loader = () => Promise<{ run: (ctx: Context, ...args: any[]) => Promise<void> }>;
type Runner = (load: Loader, positional: unknown[], cmd: Command) => Promise<void>;

/** Options with wrangler's aliases: the alias is a hidden option merged into the main one. */
const ORIGIN_ALIASES: Array<[main: string, alias: string]> = [
  ["originHost", "host"],
  ["originPort", "port"],
  ["originScheme", "scheme"],
  ["originUser", "user"],
  ["originPassword", "password"],
  ["caCertificateId", "caCertificateUuid"],
  ["mtlsCertificateId", "mtlsCertificateUuid"],
];

function mergeAliases(opts: Record<string, unknown>): Record<string, unknown> {
  const out = { ...opts };
  for (const [main, alias] of ORIGIN_ALIASES) {
    if (out[alias] === undefined) continue;
    if (out[main] !== undefined) {
      const dash = (s: string) => `--${s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new UsageError(`${dash(main)} and its alias ${dash(alias)} were both given; use one.`);
    }
    out[main] = out[alias];
    delete out[alias];
  }
  return out;
}

/**
 * Where the database is and how to log in: create, update and doctor. doctor reaches only host-and-port origins: it
 * still accepts the Tunnel and VPC flags, to say why it cannot check such an origin, but its help does not offer them.
 */
function addOriginOptions(cmd: Command, o: { defaultScheme?: string; directOnly?: boolean } = {}): Command {
  const hidden = (flags: string) => new Option(flags).hideHelp();
  const network = (flags: string, description: string) => new Option(flags, description).hideHelp(o.directOnly === true);
  return cmd
    .option("--connection-string <url>", "the origin as postgres://user:password@host:port/database (or mysql://); - reads it from stdin")
    .option("--origin-host <host>", "database host name or IP (alias --host)")
    .option("--origin-port <port>", "database port (alias --port)")
    .option("--origin-scheme <scheme>", `postgres, postgresql or mysql${o.defaultScheme ? ` (default ${o.defaultScheme})` : ""} (alias --scheme)`)
    .option("--database <name>", "database name on the origin")
    .option("--origin-user <user>", "database user (alias --user)")
    .option("--origin-password <password>", "database password; - reads it from stdin (alias --password)")
    .addOption(network("--access-client-id <id>", "Cloudflare Access client id, for a database behind a Tunnel (no port)"))
    .addOption(network("--access-client-secret <secret>", "Cloudflare Access client secret; - reads it from stdin"))
    .addOption(network("--service-id <id>", "Workers VPC service id (instead of host and port)"))
    .option("--sslmode <mode>", "require | verify-ca | verify-full (PostgreSQL); REQUIRED | VERIFY_CA | VERIFY_IDENTITY (MySQL)")
    .addOption(hidden("--host <host>"))
    .addOption(hidden("--port <port>"))
    .addOption(hidden("--scheme <scheme>"))
    .addOption(hidden("--user <user>"))
    .addOption(hidden("--password <password>"));
}

/** The config's other settings: create and update. */
function addConfigOptions(cmd: Command): Command {
  const hidden = (flags: string) => new Option(flags).hideHelp();
  return cmd
    .option("--caching-disabled [bool]", "disable query caching (--caching-disabled false re-enables it)")
    .option("--max-age <seconds>", "cache max age, 0-3600 seconds (default 60)")
    .option("--swr <seconds>", "stale-while-revalidate window in seconds (default 15)")
    .option("--ca-certificate-id <id>", "uploaded CA certificate to verify the origin with (alias --ca-certificate-uuid)")
    .option("--mtls-certificate-id <id>", "uploaded client certificate presented to the origin (alias --mtls-certificate-uuid)")
    .option("--origin-connection-limit <n>", "soft maximum of connections to the origin (at least 5)")
    .addOption(hidden("--ca-certificate-uuid <id>"))
    .addOption(hidden("--mtls-certificate-uuid <id>"));
}

function addBindingOptions(cmd: Command): Command {
  return cmd
    .option("--binding <name>", "binding name in the Worker (default HYPERDRIVE, else derived from the config name)")
    .option("--update-config", "write the binding into wrangler.json/jsonc/toml without asking")
    .option("--no-update-config", "never write the wrangler config; print the snippet")
    .option("--local-connection-string <url>", "connection string for wrangler dev, saved in .env beside the config; - reads it from stdin");
}

const EXAMPLES = {
  doctor: `
Examples:
  $ printf %s "$DATABASE_URL" | hyperdrive doctor -
  $ hyperdrive doctor --origin-host db.example.com --database app --origin-user app --origin-password - --sslmode verify-full --ca-cert ca.pem
  $ hyperdrive doctor "$DATABASE_URL" --json | jq .failure
Exit codes: 0 Hyperdrive would accept the origin · 1 a failure code is predicted · 2 invalid input`,
  emulator: `
Examples:
  $ hyperdrive emulator --state .hyperdrive/emulator.json --allow-private-origins
  $ hyperdrive emulator --port 0 --skip-origin-check --fault 429:after=3:retry-after=1 --json`,
  bind: `
Examples:
  $ hyperdrive bind prod-db                                # adds HYPERDRIVE → <id> to the nearest wrangler config
  $ hyperdrive bind prod-db --binding DB --env staging
  $ hyperdrive bind prod-db --binding HYPERDRIVE            # repoints an existing HYPERDRIVE binding (credential rotation)`,
  create: `
Examples:
  $ printf %s "$DATABASE_URL" | hyperdrive create prod-db --connection-string -
  $ hyperdrive create prod-db --origin-host db.example.com --origin-port 5432 --database app --origin-user app --origin-password -
  $ hyperdrive create mysql-db --connection-string - --max-age 120 --swr 30 --json
  $ hyperdrive create tunnel-db --origin-host db.internal.example.com --database app --origin-user app \\
      --origin-password - --access-client-id abc.access --access-client-secret -   (one secret per stdin: use the prompt for the other)
  $ hyperdrive --local create demo --connection-string postgres://app:secret@127.0.0.1:5432/app`,
  update: `
Examples:
  $ printf %s "$NEW_PASSWORD" | hyperdrive update prod-db --origin-password -     # rotate the password
  $ hyperdrive update prod-db --caching-disabled                                   # turn caching off
  $ hyperdrive update prod-db --caching-disabled false --max-age 120 --swr 30      # and on again
  $ hyperdrive update 6b7efc370ea34ded8327fa20698dfe3a --name prod-db-v2`,
  get: `
Examples:
  $ hyperdrive get prod-db
  $ hyperdrive get 6b7efc370ea34ded8327fa20698dfe3a --json | jq .origin.host`,
  list: `
Examples:
  $ hyperdrive list
  $ hyperdrive list --json | jq -r '.[].name'`,
  delete: `
Examples:
  $ hyperdrive delete prod-db            # asks first on a terminal
  $ hyperdrive delete prod-db --yes      # in scripts and CI`,
};

/** Global options that take a value: the token after them is not the command's name. */
const GLOBAL_WITH_VALUE = new Set(["--account-id", "-c", "--config", "--cwd", "-e", "--env"]);

/** The command named on the command line (the first word that is neither an option nor an option's value). */
export function commandName(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") return undefined;
    if (!arg.startsWith("-")) return arg;
    if (GLOBAL_WITH_VALUE.has(arg)) i++;
  }
  return undefined;
}

export function buildProgram(io: Io, run: Runner): Command {
  const program = new Command("hyperdrive")
    .description("Manage Cloudflare Hyperdrive configurations: connection pooling and query caching for PostgreSQL and MySQL.")
    .version(VERSION, "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .option("--account-id <id>", "Cloudflare account id (else CLOUDFLARE_ACCOUNT_ID, the wrangler config, or the only account)")
    .option("--json", "print one JSON document on stdout")
    .option("--dry-run", "show the request that would be sent (secrets redacted) and send nothing")
    .option("-y, --yes", "answer yes to confirmations (needed to delete without a terminal)")
    .option("--no-color", "no colour in the output (also NO_COLOR)")
    .option("-c, --config <path>", "the Worker's wrangler.json, wrangler.jsonc or wrangler.toml")
    .option("--cwd <dir>", "run as if started in this directory")
    .option("-e, --env <name>", "the wrangler environment to use")
    .option("--local", "use a local emulator of the Cloudflare API (no account needed; state in .hyperdrive/)")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();

  // commander calls an action with (…positional arguments, options, command).
  const action =
    (load: Loader) =>
    (...args: unknown[]) =>
      run(load, args.slice(0, -2), args[args.length - 1] as Command);

  const define: Record<string, () => void> = {
    create: () =>
      addBindingOptions(
        addConfigOptions(
          addOriginOptions(
            program.command("create").argument("<name>", "a name for the new config").description("create a Hyperdrive config and test the connection to its origin"),
            { defaultScheme: "postgresql" },
          ),
        ),
      )
        .option("--preflight", "check the origin from here first (hyperdrive doctor) and stop before calling the API if Hyperdrive would refuse it")
        .addHelpText("after", EXAMPLES.create)
        .action(action(async () => createCommand)),

    bind: () =>
      addBindingOptions(
        program.command("bind").argument("<config>", "config id or name").description("add a binding for an existing config to the Worker's wrangler config"),
      )
        .addHelpText("after", EXAMPLES.bind)
        .action(action(() => import("./commands/bind"))),

    update: () =>
      addConfigOptions(addOriginOptions(program.command("update").argument("<config>", "config id or name").description("change only the given settings of a config (PATCH)")))
        .option("--name <name>", "rename the config")
        .option("--preflight", "check the resulting origin from here first; needs the password among the changes")
        .addHelpText("after", EXAMPLES.update)
        .action(action(async () => updateCommand)),

    get: () =>
      program
        .command("get")
        .argument("<config>", "config id or name")
        .description("show one config")
        .addHelpText("after", EXAMPLES.get)
        .action(action(async () => getCommand)),

    list: () =>
      program
        .command("list")
        .description("list the configs of the account")
        .addHelpText("after", EXAMPLES.list)
        .action(action(async () => listCommand)),

    delete: () =>
      program
        .command("delete")
        .argument("<config>", "config id or name")
        .description("delete a config (asks first; --yes in scripts)")
        .addHelpText("after", EXAMPLES.delete)
        .action(action(async () => deleteCommand)),

    cert: () => registerCertCommands(program, action),

    doctor: () =>
      addOriginOptions(
        program
          .command("doctor")
          .argument("[connection-string]", "the origin as a connection string (or give the origin flags; - reads it from stdin)")
          .description("check an origin database from here and predict Hyperdrive's verdict (codes 2008-2016)"),
        { directOnly: true },
      )
        .option("--ca-cert <file>", "PEM CA that must have signed the server certificate (verify-ca, verify-full)")
        .option("--client-cert <file>", "PEM client certificate to present (mTLS); may also hold the key")
        .option("--client-key <file>", "PEM private key of the client certificate")
        .option("--allow-private", "the database will be reached through a Tunnel: a private address is a note, not a failure")
        .option("--timeout <seconds>", "per-step timeout (default 10)")
        .addHelpText("after", EXAMPLES.doctor)
        .action(action(() => import("./commands/doctor"))),

    emulator: () =>
      program
        .command("emulator")
        .description("serve a local emulator of the Cloudflare API (Hyperdrive configs, certificates, accounts)")
        .option("--port <port>", "TCP port (0 for any free one)", "8787")
        .option("--host <host>", "address to listen on", "127.0.0.1")
        .option("--state <file>", "keep the state in this JSON file (mode 0600: it holds passwords)")
        .option("--token <token>", "the API token it accepts (default hyperdrive-emulator-token)")
        .option("--allow-private-origins", "accept private and loopback origins in the connection test")
        .option("--skip-origin-check", "accept every origin without a connection test")
        .option("--max-configs <n>", "how many configs the account may hold (default 25)")
        .option("--fault <spec>", "inject failures, e.g. 429:after=3, 503:nth=2, 5xx:rate=0.2:seed=42, latency=200, drop:nth=1", (v: string, prev: string[]) => [...prev, v], [] as string[])
        .option("--quiet", "do not log requests")
        .addHelpText("after", EXAMPLES.emulator)
        .action(action(() => import("./commands/emulator"))),
  };
  // Defining every command and its options costs milliseconds at each start: define only the one being run, or all
  // of them for the program's own help and for commander's "unknown command" suggestions.
  const named = commandName(io.argv);
  for (const [name, defineCommand] of Object.entries(define)) if (named === undefined || !(named in define) || name === named) defineCommand();

  program.addHelpText(
    "after",
    `
Exit codes: 0 success · 1 the API or the network failed · 2 invalid usage or input (nothing sent) · 130 cancelled
Credentials: CLOUDFLARE_API_TOKEN, or CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL, or a \`wrangler login\` session.
Try it without an account: hyperdrive --local create demo --connection-string postgres://user:pass@127.0.0.1:5432/db`,
  );
  return program;
}

/** Run the CLI; resolves to the exit code. */
export async function main(io: Io): Promise<number> {
  let ctx: Context | undefined;
  const run: Runner = async (load, positional, cmd) => {
    ctx = new Context(io, cmd.optsWithGlobals() as GlobalOptions);
    const hasOriginOptions = cmd.options.some((o) => o.long === "--origin-host");
    const own = hasOriginOptions ? mergeAliases(cmd.opts()) : cmd.opts();
    const mod = await load();
    await mod.run(ctx, ...positional, own);
  };
  const program = buildProgram(io, run);
  try {
    if (io.argv.length === 0) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    await program.parseAsync(io.argv, { from: "user" });
    return ctx?.exitCode ?? EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed the help, the version, or the message with a pointer to --help.
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    const out = ctx?.out ?? new Output(io.stdout, io.stderr, { json: io.argv.includes("--json"), noColor: true });
    if (err instanceof CliError) {
      out.error(err.details(), apiWhere(err));
      return err.exitCode;
    }
    const detail = io.env.HYPERDRIVE_DEBUG ? ((err as Error)?.stack ?? String(err)) : ((err as Error)?.message ?? String(err));
    out.error([{ message: `Unexpected error: ${detail}`, hint: "This is a bug in hyperdrive; HYPERDRIVE_DEBUG=1 shows where it happened." }]);
    return EXIT_FAILURE;
  } finally {
    await ctx?.close();
  }
}

function apiWhere(err: CliError): string | undefined {
  const e = err as CliError & { method?: string; path?: string; status?: number };
  return e.method && e.path ? `${e.method} ${e.path} → HTTP ${e.status}` : undefined;
}
