// The masked password prompt and the y/N question: the key rules on their own, then the real terminal prompter of
// bin/hyperdrive.js on a pseudo-terminal (keys typed one write at a time, as a keyboard sends them).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emitKeypressEvents } from "node:readline";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { secretEditor, type Key } from "../../src/ui/prompt";
import { KEY, runOnPty } from "../support/pty";

/** Decode bytes as the terminal prompter does (Node's keypress decoder) and feed them to a fresh editor. */
function typeInto(...writes: string[]) {
  const editor = secretEditor();
  const stream = new PassThrough();
  emitKeypressEvents(stream);
  let echo = "";
  let result: { cancelled: boolean } | undefined;
  stream.on("keypress", (str: string | undefined, key: Key | undefined) => {
    if (result) return;
    const step = editor.key(str, key);
    if (step.done) result = { cancelled: step.cancelled };
    else echo += step.echo;
  });
  for (const w of writes) stream.write(w);
  return { value: editor.value, echo, result };
}

describe("secretEditor", () => {
  it("ignores arrows and Delete instead of storing their escape sequences", () => {
    const t = typeInto("a", "b", KEY.left, "c", KEY.delete, KEY.enter);
    expect(t.result).toEqual({ cancelled: false });
    expect(t.value).toBe("abc");
    expect(t.echo).toBe("***");
  });

  it("erases with Backspace and Ctrl-U, and shows one star per character", () => {
    const t = typeInto("abc", KEY.backspace, KEY.backspace, "x", KEY.ctrlU, "pw", KEY.up, KEY.home, "é", KEY.enter);
    expect(t.value).toBe("pwé");
    expect(t.echo).toBe("***\b \b\b \b*\b \b\b \b***");
  });

  it("takes a pasted password in one chunk; a trailing newline is Enter and what follows it is not kept", () => {
    expect(typeInto("s3cr3t pass\n")).toMatchObject({ value: "s3cr3t pass", result: { cancelled: false } });
    expect(typeInto("s3cr3t\r\nrest")).toMatchObject({ value: "s3cr3t", result: { cancelled: false } });
  });

  it("Backspace on an empty line writes nothing", () => {
    expect(typeInto(KEY.backspace, KEY.backspace, "a", KEY.enter)).toMatchObject({ value: "a", echo: "*" });
  });

  it("Ctrl-C and Ctrl-D cancel, typed text or not", () => {
    expect(typeInto("ab", KEY.ctrlC).result).toEqual({ cancelled: true });
    expect(typeInto(KEY.ctrlD).result).toEqual({ cancelled: true });
    expect(typeInto("ab", KEY.ctrlD).result).toEqual({ cancelled: true });
  });
});

describe("the terminal prompter on a pseudo-terminal", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hd-pty-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const origin = ["--origin-host", "db.example.com", "--origin-port", "5432", "--origin-user", "app", "--database", "app"];
  const env = { HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off" };

  it("a, b, Left, c, Delete, Enter stores 'abc' and shows three stars", async () => {
    const run = await runOnPty(["--local", "create", "demo", ...origin], {
      cwd: dir,
      env,
      steps: [{ expect: "Password for app: ", keys: ["a", "b", KEY.left, "c", KEY.delete, KEY.enter] }],
    });
    expect(run.status).toBe(0);
    expect(run.output).toContain("Password for app: ***\n");
    expect(run.output).toContain("✔ Created Hyperdrive PostgreSQL config 'demo'");
    expect(readFileSync(join(dir, ".hyperdrive", "local-state.json"), "utf8")).toContain('"password": "abc"');
  });

  it("a pasted password with its newline, after Backspace and Ctrl-U", async () => {
    const run = await runOnPty(["--local", "create", "demo", ...origin], {
      cwd: dir,
      env,
      steps: [{ expect: "Password for app: ", keys: ["x", KEY.backspace, "wrong", KEY.ctrlU, "pasted pässword\n"] }],
    });
    expect(run.status).toBe(0);
    expect(run.output).not.toContain("pässword");
    expect(readFileSync(join(dir, ".hyperdrive", "local-state.json"), "utf8")).toContain('"password": "pasted pässword"');
  });

  for (const [name, key] of [["Ctrl-D", KEY.ctrlD], ["Ctrl-C", KEY.ctrlC]] as const) {
    it(`${name} at the password prompt cancels: exit 130, "Cancelled." and that nothing was created`, async () => {
      const run = await runOnPty(["--local", "create", "demo", ...origin], {
        cwd: dir,
        env,
        steps: [{ expect: "Password for app: ", keys: ["se", key] }],
      });
      expect(run.status).toBe(130);
      expect(run.output).toBe("Password for app: **\n✖ Cancelled. Nothing was created: the create request had not been sent.\n");
      expect(run.output).not.toMatch(/Unexpected error|bug/);
    });

    it(`${name} at a y/N question cancels: exit 130, "Cancelled." and that nothing was deleted`, async () => {
      const created = await runOnPty(["--local", "create", "demo", "--connection-string", "postgres://app:pw@db.example.com:5432/app"], {
        cwd: dir,
        env,
        steps: [],
      });
      expect(created.status).toBe(0);
      const run = await runOnPty(["--local", "delete", "demo"], { cwd: dir, steps: [{ expect: "[y/N] ", keys: [key] }] });
      expect(run.status).toBe(130);
      expect(run.output).toMatch(/^Delete Hyperdrive config 'demo' \([0-9a-f]{32}\)\? \[y\/N\] \n✖ Cancelled\. Nothing was deleted: the delete request had not been sent\.\n$/);
      expect(readFileSync(join(dir, ".hyperdrive", "local-state.json"), "utf8")).toContain('"name": "demo"');
    });
  }

  it("y at the y/N question deletes", async () => {
    await runOnPty(["--local", "create", "demo", "--connection-string", "postgres://app:pw@db.example.com:5432/app"], { cwd: dir, env, steps: [] });
    const run = await runOnPty(["--local", "delete", "demo"], { cwd: dir, steps: [{ expect: "[y/N] ", keys: ["y", KEY.enter] }] });
    expect(run.status).toBe(0);
    expect(run.output).toContain("✔ Deleted Hyperdrive config 'demo'");
    expect(readFileSync(join(dir, ".hyperdrive", "local-state.json"), "utf8")).not.toContain('"name": "demo"');
  });
});

describe("two secrets, one standard input, on a terminal", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hd-pty-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const access = ["--origin-host", "db.example.com", "--origin-user", "app", "--database", "app", "--access-client-id", "abc.access"];

  it("two `-` are refused before anything is asked (exit 2, no prompt, nothing created)", async () => {
    const run = await runOnPty(["--local", "create", "demo", ...access, "--origin-password", "-", "--access-client-secret", "-"], {
      cwd: dir,
      env: { HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off" },
      steps: [],
      timeoutS: 10,
    });
    expect(run.status).toBe(2);
    expect(run.output).not.toMatch(/origin-password: |access-client-secret: |Password for/);
    expect(run.output).toContain("✖ --origin-password - and --access-client-secret - both want standard input; only one can read it.");
    expect(run.output).toContain("env:NAME");
    expect(existsSync(join(dir, ".hyperdrive", "local-state.json"))).toBe(false);
  });

  it("doctor: the connection string argument `-` and --origin-password - are refused the same way", async () => {
    const run = await runOnPty(["doctor", "-", "--origin-password", "-"], { cwd: dir, steps: [], timeoutS: 10 });
    expect(run.status).toBe(2);
    expect(run.output).not.toMatch(/connection-string: |origin-password: /);
    expect(run.output).toContain("both want standard input");
  });
});
