// Every branch of applyBinding, on real files in temporary folders, with a scripted prompter.
import { execFileSync } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors";
import { applyBinding, type BindingOutcome, type BindingPrompter, type BindingRequest } from "../../src/wrangler-config/apply";
import { readExpected, readInput, useTempDirs } from "./helpers";

const tempDir = useTempDirs();
const ID = "7d793037a0760186574b0282f2f435e7";
const PASSWORD = "s3cr3t-pa55";
const LOCAL = `postgres://dev:${PASSWORD}@localhost:5432/orders`;
const OTHER_PASSWORD = "0th3r-pa55";
const VARIABLE = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE";

/** A folder holding one fixture under its wrangler name. */
async function project(fixture: string, fileName: string): Promise<{ cwd: string; path: string; original: string }> {
  const cwd = await tempDir();
  const original = readInput(fixture);
  await writeFile(join(cwd, fileName), original);
  return { cwd, path: join(cwd, fileName), original };
}

/** Answers in order; any question beyond the script fails the test. */
function scriptedPrompter(...answers: Array<boolean | string>): BindingPrompter & { questions: string[] } {
  const questions: string[] = [];
  const next = (question: string, defaultValue: unknown) => {
    questions.push(`${question} [${String(defaultValue)}]`);
    if (answers.length === 0) throw new Error(`unexpected question: ${question}`);
    return Promise.resolve(answers.shift());
  };
  return {
    questions,
    confirm: (question, defaultYes) => next(question, defaultYes) as Promise<boolean>,
  };
}

const request = (cwd: string, extra: Partial<BindingRequest> = {}): BindingRequest => ({ cwd, id: ID, ...extra });

function expectCarriesTheConfig(outcome: BindingOutcome): void {
  expect(outcome.id).toBe(ID);
  expect(outcome.snippet).toContain(ID);
  expect(outcome.snippet).toContain(outcome.binding);
  expect(JSON.parse(JSON.stringify(outcome))).toEqual(outcome);
}

describe("applyBinding: whether to write", () => {
  it("asks on a terminal (default yes) and writes the minimal edit on yes", async () => {
    const { cwd, path } = await project("c3-template.jsonc", "wrangler.jsonc");
    const prompter = scriptedPrompter(true);
    const outcome = await applyBinding(request(cwd), { prompter });
    expect(prompter.questions).toEqual([`Add binding HYPERDRIVE → ${ID} to wrangler.jsonc? [true]`]);
    expect(outcome).toMatchObject({ status: "written", path, format: "jsonc", binding: "HYPERDRIVE" });
    expect(outcome.message).toBe(`Added binding HYPERDRIVE → ${ID} to wrangler.jsonc.`);
    expect(await readFile(path, "utf8")).toBe(readExpected("c3-template.insert.jsonc"));
    expectCarriesTheConfig(outcome);
  });

  it("leaves the file alone when the answer is no", async () => {
    const { cwd, path, original } = await project("c3-template.jsonc", "wrangler.jsonc");
    const outcome = await applyBinding(request(cwd), { prompter: scriptedPrompter(false) });
    expect(outcome).toMatchObject({ status: "skipped", reason: "declined", binding: "HYPERDRIVE" });
    expect(await readFile(path, "utf8")).toBe(original);
    expectCarriesTheConfig(outcome);
  });

  it("without a terminal and without flags: does not write, and names --update-config", async () => {
    const { cwd, path, original } = await project("commented.toml", "wrangler.toml");
    const outcome = await applyBinding(request(cwd));
    expect(outcome).toMatchObject({ status: "skipped", reason: "no-terminal", flag: "--update-config", format: "toml" });
    expect(outcome.snippet).toBe(`[[hyperdrive]]\nbinding = "HYPERDRIVE"\nid = "${ID}"`);
    expect(outcome.message).toBe("wrangler.toml was not changed (no terminal to ask); add the snippet, or re-run with --update-config.");
    expect(await readFile(path, "utf8")).toBe(original);
  });

  it("--update-config writes without asking", async () => {
    const { cwd, path } = await project("commented.toml", "wrangler.toml");
    const outcome = await applyBinding(request(cwd, { updateConfig: true }), { prompter: scriptedPrompter() });
    expect(outcome.status).toBe("written");
    expect(await readFile(path, "utf8")).toBe(readExpected("commented.insert.toml"));
  });

  it("--no-update-config never writes and never asks", async () => {
    const { cwd, path, original } = await project("commented.toml", "wrangler.toml");
    const outcome = await applyBinding(request(cwd, { updateConfig: false, binding: "DB" }), { prompter: scriptedPrompter() });
    expect(outcome).toMatchObject({ status: "skipped", reason: "update-config-off", binding: "DB" });
    expect(outcome.message).toBe("wrangler.toml was not changed (--no-update-config).");
    expect(await readFile(path, "utf8")).toBe(original);
    expectCarriesTheConfig(outcome);
  });

  it("no config file: the JSON snippet and where it looked", async () => {
    const cwd = await tempDir();
    const outcome = await applyBinding(request(cwd, { updateConfig: true }));
    expect(outcome).toMatchObject({ status: "skipped", reason: "no-config-file", format: "json", binding: "HYPERDRIVE" });
    expect(outcome.path).toBeUndefined();
    expect(outcome.searched?.[0]).toBe(cwd);
    expect(outcome.message).toBe(
      `No wrangler.json, wrangler.jsonc or wrangler.toml in ${cwd} or the folders above it; add the snippet to your Worker's config.`,
    );
    expect(JSON.parse(outcome.snippet)).toEqual({ hyperdrive: [{ binding: "HYPERDRIVE", id: ID }] });
    expectCarriesTheConfig(outcome);
  });
});

