// Typed errors. Command handlers only throw; src/main.ts renders them once and maps them to an exit code.
//   0 success · 1 the API or the network failed · 2 invalid usage or input (nothing sent) · 130 cancelled
// Each error also has a kind, printed with --json so a script can tell failures apart (README, "Exit codes"):
//   usage · auth · api · network · cancelled · internal

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANCELLED = 130;

/** What went wrong, for scripts: stable values, documented in the README. */
export type ErrorKind = "usage" | "auth" | "api" | "network" | "cancelled" | "internal";

export interface ErrorDetail {
  /** The API's (or Hyperdrive's) error code. */
  code?: number;
  /** The system error code of a network failure (`ECONNREFUSED`). */
  errno?: string;
  message: string;
  hint?: string;
}

/** The kind an error has when it names none: from its exit code. Any other exit-1 failure is a local one: `internal`. */
function kindOfExit(exitCode: number): ErrorKind {
  if (exitCode === EXIT_USAGE) return "usage";
  if (exitCode === EXIT_CANCELLED) return "cancelled";
  return "internal";
}

export class CliError extends Error {
  readonly exitCode: number;
  readonly kind: ErrorKind;
  readonly hint?: string;
  /** The API's (or Hyperdrive's) error code, when there is one. */
  readonly code?: number;
  /** The system's error code of a network or socket failure. */
  readonly errno?: string;
  constructor(
    message: string,
    options: { exitCode?: number; kind?: ErrorKind; hint?: string; code?: number; errno?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? EXIT_FAILURE;
    this.kind = options.kind ?? kindOfExit(this.exitCode);
    this.hint = options.hint;
    this.code = options.code;
    this.errno = options.errno;
  }
  /** The errors as `--json` prints them. */
  details(): ErrorDetail[] {
    return [
      {
        ...(this.code !== undefined ? { code: this.code } : {}),
        ...(this.errno ? { errno: this.errno } : {}),
        message: this.message,
        ...(this.hint ? { hint: this.hint } : {}),
      },
    ];
  }
}

/** Bad flags, arguments or input files: exit 2, and nothing was sent. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: EXIT_USAGE, hint });
  }
}

/** The user said no, or pressed Ctrl-C. */
export class CancelledError extends CliError {
  constructor(message = "Cancelled.", hint?: string) {
    super(message, { exitCode: EXIT_CANCELLED, hint });
  }
}
