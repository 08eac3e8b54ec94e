// Passwords at rest: the --local state and a .env others can read are pointed out, never silently left to git.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../support/cli";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), "hd-secrets-"));
  dirs.push(dir);
  execFileSync("git", ["init", "-q"], { cwd: dir });
  writeFileSync(join(dir, "wrangler.toml"), 'name = "w"\n');
  return dir;
}
const local = { HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off", CLOUDFLARE_API_TOKEN: undefined, CLOUDFLARE_ACCOUNT_ID: undefined };
const create = (name: string) => ["--local", "create", name, "--connection-string", "postgres://u:pw-SECRET@127.0.0.1:5432/app"];

describe("the --local state", () => {
  it("a .hyperdrive/ it creates gets a .gitignore of *: git ignores the state, no warning", async () => {
    const dir = repo();
    const r = await runCli([...create("a"), "--no-update-config"], { cwd: dir, env: local });
    expect(r.code, r.all).toBe(0);
    expect(readFileSync(join(dir, ".hyperdrive", ".gitignore"), "utf8")).toMatch(/^\*$/m);
    expect(execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: dir, encoding: "utf8" })).not.toContain(".hyperdrive");
    expect(r.stderr).not.toMatch(/git does not ignore/);
  });

  it("an existing .hyperdrive/ that git would commit: warned, as for .env", async () => {
    const dir = repo();
    mkdirSync(join(dir, ".hyperdrive"));
    const r = await runCli([...create("b"), "--no-update-config"], { cwd: dir, env: local });
    expect(r.code, r.all).toBe(0);
    expect(r.stderr).toContain("git does not ignore .hyperdrive/local-state.json, which holds origin passwords; add .hyperdrive/ to .gitignore");
    expect(r.all).not.toContain("pw-SECRET");
  });
});

describe(".env readable by others", () => {
  it("an existing 0644 .env receives the password: warned with the chmod that fixes it; its mode is kept", async () => {
    const dir = repo();
    writeFileSync(join(dir, ".gitignore"), ".env\n");
    writeFileSync(join(dir, ".env"), "OTHER=1\n");
    chmodSync(join(dir, ".env"), 0o644);
    const r = await runCli([...create("c"), "--update-config", "--local-connection-string", "postgres://dev:dev-SECRET@localhost/app"], { cwd: dir, env: local });
    expect(r.code, r.all).toBe(0);
    expect(r.stderr).toContain("⚠ .env is readable by other users (mode 0644) and now holds a password; run chmod 600 .env.");
    expect(statSync(join(dir, ".env")).mode & 0o777).toBe(0o644);
    expect(r.all).not.toContain("dev-SECRET");
  });
});
