// The README's CI recipe, run as written: the `hyperdrive …` steps of its GitHub Actions workflow and its committed
// wrangler.jsonc are read from the README (so the two cannot drift apart), the workflow's `${{ … }}` values are given
// by this test (the emulator's token and account, a throwaway PostgreSQL as the preview database, pull request 42),
// and each job runs twice in a row: a second push must send no POST and no PATCH, a second teardown no DELETE, and
// every command exits 0. Each step runs through bash, as the runner does, with `hyperdrive` on PATH.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startPostgres, type TestDatabase } from "../support/databases";
import { makeFixtureSet } from "../support/pki";
import { BIN, SECRETS, startEmulatorProcess, TEST_CACHE_HOME, url, type RunningEmulator } from "./support";

const README = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");

/** The fenced block whose first line is `first`. */
function block(lang: string, first: string): string {
  const start = README.indexOf(`\`\`\`${lang}\n${first}\n`);
  if (start === -1) throw new Error(`README: no \`\`\`${lang} block starting with ${first}`);
  const body = start + lang.length + 4;
  return README.slice(body, README.indexOf("\n```", body));
}

interface Workflow {
  /** Each job's `run:` commands, in order. */
  jobs: Map<string, string[]>;
  /** `NAME: ${{ expression }}` entries of every env: block. */
  env: Map<string, string>;
}

/** Enough of the workflow's YAML for this test: jobs (two-space keys under `jobs:`), their one-line `run:` steps, env entries. */
export function readWorkflow(yaml: string): Workflow {
  const jobs = new Map<string, string[]>();
  const env = new Map<string, string>();
  let inJobs = false;
  let job: string | undefined;
  for (const line of yaml.split("\n")) {
    if (/^jobs:\s*$/.test(line)) inJobs = true;
    else if (/^\S/.test(line)) inJobs = false;
    const header = inJobs ? /^ {2}([\w-]+):\s*$/.exec(line) : null;
    if (header) jobs.set((job = header[1]), []);
    const run = /^\s+(?:- )?run: (.+)$/.exec(line);
    if (run && job) {
      if (run[1].trim() === "|" || run[1].trim() === ">") throw new Error(`README workflow: multi-line run in job ${job}; keep each step one line`);
      jobs.get(job)!.push(run[1].trim());
    }
    const variable = /^\s+([A-Z][A-Z0-9_]*): \$\{\{ (.+?) \}\}\s*$/.exec(line);
    if (variable) env.set(variable[1], variable[2]);
  }
  return { jobs, env };
}

const WORKFLOW = readWorkflow(block("yaml", "# .github/workflows/preview.yml"));
const COMMITTED = block("jsonc", "// wrangler.jsonc (committed)");

let emu: RunningEmulator;
let pg: TestDatabase;
let dir: string;
let bin: string;

beforeAll(async () => {
  const fixtures = await makeFixtureSet();
  [pg, emu] = await Promise.all([
    startPostgres({ tls: { certPem: fixtures.serverChain.content, keyPem: fixtures.server.keyPem, caPem: fixtures.rootCa.certPem } }),
    startEmulatorProcess(["--allow-private-origins"]),
  ]);
  SECRETS.add(pg.password);
  SECRETS.add(emu.env.CLOUDFLARE_API_TOKEN);
  dir = mkdtempSync(join(tmpdir(), "hd-ci-recipe-"));
  bin = mkdtempSync(join(tmpdir(), "hd-ci-bin-"));
  writeFileSync(join(bin, "hyperdrive"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(join(bin, "hyperdrive"), 0o755);
}, 180_000);

afterAll(async () => {
  await Promise.all([pg?.stop(), emu?.stop()]);
  for (const d of [dir, bin]) if (d) rmSync(d, { recursive: true, force: true });
});

/** What the runner would put in the environment for each `${{ … }}` of the workflow. */
function githubValues(): Record<string, string> {
  const values: Record<string, string> = {
    "secrets.CLOUDFLARE_API_TOKEN": emu.env.CLOUDFLARE_API_TOKEN,
    "secrets.CLOUDFLARE_ACCOUNT_ID": emu.env.CLOUDFLARE_ACCOUNT_ID,
    "secrets.PREVIEW_DATABASE_URL": url("postgres", pg),
    "github.event.pull_request.number": "42",
  };
  const env: Record<string, string> = {};
  for (const [name, expression] of WORKFLOW.env) {
    if (!(expression in values)) throw new Error(`README workflow: ${name} uses \${{ ${expression} }}, which this test does not provide`);
    env[name] = values[expression];
  }
  return env;
}

interface Step {
  command: string;
  code: number;
  stdout: string;
  stderr: string;
  /** The requests of the trace (HYPERDRIVE_LOG=debug): `METHOD /path`. */
  requests: string[];
}

function step(command: string): Promise<Step> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-e", "-o", "pipefail", "-c", command], {
      cwd: dir,
      env: {
        PATH: `${bin}:${process.env.PATH ?? ""}`,
        HOME: process.env.HOME ?? "/root",
        XDG_CACHE_HOME: TEST_CACHE_HOME,
        CI: "true",
        GITHUB_ACTIONS: "true",
        NO_COLOR: "1",
        HYPERDRIVE_LOG: "debug",
        CLOUDFLARE_API_BASE_URL: emu.url,
        ...githubValues(),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      for (const secret of SECRETS) expect(stdout + stderr, command).not.toContain(secret);
      const requests = [...stderr.matchAll(/\[debug\] (GET|POST|PATCH|PUT|DELETE) (\S+) →/g)].map((m) => `${m[1]} ${m[2].split("?")[0]}`);
      resolve({ command, code: code ?? -1, stdout, stderr, requests });
    });
  });
}