describe("applyBinding: binding names", () => {
  it("--binding repoints an existing binding, keeps its other keys and reports the previous id", async () => {
    const { cwd, path } = await project("existing-entries.toml", "wrangler.toml");
    const outcome = await applyBinding(request(cwd, { binding: "HYPERDRIVE" }), { prompter: scriptedPrompter() });
    expect(outcome).toMatchObject({ status: "written", binding: "HYPERDRIVE", previousId: "c81e728d9d4c2f636f067f89cc14862c" });
    expect(outcome.message).toBe(`Repointed binding HYPERDRIVE: c81e728d9d4c2f636f067f89cc14862c → ${ID} in wrangler.toml.`);
    expect(await readFile(path, "utf8")).toBe(readExpected("existing-entries.repoint.toml"));
  });

  it("an invalid --binding is a usage error with a suggestion, before anything is read or written", async () => {
    const { cwd, path, original } = await project("c3-template.jsonc", "wrangler.jsonc");
    const attempt = applyBinding(request(cwd, { binding: "orders-db" }), { prompter: scriptedPrompter() });
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toMatchObject({ exitCode: 2, hint: expect.stringContaining("--binding orders_db") });
    expect(await readFile(path, "utf8")).toBe(original);
  });

  it("as wrangler 4.106+: --update-config with HYPERDRIVE taken repoints it in place (old id → new id), keeping its other keys", async () => {
    const { cwd, path } = await project("four-spaces-existing.jsonc", "wrangler.jsonc");
    const outcome = await applyBinding(request(cwd, { updateConfig: true }));
    expect(outcome).toMatchObject({ status: "written", binding: "HYPERDRIVE", previousId: "a76a99bc342644deb02c38d66082262a" });
    expect(outcome.message).toBe(`Repointed binding HYPERDRIVE: a76a99bc342644deb02c38d66082262a → ${ID} in wrangler.jsonc.`);
    expect(await readFile(path, "utf8")).toBe(readExpected("four-spaces-existing.repoint.jsonc"));
  });

  it("a template's <YOUR_HYPERDRIVE_ID> placeholder is repointed, in JSONC and in TOML", async () => {
    for (const [input, name] of [["placeholder.jsonc", "wrangler.jsonc"], ["placeholder.toml", "wrangler.toml"]] as const) {
      const { cwd, path } = await project(input, name);
      const outcome = await applyBinding(request(cwd, { updateConfig: true }));
      expect(outcome).toMatchObject({ status: "written", binding: "HYPERDRIVE", previousId: "<YOUR_HYPERDRIVE_ID>" });
      expect(outcome.message).toBe(`Repointed binding HYPERDRIVE: <YOUR_HYPERDRIVE_ID> → ${ID} in ${name}.`);
      expect(await readFile(path, "utf8")).toBe(readExpected(input.replace(".", ".repoint.")));
    }
  });

  it('--remote writes "remote": true, in the snippet too', async () => {
    const { cwd, path } = await project("placeholder.toml", "wrangler.toml");
    const outcome = await applyBinding(request(cwd, { updateConfig: true, remote: true, env: "staging" }));
    expect(outcome).toMatchObject({ status: "written", binding: "HYPERDRIVE" });
    expect(outcome.message).toBe(`Added binding HYPERDRIVE → ${ID} to env.staging of wrangler.toml ("remote": true).`);
    expect(outcome.snippet).toContain("remote = true");
    expect(await readFile(path, "utf8")).toBe(readExpected("placeholder.env-staging-remote.toml"));
  });

  it("on a terminal, repointing is asked first, and a no leaves the file alone", async () => {
    const { cwd, path, original } = await project("existing-entries.toml", "wrangler.toml");
    const prompter = scriptedPrompter(false);
    const outcome = await applyBinding(request(cwd), { prompter });
    expect(prompter.questions).toEqual([
      `Point binding HYPERDRIVE to ${ID} (was c81e728d9d4c2f636f067f89cc14862c) in wrangler.toml? (--binding NAME adds another instead) [true]`,
    ]);
    expect(outcome).toMatchObject({ status: "skipped", reason: "declined" });
    expect(await readFile(path, "utf8")).toBe(original);
  });

  it("--binding with a new name adds a second binding beside HYPERDRIVE", async () => {
    const { cwd, path } = await project("existing-entries.toml", "wrangler.toml");
    const outcome = await applyBinding(request(cwd, { binding: "PAYMENTS_EU" }));
    expect(outcome).toMatchObject({ status: "written", binding: "PAYMENTS_EU" });
    expect(await readFile(path, "utf8")).toBe(readExpected("existing-entries.derived.toml"));
  });

  it("already bound: unchanged, nothing written or asked", async () => {
    const { cwd } = await project("four-spaces-existing.jsonc", "wrangler.jsonc");
    const outcome = await applyBinding(request(cwd, { id: "a76a99bc342644deb02c38d66082262a" }), {
      prompter: scriptedPrompter(),
      writeFileAtomic: () => Promise.reject(new Error("must not write")),
    });
    expect(outcome).toMatchObject({ status: "unchanged", binding: "HYPERDRIVE" });
    expect(outcome.message).toBe("wrangler.jsonc already binds HYPERDRIVE → a76a99bc342644deb02c38d66082262a.");
  });
});

