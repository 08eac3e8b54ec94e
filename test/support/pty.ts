// Drive bin/hyperdrive.js on a pseudo-terminal (test/support/terminal.py, Python's pty module): prompts, raw mode and key
// decoding as a user at a terminal meets them.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./terminal.py", import.meta.url));
export const BIN = fileURLToPath(new URL("../../bin/hyperdrive.js", import.meta.url));

export const KEY = {
  left: "\x1b[D",
  right: "\x1b[C",
  up: "\x1b[A",
  delete: "\x1b[3~",
  home: "\x1b[H",
  enter: "\r",
  backspace: "\x7f",
  ctrlC: "\x03",
  ctrlD: "\x04",
  ctrlU: "\x15",
} as const;

export interface PtyStep {
  /** Wait until this text has appeared on the terminal… */
  expect: string;
  /** …and this many seconds more (while a command waits on something that prints nothing)… */
  after?: number;
  /** …then type these, one write each. */
  keys: string[];
}

export interface PtyRun {
  status: number | null;
  output: string;
  /** What the terminal received, escape sequences included. */
  raw: string;
  error?: string;
}

export async function runOnPty(
  args: string[],
  o: { cwd: string; env?: Record<string, string>; steps: PtyStep[]; timeoutS?: number; /** The terminal's width (100 unless given). */ columns?: number },
): Promise<PtyRun> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: o.cwd, TERM: "xterm", NO_COLOR: "1", ...o.env };
  const spec = { argv: [process.execPath, BIN, ...args], cwd: o.cwd, env, steps: o.steps, timeout: o.timeoutS ?? 20, ...(o.columns ? { columns: o.columns } : {}) };
  const { stdout } = await promisify(execFile)("python3", [SCRIPT, JSON.stringify(spec)], { encoding: "utf8", timeout: 60_000, maxBuffer: 16 << 20 });
  const run = JSON.parse(stdout) as PtyRun;
  // What a user reads: without the cursor movements and the spinner's redraws.
  return { ...run, raw: run.output, output: run.output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r\n/g, "\n") };
}