/** A job as the runner would run it from a fresh checkout: its hyperdrive steps in order (the others need npm or Cloudflare). */
async function runJob(name: string): Promise<Step[]> {
  writeFileSync(join(dir, "wrangler.jsonc"), `${COMMITTED}\n`);
  const steps: Step[] = [];
  for (const command of WORKFLOW.jobs.get(name) ?? []) {
    if (!command.startsWith("hyperdrive ")) {
      expect(command, "a step that runs hyperdrive among other commands would be skipped here").not.toMatch(/\bhyperdrive\b/);
      continue;
    }
    const s = await step(command);
    expect(s.code, `${command}\n${s.stdout}\n${s.stderr}`).toBe(0);
    steps.push(s);
  }
  return steps;
}

const writes = (steps: Step[]) => steps.flatMap((s) => s.requests.filter((r) => !r.startsWith("GET ")));

describe("the README's CI recipe against the emulator", () => {
  it("the workflow has the jobs and steps the README describes", () => {
    expect([...WORKFLOW.jobs.keys()]).toEqual(["preview", "teardown"]);
    const hyperdrive = (job: string) => WORKFLOW.jobs.get(job)!.filter((c) => c.startsWith("hyperdrive ")).map((c) => c.split(" ").slice(0, 2).join(" "));
    expect(hyperdrive("preview")).toEqual(["hyperdrive apply", "hyperdrive check"]);
    expect(hyperdrive("teardown")).toEqual(["hyperdrive delete"]);
    expect(WORKFLOW.jobs.get("preview")!.join("\n")).toContain("env:PREVIEW_DATABASE_URL");
    expect(WORKFLOW.jobs.get("teardown")!.join("\n")).toContain("--missing-ok");
  });

  it("preview twice (the second push sends no POST or PATCH), then teardown twice (the second deletes nothing)", async () => {
    const first = await runJob("preview");
    expect(writes(first)).toEqual([expect.stringMatching(/^POST \/client\/v4\/accounts\/[0-9a-f]{32}\/hyperdrive\/configs$/)]);
    const [apply, check] = first;
    expect(apply.stdout).toMatch(/✔ Created Hyperdrive PostgreSQL config 'pr-42-db': [0-9a-f]{32}/);
    const id = /config 'pr-42-db': ([0-9a-f]{32})/.exec(apply.stdout)![1];
    const bound = readFileSync(join(dir, "wrangler.jsonc"), "utf8");
    expect(bound).toBe(`${COMMITTED}\n`.replace("<PREVIEW_HYPERDRIVE_ID>", id));
    expect(check.stdout).toMatch(new RegExp(`^preview\\s+HYPERDRIVE\\s+${id}\\s+✔ ok\\s+pr-42-db\\s+127\\.0\\.0\\.1:${pg.port}/${pg.database}\\s+PostgreSQL$`, "m"));
    expect(check.stdout).toContain("✔ The binding is ready to deploy.");
    // check answers the binding with one list request, and looks nothing up per binding.
    expect(check.requests).toEqual([expect.stringMatching(/^GET \/client\/v4\/accounts\/[0-9a-f]{32}\/hyperdrive\/configs$/)]);

    const second = await runJob("preview");
    expect(writes(second)).toEqual([]);
    expect(second[0].stdout).toContain(`✔ Hyperdrive config 'pr-42-db' (${id}) already matches: nothing was sent`);
    expect(second[0].stdout).toContain("origin.password: not sent (write-only; --keep-secrets, and no other origin field differs)");
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(bound);
    expect(second[1].stdout).toContain("✔ The binding is ready to deploy.");

    const teardown = await runJob("teardown");
    expect(writes(teardown)).toEqual([expect.stringMatching(new RegExp(`^DELETE /client/v4/accounts/[0-9a-f]{32}/hyperdrive/configs/${id}$`))]);
    expect(teardown[0].stdout).toContain(`✔ Deleted Hyperdrive config 'pr-42-db' (${id})`);
    const again = await runJob("teardown");
    expect(writes(again)).toEqual([]);
    expect(again[0].stdout).toContain("• No Hyperdrive config 'pr-42-db' in the account: nothing to delete.");

    // After the teardown, the binding the first push wrote leads nowhere, and check says so.
    writeFileSync(join(dir, "wrangler.jsonc"), bound);
    const stale = await step("hyperdrive check --env preview --json");
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout).bindings[0]).toMatchObject({ id, status: "problem", problems: [{ code: "unknown-id" }] });
  }, 120_000);
});
