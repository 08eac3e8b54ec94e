// The launcher answers --help from dist/help.json (rendered at build time): it must match what the CLI itself prints,
// for every command, so the two can never drift.
import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { buildProgram } from "../../src/main";
import { TEST_CACHE_HOME } from "../e2e/support";

const bin = fileURLToPath(new URL("../../bin/hyperdrive.js", import.meta.url));
const cli = fileURLToPath(new URL("../../dist/cli.cjs", import.meta.url));
const rendered: Record<string, string> = JSON.parse(readFileSync(new URL("../../dist/help.json", import.meta.url), "utf8"));

const paths: string[] = [];
const walk = (cmd: Command, path: string[]) => {
  paths.push(path.join(" "));
  for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
};
walk(
  buildProgram({ argv: [], env: {}, cwd: ".", home: ".", stdout: { write() {} }, stderr: { write() {} }, stdin: { readAll: async () => "" } }, async () => {}),
  [],
);

const run = (file: string, args: string[]) =>
  execFileSync(process.execPath, [file, ...args], { env: { PATH: process.env.PATH, XDG_CACHE_HOME: TEST_CACHE_HOME }, encoding: "utf8" });

describe("pre-rendered help", () => {
  it("covers every command of the program", () => {
    expect(Object.keys(rendered).sort()).toEqual([...paths].sort());
    expect(paths).toContain("cert upload mtls-certificate");
  });

  it.each(paths.map((p) => [p || "(program)", p]))("%s --help: the launcher prints what the CLI prints", (_, path) => {
    const args = path ? path.split(" ") : [];
    const live = run(cli, [...args, "--help"]);
    expect(live).toMatch(/^Usage: hyperdrive/);
    expect(run(bin, [...args, "--help"])).toBe(live);
    expect(run(bin, [...args, "-h"])).toBe(live);
  });

  it("anything else still goes to the CLI (an unknown command, options before --help)", () => {
    expect(rendered.nope).toBeUndefined();
    expect(run(bin, ["nope", "--help"])).toBe(run(cli, ["nope", "--help"]));
    expect(run(bin, ["--json", "list", "--help"])).toBe(run(cli, ["list", "--help"]));
  });

  it("--version and --help are answered without running the bundle (no code cache is written for them)", () => {
    const home = mkdtempSync(join(tmpdir(), "hd-help-home-"));
    try {
      for (const args of [["--version"], ["--help"], ["cert", "upload", "--help"]]) {
        const r = spawnSync(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, HOME: home }, encoding: "utf8" });
        expect(r.status).toBe(0);
        expect(r.stdout.length).toBeGreaterThan(5);
        expect(r.stderr).toBe("");
      }
      expect(readdirSync(home)).toEqual([]);
      // The same witness for a command, which runs dist/cli.cjs.
      spawnSync(process.execPath, [bin, "nope"], { env: { PATH: process.env.PATH, HOME: home }, encoding: "utf8" });
      expect(readdirSync(join(home, ".cache", "hyperdrive", "code"))).toHaveLength(1);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("a checkout that was not built says what to run (exit 1), for --help and for a command", () => {
    const dir = mkdtempSync(join(tmpdir(), "hyperdrive-unbuilt-"));
    try {
      mkdirSync(join(dir, "bin"));
      for (const file of ["bin/hyperdrive.js", "bin/package.json", "package.json"]) copyFileSync(new URL(`../../${file}`, import.meta.url), join(dir, file));
      for (const args of [["--help"], ["list"]]) {
        const r = spawnSync(process.execPath, [join(dir, "bin", "hyperdrive.js"), ...args], { env: { PATH: process.env.PATH }, encoding: "utf8" });
        expect(r.status).toBe(1);
        expect(r.stderr).toBe("hyperdrive: dist/ is missing or incomplete; run `npm run build` first.\n");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
