// Entry point of the bundle (bin/hyperdrive.js loads it): wire the real process into main().
import { main } from "./main";
import type { Io } from "./io";
import { EXIT_CANCELLED } from "./errors";

const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY) && !process.env.CI;

const io: Io = {
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  home: process.env.HOME ?? (await import("node:os")).homedir(),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: {
    isTTY: process.stdin.isTTY,
    async readAll() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  },
  spinner: Boolean(process.stderr.isTTY) && !process.env.CI,
  prompter: interactive ? (await import("./ui/prompt")).terminalPrompter() : undefined,
};

process.on("SIGINT", () => process.exit(EXIT_CANCELLED));
// `hyperdrive list | head`: the reader went away; stop quietly, as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
}
process.exitCode = await main(io);