describe("applyBinding: --env, --config", () => {
  it("--env targets env.NAME, created if needed", async () => {
    const { cwd, path } = await project("env-sections.toml", "wrangler.toml");
    const outcome = await applyBinding(request(cwd, { env: "production", updateConfig: true }));
    expect(outcome).toMatchObject({ status: "written", env: "production" });
    expect(outcome.message).toBe(`Added binding HYPERDRIVE → ${ID} to env.production of wrangler.toml.`);
    expect(outcome.snippet.split("\n")[0]).toBe("[[env.production.hyperdrive]]");
    expect(await readFile(path, "utf8")).toBe(readExpected("env-sections.env-production.toml"));
  });

  it("--config names the file relative to cwd", async () => {
    const { cwd, path } = await project("two-spaces.json", "worker.json");
    const outcome = await applyBinding(request(cwd, { configPath: "worker.json", updateConfig: true }));
    expect(outcome).toMatchObject({ status: "written", path, format: "json" });
    expect(await readFile(path, "utf8")).toBe(readExpected("two-spaces.insert.json"));
  });
});

describe("applyBinding: failures keep the file and the config", () => {
  it("a file that does not parse: failed with line and column", async () => {
    const { cwd, path, original } = await project("invalid.jsonc", "wrangler.jsonc");
    const outcome = await applyBinding(request(cwd, { updateConfig: true }));
    expect(outcome).toMatchObject({ status: "failed", reason: "invalid-config" });
    expect(outcome.message).toBe("wrangler.jsonc does not parse (comma expected at line 4, column 3); it was left unchanged.");
    expect(await readFile(path, "utf8")).toBe(original);
    expectCarriesTheConfig(outcome);
  });

  it("a shape a text edit cannot handle: failed with the reason", async () => {
    const { cwd, original, path } = await project("inline-array.toml", "wrangler.toml");
    const outcome = await applyBinding(request(cwd, { updateConfig: true }));
    expect(outcome).toMatchObject({ status: "failed", reason: "unsupported-shape", format: "toml" });
    expect(outcome.message).toMatch(/^wrangler\.toml was left unchanged: hyperdrive is written not as \[\[hyperdrive\]\] blocks/);
    expect(await readFile(path, "utf8")).toBe(original);
  });

  it("an edit that does not verify: failed, nothing written", async () => {
    const { cwd, original, path } = await project("inline-env-table.toml", "wrangler.toml");
    const outcome = await applyBinding(request(cwd, { env: "staging", updateConfig: true }));
    expect(outcome).toMatchObject({ status: "failed", reason: "unverified-edit" });
    expect(await readFile(path, "utf8")).toBe(original);
  });

  it("a file changed between the first read and the write: planned again under the lock, both changes kept", async () => {
    const { cwd, path } = await project("c3-template.jsonc", "wrangler.jsonc");
    const concurrent = `${readInput("c3-template.jsonc")}// edited in the editor meanwhile\n`;
    let reads = 0;
    const readThenChange = async (file: string) => {
      const text = await readFile(file, "utf8");
      if (++reads === 1) await writeFile(file, concurrent);
      return text;
    };
    const outcome = await applyBinding(request(cwd, { updateConfig: true }), { readFile: readThenChange });
    expect(outcome).toMatchObject({ status: "written", binding: "HYPERDRIVE" });
    const after = await readFile(path, "utf8");
    expect(after).toContain("// edited in the editor meanwhile");
    expect(after).toMatch(new RegExp(`"binding": "HYPERDRIVE",\\s*"id": "${ID}"`));
  });

  it("a writer that takes no lock and keeps changing the file: three attempts, then failed, its change kept", async () => {
    const { cwd, path } = await project("c3-template.jsonc", "wrangler.jsonc");
    let edits = 0;
    const readThenChange = async (file: string) => {
      const text = await readFile(file, "utf8");
      await writeFile(file, `${text}// edit ${++edits}\n`);
      return text;
    };
    const outcome = await applyBinding(request(cwd, { updateConfig: true }), { readFile: readThenChange });
    expect(outcome).toMatchObject({ status: "failed", reason: "changed-on-disk" });
    expect(outcome.message).toBe("wrangler.jsonc kept changing while it was being edited; it was left as it is now.");
    expect(edits).toBe(4); // the first read, then one per attempt
    expect(await readFile(path, "utf8")).toBe(`${readInput("c3-template.jsonc")}// edit 1\n// edit 2\n// edit 3\n// edit 4\n`);
    expectCarriesTheConfig(outcome);
  });

  it("another hyperdrive holding the lock past the wait: failed as locked, the file untouched", async () => {
    const { cwd, path, original } = await project("c3-template.jsonc", "wrangler.jsonc");
    const { LockBusyError } = await import("../../src/fs/lock");
    const busy = () => Promise.reject(new LockBusyError(path, `${path}.lock`, { pid: 4242, host: "here", since: "2026-12-01T00:00:00Z" }, 10_000));
    const outcome = await applyBinding(request(cwd, { updateConfig: true }), { lock: busy });
    expect(outcome).toMatchObject({ status: "failed", reason: "locked" });
    expect(outcome.message).toMatch(/^wrangler\.jsonc was not changed: .* is locked by process 4242/);
    expect(await readFile(path, "utf8")).toBe(original);
    expectCarriesTheConfig(outcome);
  });

  it("an error writing: failed with the error, not thrown", async () => {
    const { cwd } = await project("c3-template.jsonc", "wrangler.jsonc");
    const outcome = await applyBinding(request(cwd, { binding: "HYPERDRIVE" }), {
      writeFileAtomic: () => Promise.reject(new Error("EACCES: permission denied")),
    });
    expect(outcome).toMatchObject({ status: "failed", reason: "write-failed", message: "Could not write wrangler.jsonc: EACCES: permission denied" });
    expectCarriesTheConfig(outcome);
  });

  it("an error reading: failed with the error, not thrown", async () => {
    const { cwd } = await project("c3-template.jsonc", "wrangler.jsonc");
    const outcome = await applyBinding(request(cwd, { updateConfig: true }), {
      readFile: () => Promise.reject(new Error("EISDIR: illegal operation on a directory")),
    });
    expect(outcome).toMatchObject({ status: "failed", reason: "read-failed", format: "jsonc" });
    expectCarriesTheConfig(outcome);
  });
});

