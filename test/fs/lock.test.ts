// The lock file shared by every hyperdrive process: exclusive, names its holder, abandoned locks broken exactly once.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireLock, LockBusyError, lockPathFor, withFileLock } from "../../src/fs/lock";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function target(name = "wrangler.jsonc"): string {
  const dir = mkdtempSync(join(tmpdir(), "hd-lock-"));
  dirs.push(dir);
  return join(dir, name);
}
/** The pid of a process that has ended. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString());
}

describe("file lock", () => {
  it("is a hidden file beside the target, 0600, naming this process; removed on release", async () => {
    const path = target();
    const lock = await acquireLock(path);
    expect(lock.path).toBe(join(path, "..", ".wrangler.jsonc.lock"));
    expect(lockPathFor(join("/p", ".env"))).toBe(join("/p", ".env.lock"));
    expect(JSON.parse(readFileSync(lock.path, "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it("is exclusive: critical sections of 20 concurrent holders never overlap", async () => {
    const path = target();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileLock(path, async () => {
          most = Math.max(most, ++inside);
          await new Promise((resolve) => setTimeout(resolve, 1));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it("a live holder: LockBusyError naming its pid once the wait is over", async () => {
    const path = target();
    const held = await acquireLock(path);
    const error = await acquireLock(path, { waitMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockBusyError);
    expect((error as Error).message).toMatch(new RegExp(`is locked by process ${process.pid} \\(since .*\\); waited 0\\.\\d s\\.$`));
    await held.release();
  });

  it("a holder whose process is gone: broken at once", async () => {
    const path = target();
    const lockPath = lockPathFor(path);
    writeFileSync(lockPath, JSON.stringify({ pid: deadPid(), host: hostname(), since: "2026-12-01T00:00:00Z", token: "dead" }));
    const lock = await acquireLock(path, { waitMs: 0 });
    expect(JSON.parse(readFileSync(lockPath, "utf8")).pid).toBe(process.pid);
    await lock.release();
  });

  it("a lock untouched for staleMs (a hung or remote holder): broken; a fresh empty one (being written) is waited for", async () => {
    const path = target();
    const lockPath = lockPathFor(path);
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: "elsewhere", since: "2026-12-01T00:00:00Z", token: "old" }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath, old, old);
    await (await acquireLock(path, { waitMs: 0, staleMs: 10_000 })).release();
    writeFileSync(lockPath, "");
    await expect(acquireLock(path, { waitMs: 30 })).rejects.toBeInstanceOf(LockBusyError);
  });

  it("20 waiters on one abandoned lock: it is broken once and they still take turns", async () => {
    const path = target();
    writeFileSync(lockPathFor(path), JSON.stringify({ pid: deadPid(), host: hostname(), since: "x", token: "dead" }));
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileLock(path, async () => {
          most = Math.max(most, ++inside);
          await new Promise((resolve) => setTimeout(resolve, 1));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(existsSync(lockPathFor(path))).toBe(false);
  });

  it("a live holder keeps its lock fresh, so a long hold is not mistaken for an abandoned one", async () => {
    const path = target();
    const held = await acquireLock(path, { staleMs: 90 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(acquireLock(path, { waitMs: 0, staleMs: 90 })).rejects.toBeInstanceOf(LockBusyError);
    await held.release();
  });
});
