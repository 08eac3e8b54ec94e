// Concurrency, interruption and disk faults with the built CLI as separate processes (bin/hyperdrive.js), the way
// a CI matrix or an impatient user drives it.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, hyperdrive, startEmulatorProcess, TEST_CACHE_HOME, type RunningEmulator } from "./support";

let emu: RunningEmulator;
const dirs: string[] = [];
beforeAll(async () => {
  emu = await startEmulatorProcess(["--skip-origin-check", "--max-configs", "1000"]);
});
afterAll(async () => {
  await emu?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "hd-e2e-rel-"));
  dirs.push(dir);
  return dir;
}
const ORIGIN = "postgres://app:pw@db.example.com:5432/app";
const BASE_ENV = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", XDG_CACHE_HOME: TEST_CACHE_HOME, CI: "true", NO_COLOR: "1" };

interface Spawned {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}
/** bin/hyperdrive.js as a child; `ulimitKb` caps the size of any file it writes (writes beyond fail with EFBIG). */
function spawnCli(args: string[], o: { cwd?: string; env?: Record<string, string>; ulimitKb?: number } = {}): Spawned {
  const command = o.ulimitKb === undefined ? process.execPath : "/bin/sh";
  const argv = o.ulimitKb === undefined ? [BIN, ...args] : ["-c", `ulimit -f ${o.ulimitKb * 2} && exec "$0" "$@"` /* 512-byte blocks in sh */, process.execPath, BIN, ...args];
  const child = spawn(command, argv, { cwd: o.cwd, env: { ...BASE_ENV, ...o.env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}
/** Resolves with the first JSON document the child printed (the emulator's address). */
function firstJson(child: ChildProcess): Promise<any> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      try {
        resolve(JSON.parse(out));
      } catch {
        // not complete yet
      }
    });
    child.on("close", (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

describe("parallel processes", () => {
  it("20 processes create --binding B_i --update-config on one wrangler.jsonc: 20 bindings, all reported written", async () => {
    const dir = folder();
    writeFileSync(join(dir, "wrangler.jsonc"), '{\n  "name": "worker",\n}\n');
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        hyperdrive(["create", `proc-${i}`, "--connection-string", ORIGIN, "--binding", `B_${i}`, "--update-config", "--json"], { cwd: dir, env: emu.env }),
      ),
    );
    const text = readFileSync(join(dir, "wrangler.jsonc"), "utf8");
    for (const [i, run] of runs.entries()) {
      expect(run.code, run.stderr).toBe(0);
      const doc = run.json();
      expect(doc.binding).toMatchObject({ status: "written", written: true });
      expect(text).toMatch(new RegExp(`"binding": "B_${i}",\\s*"id": "${doc.id}"`));
    }
    expect(readdirSync(dir)).toEqual(["wrangler.jsonc"]);
  }, 60_000);

  it("10 processes --local create in one project: 10 ids printed, 10 configs kept", async () => {
    const dir = folder();
    const env = { HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off" };
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, i) => hyperdrive(["--local", "create", `local-${i}`, "--connection-string", ORIGIN, "--json"], { cwd: dir, env })),
    );
    const ids = runs.map((run) => {
      expect(run.code, run.stderr).toBe(0);
      return run.json().id;
    });
    const list = await hyperdrive(["--local", "list", "--json"], { cwd: dir, env });
    expect(list.json().map((c: { id: string }) => c.id).sort()).toEqual(ids.sort());
  }, 60_000);
});

describe("the emulator's state file", () => {
  it("a second emulator on the same --state exits 2 naming the pid that holds it; Ctrl-C stops the first gracefully", async () => {
    const dir = folder();
    const state = join(dir, "state.json");
    const first = spawnCli(["emulator", "--port", "0", "--json", "--quiet", "--state", state]);
    await firstJson(first.child);
    const second = await spawnCli(["emulator", "--port", "0", "--json", "--quiet", "--state", state]).done;
    expect(second.code).toBe(2);
    expect(second.stdout).toContain(`is in use by process ${first.child.pid}`);
    first.child.kill("SIGINT");
    expect((await first.done).code).toBe(130);
    expect(readdirSync(dir).sort()).toEqual([]); // no lock left; nothing was saved
    const third = spawnCli(["emulator", "--port", "0", "--json", "--quiet", "--state", state]);
    await firstJson(third.child);
    third.child.kill("SIGTERM");
    expect((await third.done).code).toBe(0);
  }, 30_000);

  it("a save that fails (file size limit): answered 500 and not kept, no temporary file; a restart agrees", async () => {
    const dir = folder();
    const state = join(dir, "state.json");
    const limited = spawnCli(["emulator", "--port", "0", "--json", "--quiet", "--skip-origin-check", "--state", state], { ulimitKb: 1 });
    const info = await firstJson(limited.child);
    const env = { CLOUDFLARE_API_BASE_URL: info.url, CLOUDFLARE_API_TOKEN: info.token, CLOUDFLARE_ACCOUNT_ID: info.account_id };
    const small = await hyperdrive(["create", "small", "--connection-string", ORIGIN, "--json"], { env });
    expect(small.code, small.stderr).toBe(0);
    const big = `postgres://app:${"p".repeat(600)}@db.example.com:5432/app`; // the state would pass 1 KiB (a name is at most 63 bytes)
    const failed = await hyperdrive(["create", "big", "--connection-string", big, "--json"], { env });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/EFBIG/);
    const listed = await hyperdrive(["list", "--json"], { env });
    expect(listed.json().map((c: { name: string }) => c.name)).toEqual(["small"]);
    const retried = await hyperdrive(["create", "big", "--connection-string", big, "--json"], { env });
    expect(retried.stdout).not.toMatch(/2017|already exists/);
    limited.child.kill("SIGTERM");
    await limited.done;
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(JSON.parse(readFileSync(state, "utf8")).configs.map((c: { name: string }) => c.name)).toEqual(["small"]);
  }, 30_000);
});

