// The first command a newcomer meets — the README's first line and the main --help's "Try it without an account" —
// run exactly as printed, twice (a second run must not fail), and the next steps a --local run suggests carry --local.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BIN, hyperdrive } from "./support";

const README = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
const BUILD = "npm ci && npm run build && ";

/** The README's first shell block, without its install-and-build part: what runs the CLI. */
function readmeFirstCommand(): string {
  const block = /```sh\n([^\n]+)\n```/.exec(README);
  if (!block) throw new Error("README.md has no ```sh block");
  expect(block[1].startsWith(BUILD), "the first command installs and builds first").toBe(true);
  return block[1].slice(BUILD.length);
}

/** The command under "Try it without an account" in the main --help, as printed. */
function helpTryCommand(): string {
  const help = execFileSync(process.execPath, [BIN, "--help"], { encoding: "utf8", env: { PATH: process.env.PATH } });
  const lines = help.split("\n");
  const at = lines.findIndex((l) => l.startsWith("Try it without an account"));
  expect(at, "the help has a 'Try it without an account' line").toBeGreaterThan(-1);
  return lines[at + 1].trim();
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hyperdrive-try-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `sh -c command` in the scratch folder, as a user's shell runs it (no CI, no credentials). */
function shell(command: string, path = process.env.PATH ?? "") {
  const r = spawnSync("sh", ["-c", command], { cwd: dir, encoding: "utf8", env: { PATH: path, HOME: dir, NO_COLOR: "1" }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the README's first command", () => {
  it("runs twice in a row: the config is created, then left as it is, and listed both times", () => {
    const command = readmeFirstCommand();
    expect(command).toContain("./bin/hyperdrive.js --local");
    // ./bin/hyperdrive.js from a checkout: the scratch folder gets the checkout's bin/ (the launcher finds dist/ beside it).
    symlinkSync(dirname(BIN), join(dir, "bin"));
    const first = shell(command);
    expect(first.stderr).not.toMatch(/✖/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/✔ Created Hyperdrive PostgreSQL config 'demo'/);
    const id = /config 'demo': ([0-9a-f]{32})/.exec(first.stdout)![1];
    const second = shell(command);
    expect(second.stderr).not.toMatch(/2017|✖/);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(/Created/);
    // The list at the end of each run shows the one config.
    for (const run of [first, second]) expect(run.stdout).toMatch(new RegExp(`${id}\\s+demo\\s+app\\s+db\\.example\\.com\\s+5432`));
  });
});

describe("the main --help's 'Try it without an account'", () => {
  it("runs as printed, twice, with hyperdrive on the PATH", () => {
    const command = helpTryCommand();
    expect(command).toMatch(/^[A-Z_]+=\S+ hyperdrive --local /);
    const onPath = join(dir, "path");
    mkdirSync(onPath);
    symlinkSync(BIN, join(onPath, "hyperdrive"));
    const path = `${onPath}:${process.env.PATH}`;
    for (const n of [1, 2]) {
      const r = shell(command, path);
      expect(r.stderr, `run ${n}`).not.toMatch(/✖/);
      expect(r.code, `run ${n}`).toBe(0);
      expect(r.stdout).toMatch(/[0-9a-f]{32}\s+demo\s+app\s+db\.example\.com/);
    }
  });

  it("is the README's first command, for an installed hyperdrive", () => {
    expect(helpTryCommand()).toBe(readmeFirstCommand().replaceAll("./bin/hyperdrive.js", "hyperdrive"));
  });
});

describe("--local: the next steps it prints run against the emulator too", () => {
  const env = () => ({ HOME: dir });

  it("create of a name that exists: the hint's get and update carry --local (human and --json)", async () => {
    const args = ["--local", "create", "demo", "--connection-string", "postgres://app:pw@127.0.0.1:1/app"];
    const skip = { ...env(), HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off" };
    expect((await hyperdrive(args, { cwd: dir, env: skip })).code).toBe(0);
    const again = await hyperdrive(args, { cwd: dir, env: skip });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("See it with hyperdrive --local get demo, change it with hyperdrive --local update demo …");
    expect(again.stderr).not.toMatch(/hyperdrive (get|update) /);
    const json = await hyperdrive([...args, "--json"], { cwd: dir, env: skip });
    expect(json.json().errors[0].hint).toContain("hyperdrive --local get demo");
    // Without --local, the same hint has no --local.
    const { fixFor } = await import("../../src/api/contract");
    expect(fixFor(2017, { name: "demo" })).toContain("See it with hyperdrive get demo");
  });

  it("an empty list: 'Create one with: hyperdrive --local create …'", async () => {
    const r = await hyperdrive(["--local", "list"], { cwd: dir, env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Create one with: hyperdrive --local create <name> --connection-string …");
  });

  it("--json results: the fixes and commands in them carry --local too (check of a binding to an unknown id)", async () => {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dir, "wrangler.json"), '{"name":"w","hyperdrive":[{"binding":"DB","id":"0123456789abcdef0123456789abcdef"}]}');
    const r = await hyperdrive(["--local", "check", "--json"], { cwd: dir, env: env() });
    expect(r.code).toBe(1);
    const fixes = JSON.stringify(r.json().bindings.map((b: { problems: Array<{ fix: string }> }) => b.problems.map((p) => p.fix)));
    expect(fixes).toContain("(hyperdrive --local list shows them)");
    expect(fixes).not.toMatch(/hyperdrive (list|bind)/);
  });

  it("an origin the emulator cannot reach: the hint says the test ran from this machine and how to skip it", async () => {
    const r = await hyperdrive(["--local", "create", "demo", "--connection-string", "postgres://app:pw@127.0.0.1:1/app"], { cwd: dir, env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[code: 201[01]\]/);
    expect(r.stderr).toContain("With --local the emulator runs this test from this machine: start the database, or skip the test with HYPERDRIVE_LOCAL_ORIGIN_CHECK=off.");
  });
});
