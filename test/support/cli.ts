// Run the CLI in-process with captured output, a fake stdin and an injected transport.
import { main } from "../../src/main";
import type { Io, Prompter } from "../../src/io";
import type { Transport } from "../../src/api/client";
import { createFetchTransport } from "./fetch-transport";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let cacheHome: string | undefined;
/** Where the runs of this test file keep shell completion's name cache (XDG_CACHE_HOME): a folder removed at exit. */
export function testCacheHome(): string {
  if (cacheHome === undefined) {
    const made = mkdtempSync(join(tmpdir(), "hyperdrive-test-cache-"));
    process.on("exit", () => rmSync(made, { recursive: true, force: true }));
    cacheHome = made;
  }
  return cacheHome;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for checks that a secret appears nowhere. */
  all: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  cwd?: string;
  home?: string;
  prompter?: Prompter;
  transport?: Transport;
  tty?: boolean;
  /** The clock the CLI reads (io.now). */
  now?: Date;
}

export const TEST_ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
export const TEST_TOKEN = "test-token-0123456789";

export async function runCli(argv: string[], o: CliOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    argv,
    env: { CLOUDFLARE_API_TOKEN: TEST_TOKEN, CLOUDFLARE_ACCOUNT_ID: TEST_ACCOUNT, XDG_CACHE_HOME: testCacheHome(), ...o.env },
    cwd: o.cwd ?? process.cwd(),
    home: o.home ?? "/nonexistent-home",
    stdout: { write: (s) => void (stdout += s), isTTY: o.tty ?? false },
    stderr: { write: (s) => void (stderr += s), isTTY: o.tty ?? false },
    stdin: { isTTY: false, readAll: async () => o.stdin ?? "" },
    prompter: o.prompter,
    transport: o.transport ?? createFetchTransport(),
    sleep: async () => {},
    ...(o.now ? { now: () => o.now! } : {}),
  };
  const code = await main(io);
  return { code, stdout, stderr, all: stdout + stderr };
}

/** A prompter that answers from a script and records the questions. */
export function scriptedPrompter(answers: Array<string | boolean>): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (q: string) => {
    asked.push(q);
    if (answers.length === 0) throw new Error(`unexpected question: ${q}`);
    return answers.shift()!;
  };
  return {
    asked,
    confirm: async (q) => next(q) as boolean,
    text: async (q) => String(next(q)),
    secret: async (q) => String(next(q)),
    choose: async (q, choices) => {
      const a = String(next(q));
      const found = choices.find((c) => c.label.includes(a));
      if (!found) throw new Error(`no choice ${a}`);
      return found;
    },
  };
}
