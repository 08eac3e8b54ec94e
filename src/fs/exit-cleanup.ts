// What must not outlive the process: temporary files (a .env temp holds a password) and lock files. Writers register
// them here before creating them; on Ctrl-C, SIGTERM or any other exit they are removed synchronously, before the
// process ends. A long-running command (the emulator) instead asks to be told of the first signal and shuts down
// gracefully; a second signal ends it at once. Part of the bundle's entry: kept tiny, no imports beyond node:fs.
import { unlinkSync } from "node:fs";

const owned = new Set<string>();
const waiters: Array<(signal: NodeJS.Signals) => void> = [];
const sayings: Array<(signal: NodeJS.Signals) => void> = [];

/**
 * What a Ctrl-C or SIGTERM should tell the user from now on, instead of a bare exit: what was done and what was not
 * (a create request sent, a config created but not bound). The latest wins; the returned function withdraws it.
 */
export function sayOnInterrupt(say: (signal: NodeJS.Signals) => void): () => void {
  sayings.push(say);
  return () => {
    const at = sayings.lastIndexOf(say);
    if (at !== -1) sayings.splice(at, 1);
  };
}
let exitHookInstalled = false;

/** Removes `path` if the process ends before the returned function is called; call it once the path is gone or kept. */
export function removeOnExit(path: string): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", removeOwnedNow);
  }
  owned.add(path);
  return () => void owned.delete(path);
}

/** Unlinks every registered path now (synchronously: it runs in exit and signal handlers). */
export function removeOwnedNow(): void {
  for (const path of owned) {
    try {
      unlinkSync(path);
    } catch {
      // Already renamed into place or removed: nothing left to clean.
    }
  }
  owned.clear();
}

/** Resolves at the first SIGINT or SIGTERM instead of exiting; the caller then shuts down and returns normally. */
export function untilInterrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => waiters.push(resolve));
}

/**
 * The process's SIGINT and SIGTERM handler (src/cli.ts installs it): hands the signal to a graceful waiter if there
 * is one, else removes what is registered, says what the command left done and undone (sayOnInterrupt), and exits with
 * 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM).
 */
export function onSignal(signal: NodeJS.Signals, exit: (code: number) => never = process.exit): void {
  const waiter = waiters.shift();
  if (waiter) {
    waiters.length = 0;
    waiter(signal);
    return;
  }
  removeOwnedNow();
  try {
    sayings.at(-1)?.(signal);
  } catch {
    // The message could not be written (stderr gone): the exit code still says it.
  }
  exit(signal === "SIGINT" ? 130 : 143);
}
