// Entry point of the bundle (bin/hyperdrive.js loads it): wire the real process into main(). process.stdin is read only
// by a command that reads standard input. The bundle is a CommonJS script (its code can then be cached: docs/startup.md),
// so there is no top-level await: the process runs in start().
import { writeSync } from "node:fs";
import { homedir } from "node:os";
import { isatty } from "node:tty";
import { main } from "./main";
import type { Io } from "./io";
import { ciVariable } from "./ui/terminal";

// `hyperdrive list | head`: the reader went away; stop quietly, as other Unix tools do. Any other write error
// (`> /dev/full`: ENOSPC, EIO) is one line on stderr and exit 1, not a stack trace.
function quietOnEpipe<S extends NodeJS.WriteStream>(stream: S, which = "standard output"): S {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    try {
      writeSync(2, `hyperdrive: could not write to ${which}: ${err.message}\n`);
    } catch {
      // stderr is gone too: the exit code is all that is left
    }
    process.exit(1);
  });
  return stream;
}

async function start(): Promise<void> {
  const stderrIsTTY = isatty(2);
  const stdinIsTTY = isatty(0);
  const ci = ciVariable(process.env);
  const interactive = stdinIsTTY && stderrIsTTY && ci === undefined;

  const io: Io = {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    home: process.env.HOME ?? homedir(),
    stdout: quietOnEpipe(process.stdout),
    stderr: quietOnEpipe(process.stderr, "standard error"),
    stdin: {
      isTTY: stdinIsTTY,
      async readAll() {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString("utf8");
      },
    },
    spinner: stderrIsTTY && ci === undefined,
    ...(ci !== undefined && stdinIsTTY && stderrIsTTY ? { noPromptReason: `prompts are off in CI (${ci} is set; CI=false turns them back on)` } : {}),
    prompter: interactive ? (await import("./ui/prompt")).terminalPrompter() : undefined,
  };

  // Ctrl-C and SIGTERM: temporary and lock files are removed before the process ends (exit 130 / 143); the emulator
  // instead shuts down gracefully, saving what it acknowledged. Imported when a signal comes: a static import would
  // add a module to every start-up (the writers that register files load it anyway).
  const onSignal = async (signal: NodeJS.Signals) => (await import("./fs/exit-cleanup")).onSignal(signal);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.exitCode = await main(io);
}

void start();