describe("applyBinding: --local-connection-string", () => {
  it("sets the .env line beside the config (0600) and warns when git does not ignore it, never echoing the value", async () => {
    const { cwd } = await project("commented.toml", "wrangler.toml");
    execFileSync("git", ["init", "-q"], { cwd, stdio: "ignore" });
    const outcome = await applyBinding(request(cwd, { updateConfig: true, localConnectionString: LOCAL }));
    const variable = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE";
    expect(outcome.localConnectionString).toEqual({
      status: "written",
      variable,
      path: join(cwd, ".env"),
      gitIgnored: "not-ignored",
      message: `Set ${variable} in .env for wrangler dev. Warning: git does not ignore .env; add it to .gitignore so the password is not committed.`,
    });
    expect(await readFile(join(cwd, ".env"), "utf8")).toBe(`${variable}='${LOCAL}'\n`);
    expect((await stat(join(cwd, ".env"))).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD);
  });

  it("no warning when git ignores .env", async () => {
    const { cwd } = await project("commented.toml", "wrangler.toml");
    const outcome = await applyBinding(request(cwd, { updateConfig: true, localConnectionString: LOCAL }), {
      isGitIgnored: () => Promise.resolve("ignored"),
    });
    expect(outcome.localConnectionString).toMatchObject({ status: "written", gitIgnored: "ignored" });
    expect(outcome.localConnectionString?.message).not.toContain("Warning");
  });

  it("warns, naming only the file, when .env.local also defines the variable (it wins over .env)", async () => {
    const { cwd } = await project("commented.toml", "wrangler.toml");
    await writeFile(join(cwd, ".env.local"), `${VARIABLE}='postgres://dev:${OTHER_PASSWORD}@localhost/other'\n`);
    // Neither applies: no --env, and the shell sets another variable.
    await writeFile(join(cwd, ".env.staging"), `${VARIABLE}='postgres://dev:${OTHER_PASSWORD}@localhost/other'\n`);
    const processEnv = { [`${VARIABLE}_REPLICA`]: "x" };
    const outcome = await applyBinding(request(cwd, { updateConfig: true, localConnectionString: LOCAL, processEnv }), {
      isGitIgnored: () => Promise.resolve("ignored"),
    });
    expect(outcome.localConnectionString).toMatchObject({ status: "written", shadowedBy: [join(cwd, ".env.local")] });
    expect(outcome.localConnectionString?.message).toBe(
      `Set ${VARIABLE} in .env for wrangler dev. Warning: .env.local also defines ${VARIABLE} and wins over .env, ` +
        "so wrangler dev will not use the value in .env.",
    );
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD);
    expect(JSON.stringify(outcome)).not.toContain(OTHER_PASSWORD);
  });

  it("with --env writes .env.<env>, leaving the top-level line in .env alone (plain wrangler dev keeps its database)", async () => {
    const { cwd } = await project("commented.toml", "wrangler.toml");
    await writeFile(join(cwd, ".env"), `${VARIABLE}='postgres://dev:${OTHER_PASSWORD}@localhost/top'\n`);
    const outcome = await applyBinding(request(cwd, { env: "staging", updateConfig: true, localConnectionString: LOCAL }), {
      isGitIgnored: () => Promise.resolve("ignored"),
    });
    expect(outcome.localConnectionString).toMatchObject({ status: "written", path: join(cwd, ".env.staging") });
    expect(outcome.localConnectionString?.message).toBe(`Set ${VARIABLE} in .env.staging for wrangler dev --env staging.`);
    expect(await readFile(join(cwd, ".env.staging"), "utf8")).toBe(`${VARIABLE}='${LOCAL}'\n`);
    expect(await readFile(join(cwd, ".env"), "utf8")).toBe(`${VARIABLE}='postgres://dev:${OTHER_PASSWORD}@localhost/top'\n`);
    expect(outcome.localDev).toMatchObject({ source: "file", path: join(cwd, ".env.staging") });
  });

  it("with --env, names the shell and .env.<env>.local, also when the line was already there", async () => {
    const { cwd } = await project("commented.toml", "wrangler.toml");
    await applyBinding(request(cwd, { env: "staging", updateConfig: true, localConnectionString: LOCAL }));
    for (const name of [".env", ".env.local", ".env.staging.local", ".env.production"]) {
      await writeFile(join(cwd, name), `export ${VARIABLE}=postgres://dev:${OTHER_PASSWORD}@localhost/other\n`);
    }
    const outcome = await applyBinding(
      request(cwd, { env: "staging", updateConfig: true, localConnectionString: LOCAL, processEnv: { [VARIABLE]: `x${OTHER_PASSWORD}` } }),
      { isGitIgnored: () => Promise.resolve("ignored") },
    );
    expect(outcome.localConnectionString).toMatchObject({
      status: "unchanged",
      shadowedBy: ["environment", join(cwd, ".env.staging.local")],
    });
    expect(outcome.localConnectionString?.message).toBe(
      `Kept ${VARIABLE} in .env.staging for wrangler dev --env staging. Warning: your shell's environment and .env.staging.local ` +
        `also define ${VARIABLE} and win over .env.staging, so wrangler dev will not use the value in .env.staging.`,
    );
    expect(JSON.stringify(outcome)).not.toContain(OTHER_PASSWORD);
  });

  it("is not saved when the binding did not make it into the config", async () => {
    const { cwd } = await project("commented.toml", "wrangler.toml");
    const outcome = await applyBinding(request(cwd, { localConnectionString: LOCAL }));
    expect(outcome.status).toBe("skipped");
    expect(outcome.localConnectionString).toEqual({
      status: "skipped",
      variable: "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE",
      message: "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE was not saved: the binding is not in a config file.",
    });
    await expect(stat(join(cwd, ".env"))).rejects.toThrow(/ENOENT/);
  });

  it("a value .env cannot hold: failed without the value in the message", async () => {
    const { cwd } = await project("commented.toml", "wrangler.toml");
    const outcome = await applyBinding(request(cwd, { updateConfig: true, localConnectionString: `postgres://u:${PASSWORD}\\x@h/db` }), {
      isGitIgnored: () => Promise.resolve("unknown"),
    });
    expect(outcome.status).toBe("written");
    expect(outcome.localConnectionString?.status).toBe("failed");
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD);
  });
});

