// Colour and CI conventions: no-color.org (present and not empty), FORCE_COLOR (0/false off), CI as ci-info reads it
// (CI=false is not CI); then the real program on a pseudo-terminal.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ciVariable, colourChoice } from "../../src/ui/terminal";
import { runOnPty } from "../support/pty";

describe("colourChoice", () => {
  it.each([
    [{}, undefined, { noColor: false, forceColor: false }],
    [{ NO_COLOR: "1" }, undefined, { noColor: true, forceColor: false }],
    [{ NO_COLOR: "" }, undefined, { noColor: false, forceColor: false }],
    [{ FORCE_COLOR: "0" }, undefined, { noColor: true, forceColor: false }],
    [{ FORCE_COLOR: "false" }, undefined, { noColor: true, forceColor: false }],
    [{ FORCE_COLOR: "1" }, undefined, { noColor: false, forceColor: true }],
    [{ FORCE_COLOR: "" }, undefined, { noColor: false, forceColor: true }],
    [{ FORCE_COLOR: "1", NO_COLOR: "1" }, undefined, { noColor: false, forceColor: true }],
    [{ FORCE_COLOR: "1" }, false, { noColor: true, forceColor: false }],
    [{ NO_COLOR: "1" }, true, { noColor: false, forceColor: true }],
  ] as const)("%j with --color=%s → %j", (env, flag, choice) => {
    expect(colourChoice(env, flag)).toEqual(choice);
  });
});

describe("ciVariable", () => {
  it.each([
    [{}, undefined],
    [{ CI: "true" }, "CI"],
    [{ CI: "1" }, "CI"],
    [{ CI: "false" }, undefined],
    [{ CI: "false", BUILD_NUMBER: "7" }, undefined],
    [{ CI: "" }, undefined],
    [{ CONTINUOUS_INTEGRATION: "1" }, "CONTINUOUS_INTEGRATION"],
    [{ BUILD_NUMBER: "12" }, "BUILD_NUMBER"],
  ])("%j → %s", (env, expected) => {
    expect(ciVariable(env)).toBe(expected);
  });
});

describe("on a terminal", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hd-terminal-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const RED = "\x1b[31m";

  it("an empty NO_COLOR does not turn colour off; FORCE_COLOR=0 does", async () => {
    const coloured = await runOnPty(["--local", "get", "nope"], { cwd: dir, env: { NO_COLOR: "" }, steps: [] });
    expect(coloured.status).toBe(2);
    expect(coloured.raw).toContain(RED);
    const plain = await runOnPty(["--local", "get", "nope"], { cwd: dir, env: { NO_COLOR: "", FORCE_COLOR: "0" }, steps: [] });
    expect(plain.status).toBe(2);
    expect(plain.output).toMatch(/No Hyperdrive config named 'nope'/);
    expect(plain.raw).not.toContain(RED);
  });

  it("NO_COLOR=1 also keeps the spinner plain; without it the spinner is cyan", async () => {
    const create = ["--local", "create", "demo", "--connection-string", "postgres://app:pw@db.example.com:5432/app", "--no-update-config"];
    const env = { HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off" };
    const plain = await runOnPty(create, { cwd: dir, env: { ...env, NO_COLOR: "1" }, steps: [] });
    expect(plain.status, plain.output).toBe(0);
    expect(plain.raw).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(plain.raw).not.toContain("\x1b[36m");
    const coloured = await runOnPty([...create.slice(0, 2), "demo2", ...create.slice(3)], { cwd: dir, env: { ...env, NO_COLOR: "" }, steps: [] });
    expect(coloured.status, coloured.output).toBe(0);
    expect(coloured.raw).toContain("\x1b[36m");
  });

  it("CI=1 on a real terminal: the refusal says prompts are off in CI, not 'not an interactive terminal'", async () => {
    const r = await runOnPty(["--local", "delete", "x"], { cwd: dir, env: { CI: "1" }, steps: [] });
    expect(r.status).toBe(2);
    expect(r.output).toMatch(/Deleting a config needs confirmation, and prompts are off in CI \(CI is set; CI=false turns them back on\)/);
  });

  it("CI=false on a terminal is not CI: delete asks", async () => {
    const r = await runOnPty(["--local", "delete", "x"], { cwd: dir, env: { CI: "false" }, steps: [] });
    expect(r.output).not.toMatch(/needs confirmation/);
    expect(r.output).toMatch(/No Hyperdrive config named 'x'/);
  });
});
