// What every command gets: the output, whether it may ask questions, secrets from stdin, and a lazily built API
// client with its account id. No transport (node:http, undici) is loaded until a command needs the API.
import { connectApi, type Api } from "./session/connect";
import { CancelledError, UsageError } from "./errors";
import type { Io } from "./io";
import { Output } from "./ui/output";
import { colourChoice, tableWidth } from "./ui/terminal";
import type { GlobalOptions } from "./flags";
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { loadEnvironment, type LoadedEnvironment } from "./session/environment";
import { secretSource, secretText } from "./origin/secret-source";
import { shellWord } from "./shell-word";

export type { GlobalOptions } from "./flags";

export class Context {
  readonly out: Output;
  readonly cwd: string;
  /** A command that printed its result but did not fully succeed sets this (e.g. doctor predicting a failure). */
  exitCode?: number;
  private stdinTakenBy?: string;
  private loadedEnvironment?: LoadedEnvironment;
  private apiPromise?: Promise<Api>;
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  private interruptNote?: { message: string; hint?: string };
  private interruptNoteShown = false;

  constructor(
    readonly io: Io,
    readonly global: GlobalOptions,
  ) {
    const env = io.env;
    this.out = new Output(
      io.stdout,
      io.stderr,
      { json: Boolean(global.json), ...colourChoice(env, global.color), local: Boolean(global.local), tableWidth: tableWidth(env, io.stdout) },
      Boolean(io.spinner) && !global.json,
    );
    this.cwd = resolve(io.cwd, global.cwd ?? ".");
    checkGlobalFlags(global, this.cwd);
  }

  /**
   * The environment as wrangler builds it: the shell's variables plus the `.env` files (or `--env-file`), the shell
   * winning. Credentials, the account and the base URL are read from it. Read on first use.
   */
  get environment(): LoadedEnvironment {
    this.loadedEnvironment ??= loadEnvironment({
      cwd: this.cwd,
      envName: this.global.env,
      envFiles: this.global.envFile,
      shell: this.io.env,
      readFile: (path) => {
        try {
          return readFileSync(path, "utf8");
        } catch {
          return undefined;
        }
      },
    });
    return this.loadedEnvironment;
  }

  get env(): Record<string, string | undefined> {
    return this.environment.env;
  }

  /** HYPERDRIVE_LOG=debug or --verbose: the `[debug]` lines and the request trace are printed. */
  get debugging(): boolean {
    return Boolean(this.global.verbose) || this.env.HYPERDRIVE_LOG?.toLowerCase() === "debug";
  }

  /** A line on stderr under HYPERDRIVE_LOG=debug or --verbose (names and paths only, never a secret's value). */
  debug(message: string): void {
    if (this.debugging) this.out.note(`[debug] ${message}`);
  }

  get prompter() {
    return this.io.prompter;
  }

