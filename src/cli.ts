// Entry point of the bundle (bin/hyperdrive.js loads it): wire the real process into main().
// process.stdin and process.stderr are built on first use, not here: constructing a stream costs a few milliseconds
// of every command's start-up (scripts/bench.mjs), and most commands never read stdin or write to stderr.
import { isatty } from "node:tty";
import { main } from "./main";
import type { Io } from "./io";
import { EXIT_CANCELLED } from "./errors";

// `hyperdrive list | head`: the reader went away; stop quietly, as other Unix tools do.
function quietOnEpipe<S extends NodeJS.WriteStream>(stream: S): S {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
  return stream;
}

let stderrStream: NodeJS.WriteStream | undefined;
const stderrIsTTY = isatty(2);
// The real stream behind a stand-in: everything but isTTY builds it (ora, for one, moves the cursor through it).
const stderr = new Proxy({} as NodeJS.WriteStream, {
  get(_, key) {
    if (key === "isTTY") return stderrIsTTY;
    const stream = (stderrStream ??= quietOnEpipe(process.stderr));
    const value: unknown = Reflect.get(stream, key);
    return typeof value === "function" ? value.bind(stream) : value;
  },
});
const stdinIsTTY = isatty(0);
const interactive = stdinIsTTY && stderrIsTTY && !process.env.CI;

const io: Io = {
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  home: process.env.HOME ?? (await import("node:os")).homedir(),
  stdout: quietOnEpipe(process.stdout),
  stderr,
  stdin: {
    isTTY: stdinIsTTY,
    async readAll() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  },
  spinner: stderrIsTTY && !process.env.CI,
  prompter: interactive ? (await import("./ui/prompt")).terminalPrompter() : undefined,
};

process.on("SIGINT", () => process.exit(EXIT_CANCELLED));
process.exitCode = await main(io);