describe("applyBinding: progress (what a Ctrl-C at each point would leave)", () => {
  it("told before the config is replaced, once it holds the binding, before the .env line, and once it is saved", async () => {
    const { cwd, path, original } = await project("c3-template.jsonc", "wrangler.jsonc");
    const seen: Array<{ step: string; config: string; dotenv: boolean }> = [];
    const outcome = await applyBinding(request(cwd, { binding: "HYPERDRIVE", localConnectionString: LOCAL }), {
      progress: async (p) => {
        const dotenv = await readFile(join(cwd, ".env"), "utf8").then((t) => t.includes(VARIABLE), () => false);
        seen.push({ step: `${p.step} ${p.binding}${"dotenv" in p ? ` ${p.dotenv}` : ""}${"saving" in p ? ` saving=${p.saving}` : ""}`, config: await readFile(path, "utf8"), dotenv });
      },
    });
    expect(outcome.status).toBe("written");
    const bound = await readFile(path, "utf8");
    expect(bound).toContain(ID);
    expect(seen).toEqual([
      { step: "writing-config HYPERDRIVE", config: original, dotenv: false },
      { step: "bound HYPERDRIVE .env saving=true", config: bound, dotenv: false },
      { step: "writing-dotenv HYPERDRIVE .env", config: bound, dotenv: false },
      { step: "saved HYPERDRIVE .env", config: bound, dotenv: true },
    ]);
  });

  it("a declined question: no step at all (nothing was written)", async () => {
    const { cwd } = await project("c3-template.jsonc", "wrangler.jsonc");
    const steps: string[] = [];
    await applyBinding(request(cwd), { prompter: scriptedPrompter(false), progress: (p) => void steps.push(p.step) });
    expect(steps).toEqual([]);
  });
});