  /**
   * The value of a secret flag (src/origin/secret-source.ts): `-` reads standard input (once per command; a masked
   * prompt on a terminal), `@file` a file (relative to --cwd), `env:NAME` a variable of the environment (.env files
   * included); anything else is the value itself. One trailing newline removed. Errors name the flag, never the value.
   */
  async secretFrom(value: string | undefined, flag: string): Promise<string | undefined> {
    if (value === undefined) return undefined;
    const source = secretSource(value, flag);
    if (source.kind === "literal") return source.value;
    if (source.kind === "env") {
      const found = this.env[source.name];
      if (found === undefined) {
        throw new UsageError(`${flag} env:${source.name}: the variable ${source.name} is not set.`, `Set it (export ${source.name}=…), or give the value another way (-, @file).`);
      }
      return secretText(found, flag, `env:${source.name}`);
    }
    if (source.kind === "file") {
      const path = resolve(this.cwd, source.path);
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "permission denied" : (code ?? "unreadable");
        throw new UsageError(
          `${flag} @${source.path}: cannot read ${path} (${why}).`,
          `Check the path; a value that itself begins with @ must come from standard input (${flag} -).`,
        );
      }
      return secretText(text, flag, `@${source.path}`);
    }
    if (this.stdinTakenBy) this.claimStdin([`${this.stdinTakenBy} -`, `${flag} -`]);
    this.stdinTakenBy = flag;
    if (this.io.stdin.isTTY && this.io.prompter) return this.io.prompter.secret(`${flag.replace(/^--/, "")}: `);
    const text = (await this.io.stdin.readAll()).replace(/\r?\n$/, "");
    if (text === "") throw new UsageError(`${flag} - read nothing from standard input.`, `Pipe the value in, e.g. printf %s "$SECRET" | hyperdrive … ${flag} -`);
    return text;
  }

  /**
   * What Ctrl-C (or SIGTERM) says from now on, replacing what was said before, instead of a bare exit 130: `message`
   * says what was and was not done, `hint` the command that finishes the job; printed as an error of kind `cancelled`
   * (the JSON document with --json). Undefined: nothing to say (a bare exit again).
   */
  async onInterrupt(message: string | undefined, hint?: string): Promise<void> {
    this.interruptNote = message === undefined ? undefined : { message, ...(hint ? { hint } : {}) };
    if (this.interruptNoteShown || message === undefined) return;
    this.interruptNoteShown = true;
    const { sayOnInterrupt } = await import("./fs/exit-cleanup");
    this.cleanups.push(
      sayOnInterrupt((signal) => {
        if (!this.interruptNote) return;
        const said = signal === "SIGINT" ? "Cancelled." : `Stopped by ${signal}.`;
        this.out.error("cancelled", [{ ...this.interruptNote, message: `${said} ${this.interruptNote.message}` }]);
      }),
    );
  }

  /**
   * A question answered with Ctrl-C or Ctrl-D (a bare CancelledError: the terminal is raw there, so no signal comes)
   * says what the signal would have said: the error boundary prints this instead of a bare "Cancelled.".
   */
  cancelledDetail(): { message: string; hint?: string } | undefined {
    return this.interruptNote && { ...this.interruptNote, message: `Cancelled. ${this.interruptNote.message}` };
  }

  /**
   * Before anything is read or asked: the secrets given as `-` (stdinClaims). Standard input holds one of them, so two
   * are a usage error now, not after the first one has been typed at a prompt.
   */
  claimStdin(claims: string[]): void {
    if (claims.length < 2) return;
    const list = claims.length === 2 ? claims.join(" and ") : `${claims.slice(0, -1).join(", ")} and ${claims.at(-1)}`;
    throw new UsageError(
      `${list} ${claims.length === 2 ? "both" : "all"} want standard input; only one can read it.`,
      "Give the others as @FILE (a file's contents) or env:NAME (a variable), e.g. --access-client-secret env:ACCESS_CLIENT_SECRET.",
    );
  }

  /** Fail before any request when a confirmation will be needed and cannot be asked for. */
  requireConfirmable(what: string): void {
    if (!this.confirmed && !this.io.prompter) {
      throw new UsageError(`${what} needs confirmation, and ${this.io.noPromptReason ?? "this is not an interactive terminal"}.`, `To confirm, run: ${this.commandLineWith("--yes")}`);
    }
  }

  /** --yes, or its other name --force. */
  get confirmed(): boolean {
    return Boolean(this.global.yes || this.global.force);
  }

  /** The command line as given, with `flag` added: what to run instead (shell-quoted where needed). */
  commandLineWith(flag: string): string {
    return ["hyperdrive", ...this.io.argv.map(shellWord), flag].join(" ");
  }

  /**
   * Another command to suggest, run the way this one was: `--local` and `-c PATH` before `words`, `--env NAME` after
   * (each word shell-quoted where needed). Never built from the command line as typed, which may hold a secret.
   */
  commandLine(words: string[]): string {
    const { local, config, env } = this.global;
    return [
      "hyperdrive",
      ...(local ? ["--local"] : []),
      ...(config !== undefined ? ["-c", config] : []),
      ...words,
      ...(env !== undefined ? ["--env", env] : []),
    ]
      .map(shellWord)
      .join(" ");
  }

  /** Ask before something destructive: yes with --yes, a question on a TTY, otherwise a usage error naming --yes. */
  async confirmOrYes(question: string): Promise<void> {
    if (this.confirmed) return;
    if (!this.io.prompter) {
      throw new UsageError(
        `${question.replace(/\?$/, "")}: refusing without confirmation${this.io.noPromptReason ? ` (${this.io.noPromptReason})` : ""}.`,
        `To confirm, run: ${this.commandLineWith("--yes")}`,
      );
    }
    if (!(await this.io.prompter.confirm(question, false))) throw new CancelledError("Cancelled: nothing was changed.");
  }

  onClose(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn);
  }

  async close(): Promise<void> {
    for (const fn of this.cleanups.splice(0).reverse()) await fn();
  }

  api(): Promise<Api> {
    this.apiPromise ??= connectApi(this);
    return this.apiPromise;
  }
}

const CWD_HINT = "Give the directory to run in: the Worker's folder, where its wrangler config and .env files are.";

/**
 * The global flags every command relies on, checked before the command runs (exit 2): `--cwd` must be a directory
 * (wrangler's config and the .env files are looked for there), and `--env` must name an environment.
 */
export function checkGlobalFlags(global: Pick<GlobalOptions, "cwd" | "env">, cwd: string): void {
  if (global.cwd !== undefined) {
    let info: ReturnType<typeof statSync>;
    try {
      info = statSync(cwd);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "no such directory" : code === "ENOTDIR" ? "a part of the path is a file" : code === "EACCES" ? "permission denied" : (code ?? "unreadable");
      throw new UsageError(`--cwd ${global.cwd}: ${why} (${cwd}).`, CWD_HINT);
    }
    if (!info.isDirectory()) {
      throw new UsageError(`--cwd ${global.cwd}: not a directory (${cwd}).`, CWD_HINT);
    }
  }
  if (global.env !== undefined && global.env.trim() === "") {
    throw new UsageError(
      `--env ${JSON.stringify(global.env)}: an environment needs a name.`,
      "Leave --env out to use the top level of the wrangler config, or name an environment (--env staging).",
    );
  }
}
