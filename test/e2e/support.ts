// End-to-end support: run the built bin/hyperdrive.js as a child process, the way a user does.
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const BIN = fileURLToPath(new URL("../../bin/hyperdrive.js", import.meta.url));
/**
 * XDG_CACHE_HOME of the runs that keep the real HOME: the CLI's caches (V8's code, config names for completion) go
 * here, not into the home of whoever runs the tests. Shared by the test runs; the CLI keeps both caches bounded.
 */
export const TEST_CACHE_HOME = join(tmpdir(), "hyperdrive-test-cache");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any;
}

/** Secrets that must appear in no output of any run; tests add theirs. */
export const SECRETS = new Set<string>();

export function hyperdrive(args: string[], o: { env?: Record<string, string>; stdin?: string; cwd?: string; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: o.cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", XDG_CACHE_HOME: TEST_CACHE_HOME, CI: "true", NO_COLOR: "1", ...o.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), o.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      for (const secret of SECRETS) {
        expect(stdout, `stdout of hyperdrive ${args.join(" ")}`).not.toContain(secret);
        expect(stderr, `stderr of hyperdrive ${args.join(" ")}`).not.toContain(secret);
      }
      resolve({ code: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout) });
    });
    child.stdin.end(o.stdin ?? "");
  });
}

/** `postgres://user:password@host:port/db` with each part percent-encoded. */
export function url(scheme: string, db: { host: string; port: number; user: string; password: string; database: string }, query = ""): string {
  const e = encodeURIComponent;
  return `${scheme}://${e(db.user)}:${e(db.password)}@${db.host}:${db.port}/${e(db.database)}${query}`;
}

export interface RunningEmulator {
  url: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** `hyperdrive emulator --port 0 --json …` as a child process; resolves once it printed where it listens. */
export function startEmulatorProcess(extra: string[] = []): Promise<RunningEmulator> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "emulator", "--port", "0", "--json", "--quiet", ...extra], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", XDG_CACHE_HOME: TEST_CACHE_HOME, CI: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`emulator did not start: ${err}`));
    }, 15_000);
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}: ${err}`)));
    child.stdout.on("data", (d) => {
      out += d;
      let info: { url: string; token: string; account_id: string };
      try {
        info = JSON.parse(out);
      } catch {
        return;
      }
      clearTimeout(timer);
      resolve({
        url: info.url,
        env: { CLOUDFLARE_API_BASE_URL: info.url, CLOUDFLARE_API_TOKEN: info.token, CLOUDFLARE_ACCOUNT_ID: info.account_id },
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners("exit");
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}
