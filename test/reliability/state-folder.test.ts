// --local where the emulator's state cannot be kept: the folder is not writable, or a file stands where the state folder
// must be. The message names the path and what to do; exit 1; no advice to retry Cloudflare's API, and no retry.
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../support/cli";
import { BIN } from "../support/pty";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "hd-state-folder-"));
  dirs.push(dir);
  return dir;
}
const local = { HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off", CLOUDFLARE_API_TOKEN: undefined, CLOUDFLARE_ACCOUNT_ID: undefined };
const create = (name: string) => ["--local", "create", name, "--connection-string", "postgres://u:pw-SECRET@127.0.0.1:5432/app", "--no-update-config"];
const NOT_THE_API = /Cloudflare|cloudflarestatus|retry|Retrying|Internal error|bug/i;

describe("a file where the state folder must be (fails for root too)", () => {
  it("--local create: exit 1 naming the file, the way out, nothing about Cloudflare", async () => {
    const dir = folder();
    writeFileSync(join(dir, ".hyperdrive"), "notes\n");
    const r = await runCli(create("demo"), { cwd: dir, env: local });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `✖ Cannot read the local emulator's state: ${join(dir, ".hyperdrive")} is a file, where the folder of ${join(dir, ".hyperdrive", "local-state.json")} must be.\n` +
        `  Move or rename ${join(dir, ".hyperdrive")}, or run from another folder (--cwd DIR; the state lives in .hyperdrive/ beside the wrangler config, else in the working directory).\n`,
    );
    expect(r.all).not.toMatch(NOT_THE_API);
    expect(r.all).not.toContain("pw-SECRET");
    expect(readFileSync(join(dir, ".hyperdrive"), "utf8")).toBe("notes\n");
  });

  it("beside a --config in another folder, with --json: kind internal, errno ENOTDIR", async () => {
    const dir = folder();
    mkdirSync(join(dir, "worker"));
    writeFileSync(join(dir, "worker", "wrangler.toml"), 'name = "w"\n');
    writeFileSync(join(dir, "worker", ".hyperdrive"), "");
    const r = await runCli(["--local", "list", "--json", "--config", "worker/wrangler.toml"], { cwd: dir, env: local });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      success: false,
      kind: "internal",
      errors: [
        {
          errno: "ENOTDIR",
          message: `Cannot read the local emulator's state: ${join(dir, "worker", ".hyperdrive")} is a file, where the folder of ${join(dir, "worker", ".hyperdrive", "local-state.json")} must be.`,
          hint: expect.stringContaining(`Move or rename ${join(dir, "worker", ".hyperdrive")}`),
        },
      ],
    });
  });
});

// Permissions do not stop root: as root the CLI runs as the user nobody (setpriv), otherwise as the user running the tests.
const root = process.getuid?.() === 0;
const setpriv = root && (() => {
  try {
    execFileSync("setpriv", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const NOBODY = 65534;

async function asUser(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const argv = [process.execPath, BIN, ...args];
  const [file, ...rest] = root ? ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", ...argv] : argv;
  const env = { PATH: process.env.PATH ?? "", HOME: cwd, NO_COLOR: "1", HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off" };
  try {
    const { stdout, stderr } = await promisify(execFile)(file, rest, { cwd, env, encoding: "utf8", timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(root && !setpriv)("a folder this user cannot write (as a user permissions apply to)", () => {
  it("create in it: exit 1, the folder that could not be created and what to do", async () => {
    const dir = folder();
    chmodSync(dir, 0o555);
    const r = await asUser(create("demo"), dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`✖ Cannot save the local emulator's state: could not create the folder ${join(dir, ".hyperdrive")} (permission denied).`);
    expect(r.stderr).toContain(`Make ${dir} writable for this user (chmod u+w ${dir}), or run from another folder (--cwd DIR;`);
    expect(r.stderr).not.toMatch(NOT_THE_API);
    expect(r.stdout).toBe("");
  });

  it("update with a state it can read but not save: exit 1 at once (PATCH not retried), the config unchanged", async () => {
    const dir = folder();
    expect((await runCli(create("demo"), { cwd: dir, env: local })).code).toBe(0);
    const state = join(dir, ".hyperdrive", "local-state.json");
    const before = readFileSync(state, "utf8");
    if (root) chownSync(state, NOBODY, NOBODY);
    chmodSync(join(dir, ".hyperdrive"), 0o555);
    chmodSync(dir, 0o755);
    const r = await asUser(["--local", "update", "demo", "--max-age", "30"], dir);
    chmodSync(join(dir, ".hyperdrive"), 0o755);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^✖ Cannot save the local emulator's state: could not write .*\.local-state\.json\.lock \(permission denied\)\.\n/);
    expect(r.stderr).toContain(`Make ${join(dir, ".hyperdrive")} writable for this user`);
    expect(r.stderr).not.toMatch(NOT_THE_API);
    expect(readFileSync(state, "utf8")).toBe(before);
  });
});