/** Sends `signal` to the child as soon as a file matching `pattern` appears in `dir` (a temporary file mid-write). */
function interruptWhenWriting(dir: string, pattern: RegExp, { child }: Spawned, signal: NodeJS.Signals): Promise<boolean> {
  return new Promise((resolve) => {
    const watcher = watch(dir, (_event, name) => {
      if (name && pattern.test(name)) {
        watcher.close();
        child.kill(signal);
        resolve(true);
      }
    });
    child.on("close", () => {
      watcher.close();
      resolve(false);
    });
  });
}

describe("interrupted while writing", () => {
  const BIG = 16 * 1024 * 1024;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} during the write of a 16 MB wrangler.jsonc: no temporary file left, the file old or new, exit ${signal === "SIGINT" ? 130 : 143}`, async () => {
      const dir = folder();
      const original = `{\n  "name": "worker",\n  "vars": { "PADDING": "${"x".repeat(BIG)}" },\n}\n`;
      writeFileSync(join(dir, "wrangler.jsonc"), original);
      const run = spawnCli(["create", `big-${signal}`, "--connection-string", ORIGIN, "--update-config"], { cwd: dir, env: emu.env });
      const interrupted = interruptWhenWriting(dir, /\.tmp$/, run, signal);
      const result = await run.done;
      expect(await interrupted, result.stdout + result.stderr).toBe(true);
      expect(result.code).toBe(signal === "SIGINT" ? 130 : 143);
      expect(readdirSync(dir)).toEqual(["wrangler.jsonc"]);
      const after = readFileSync(join(dir, "wrangler.jsonc"), "utf8");
      expect(after === original || after.includes(`"hyperdrive"`)).toBe(true);
    }, 60_000);
  }

  it("Ctrl-C during the write of .env: the temporary file holding the password is removed", async () => {
    const dir = folder();
    writeFileSync(join(dir, "wrangler.toml"), 'name = "worker"\n');
    writeFileSync(join(dir, ".env"), `# padding\n${"#".repeat(BIG)}\n`);
    const run = spawnCli(["create", "env-db", "--connection-string", ORIGIN, "--update-config", "--local-connection-string", "postgres://dev:dev-pw@localhost/app"], {
      cwd: dir,
      env: emu.env,
    });
    const interrupted = interruptWhenWriting(dir, /^\.?\.env\..*\.tmp$/, run, "SIGINT");
    const result = await run.done;
    expect(await interrupted, result.stdout + result.stderr).toBe(true);
    expect(result.code).toBe(130);
    expect(readdirSync(dir).sort()).toEqual([".env", "wrangler.toml"]);
    expect(existsSync(join(dir, ".env.lock"))).toBe(false);
  }, 60_000);
});

describe("bounded settings and output", () => {
  it("HYPERDRIVE_TIMEOUT beyond what a timer holds is exit 2 naming it, not a 1 ms timeout on every request", async () => {
    for (const value of ["2147484", "1e12", "-1", "soon"]) {
      const r = await hyperdrive(["list"], { env: { ...emu.env, HYPERDRIVE_TIMEOUT: value } });
      expect(r.code, value).toBe(2);
      expect(r.stderr).toContain(`HYPERDRIVE_TIMEOUT must be a number of seconds from 0.001 to 2147483, got '${value}'`);
    }
    expect((await hyperdrive(["list"], { env: { ...emu.env, HYPERDRIVE_TIMEOUT: "2147483" } })).code).toBe(0);
  });

  it("stdout on a full disk (> /dev/full): one clean line on stderr and exit 1, no stack trace", async () => {
    const { openSync, closeSync } = await import("node:fs");
    const full = openSync("/dev/full", "w");
    const child = spawn(process.execPath, [BIN, "list", "--json"], { env: { ...BASE_ENV, ...emu.env }, stdio: ["ignore", full, "pipe"] });
    closeSync(full);
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    expect(stderr).toBe("hyperdrive: could not write to standard output: ENOSPC: no space left on device, write\n");
  });
});
