// Typed errors. Command handlers only throw; src/cli.ts renders them once and maps them to an exit code.
//   0 success · 1 the API or the network failed · 2 invalid usage or input (nothing sent) · 130 cancelled

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANCELLED = 130;

export interface ErrorDetail {
  code?: number;
  message: string;
  hint?: string;
}

export class CliError extends Error {
  readonly exitCode: number;
  readonly hint?: string;
  constructor(message: string, options: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? EXIT_FAILURE;
    this.hint = options.hint;
  }
  /** The errors as `--json` prints them. */
  details(): ErrorDetail[] {
    return [{ message: this.message, ...(this.hint ? { hint: this.hint } : {}) }];
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
  constructor(message = "Cancelled.") {
    super(message, { exitCode: EXIT_CANCELLED });
  }
}
