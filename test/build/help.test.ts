// The launcher answers --help from dist/help.json (rendered at build time): it must match what the CLI itself prints,
// for every command, so the two can never drift.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { buildProgram } from "../../src/main";

const bin = fileURLToPath(new URL("../../bin/hyperdrive.js", import.meta.url));
const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
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

const run = (file: string, args: string[]) => execFileSync(process.execPath, [file, ...args], { env: { PATH: process.env.PATH }, encoding: "utf8" });

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
});
