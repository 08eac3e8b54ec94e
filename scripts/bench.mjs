#!/usr/bin/env node
// `npm run bench`: how fast hyperdrive starts and answers, next to the bare-Node floor and to wrangler, measured in
// the same run against the emulator as a child process on loopback. Prints its figures; asserts nothing.
// The floor is scripts/bench-floor.mjs; the same program as CommonJS (written into the scratch folder from it, which
// spares Node's ES module loader) is shown for information, and so is `list --json` without the launcher's code cache
// (NODE_DISABLE_COMPILE_CACHE=1: what the first run of a build, or a home that cannot be written, costs).
//
//   node scripts/bench.mjs [--runs N] [--scale-runs N]
//
//   --runs N        timed runs of each command in the main table, round-robin after one warm-up round (default 10)
//   --scale-runs N  timed runs of `list --json` at each size of the scaling run (default 5)
//
// Wall time: from spawn to the child's exit with its output read. Peak RSS: each process reports its own getrusage
// maximum when it exits (scripts/bench-rss.cjs, preloaded through NODE_OPTIONS; it agrees with GNU time's %M). The
// preload adds 2-3 ms to a run, so it is used only in RSS_RUNS separate runs of each command, not in the timed ones.
// wrangler's launcher runs its CLI in a second process; the larger of the two is reported, as GNU time would.
// Requests: counted from the emulator's request log. wrangler 4.164 on its Node 24 (`node scripts/test-tools.mjs
// --install wrangler` puts them in the cache) runs with a throwaway HOME, metrics off, its banner hidden and the npm
// registry pointed at a closed loopback port. Every process gets the same small environment (no NODE_OPTIONS, no NODE_EXTRA_CA_CERTS).
import { verdict } from "./bench-verdict.mjs";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { findTool } from "./test-tools.mjs";

const projectDir = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = join(projectDir, "bin", "hyperdrive.js");
const FLOOR = join(projectDir, "scripts", "bench-floor.mjs");
const EMPTY_MODULE = join(projectDir, "scripts", "bench-empty.mjs");
const RSS_PRELOAD = join(projectDir, "scripts", "bench-rss.cjs");
const wranglerTool = findTool("wrangler");
const CHILD_TIMEOUT_MS = 60_000;
const RSS_RUNS = 3;
const SEED_CONCURRENCY = 8;
// The sizes, plus 5,000 so that linearity is judged on two spans of 40 and 50 pages: the first pages of a run
// pay for compiling the code (JIT), and the step from 1 to 10 pages is too small to tell a slope from noise.
const SCALE_SIZES = [100, 1_000, 5_000, 10_000];
const CONNECTION = "postgres://app:secret@db.example.com:5432/app";
const FLOOR_LABEL = "floor: node:http GET, print JSON";
const FLOOR_CJS_LABEL = "the floor as CommonJS (information)";
const NO_CODE_CACHE_LABEL = "list --json without the code cache (information)";

function intOption(name, fallback) {
  const at = process.argv.indexOf(name);
  if (at === -1) return fallback;
  const n = Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    console.error(`${name} takes a whole number from 1 to 100`);
    process.exit(2);
  }
  return n;
}
const RUNS = intOption("--runs", 10);
const SCALE_RUNS = intOption("--scale-runs", 5);

const work = mkdtempSync(join(tmpdir(), "hyperdrive-bench-"));
const FLOOR_CJS = join(work, "bench-floor.cjs");
const floorImport = 'import { request } from "node:http";';
const floorText = readFileSync(FLOOR, "utf8");
if (!floorText.includes(floorImport)) throw new Error(`${FLOOR} no longer starts with ${floorImport}: update the CommonJS copy in ${process.argv[1]}`);
writeFileSync(FLOOR_CJS, floorText.replace(floorImport, 'const { request } = require("node:http");'));
const baseEnv = {
  PATH: process.env.PATH,
  HOME: work,
  XDG_CONFIG_HOME: join(work, "config"),
  WRANGLER_LOG_PATH: join(work, "logs"),
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CI: "true",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
  npm_config_registry: "http://127.0.0.1:9/",
};

// Every child process, so that an interrupted run leaves none behind.
const live = new Set();
function track(child) {
  live.add(child);
  child.on("exit", () => live.delete(child));
  return child;
}
function cleanUp() {
  for (const child of live) child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The emulator and plain HTTP calls to it

const agent = new Agent({ keepAlive: true, maxSockets: SEED_CONCURRENCY });

function http(method, url, token, body) {
  return new Promise((resolve, reject) => {
    const headers = { accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
    if (body !== undefined) headers["content-type"] = "application/json";
    const req = request(url, { method, headers, agent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, json: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", reject);
    req.setTimeout(CHILD_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** `hyperdrive emulator` as a child process, logging one line per request on stderr (counted here). */
function startEmulator(maxConfigs) {
  const child = track(
    spawn(process.execPath, [BIN, "emulator", "--port", "0", "--json", "--skip-origin-check", "--max-configs", String(maxConfigs)], {
      cwd: work,
      env: baseEnv,
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let requests = 0;
  let counted = 0;
  let marks = 0;
  const markWaiters = new Map();
  let pending = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop();
    for (const line of lines) {
      const mark = /^GET \/client\/v4\/bench-mark\/(\d+) /.exec(line);
      if (mark) markWaiters.get(Number(mark[1]))?.(requests);
      else if (/^[A-Z]+ \/\S* \d+ \d+ms/.test(line)) requests++;
    }
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("the emulator did not start within 15 s")), 15_000);
    // Once started, a rejection is a no-op: a later exit is seen by the next request to it.
    child.on("exit", (code) => reject(new Error(`the emulator exited with ${code}`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      let info;
      try {
        info = JSON.parse(out);
      } catch {
        return;
      }
      clearTimeout(timer);
      const emulator = {
        url: info.url,
        env: { CLOUDFLARE_API_BASE_URL: info.url, CLOUDFLARE_API_TOKEN: info.token, CLOUDFLARE_ACCOUNT_ID: info.account_id },
        api: (method, path, body) => http(method, `${info.url}/accounts/${info.account_id}${path}`, info.token, body),
        /** Requests the emulator logged since the previous call (a marker request, not counted, orders the log). */
        async requestsSinceLastCall() {
          const mark = ++marks;
          let timer;
          const logged = new Promise((done, fail) => {
            markWaiters.set(mark, done);
            timer = setTimeout(() => fail(new Error("the emulator did not log a request within 15 s")), 15_000);
          });
          await http("GET", `${info.url}/bench-mark/${mark}`);
          const total = await logged.finally(() => clearTimeout(timer));
          markWaiters.delete(mark);
          const since = total - counted;
          counted = total;
          return since;
        },
        stop() {
          return new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          });
        },
      };
      resolve(emulator);
    });
  });
}

/** Creates configs `seed-<from>` … `seed-<to - 1>` directly through the API, SEED_CONCURRENCY at a time. */
async function seed(emulator, from, to) {
  let next = from;
  const ids = [];
  const worker = async () => {
    while (next < to) {
      const i = next++;
      const origin = { scheme: "postgres", host: "db.example.com", port: 5432, database: "app", user: "app", password: "secret" };
      const res = await emulator.api("POST", "/hyperdrive/configs", { name: `seed-${i}`, origin });
      if (res.status !== 200) throw new Error(`creating seed-${i}: HTTP ${res.status} ${JSON.stringify(res.json?.errors)}`);
      ids[i - from] = res.json.result.id;
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  return ids;
}

// ---------------------------------------------------------------------------------------------------------------
// One run of a command

let runSeq = 0;

/**
 * Runs argv to its end: wall time in ms and stdout, or with `rss` (an untimed run) the peak RSS in KiB of its largest
 * process. A failed run throws.
 */
function measure(argv, env, { rss = false } = {}) {
  const rssFile = rss ? join(work, `rss-${++runSeq}`) : undefined;
  const rssEnv = rss ? { NODE_OPTIONS: `--require ${JSON.stringify(RSS_PRELOAD)}`, HYPERDRIVE_BENCH_RSS: rssFile } : {};
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = track(spawn(argv[0], argv.slice(1), { cwd: work, env: { ...env, ...rssEnv }, stdio: ["ignore", "pipe", "pipe"] }));
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      const shown = argv.slice(1).join(" ");
      if (code !== 0) return reject(new Error(`${shown} exited with ${code ?? signal}:\n${stderr}${stdout}`));
      if (!rss) return resolve({ ms, stdout });
      try {
        const kib = Math.max(...readFileSync(rssFile, "utf8").trim().split("\n").map(Number));
        rmSync(rssFile);
        resolve({ rss: kib, stdout });
      } catch {
        reject(new Error(`${shown} reported no peak RSS`));
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs, digits = 0) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
const mib = (kib) => kib / 1024;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

/** Figures from timed runs (ms, requests) and RSS runs. */
function summary(timed, rssRuns) {
  const ms = timed.map((s) => s.ms);
  const rss = rssRuns.map((s) => mib(s.rss));
  const requests = timed.map((s) => s.requests);
  return {
    ms: median(ms),
    msSpread: spread(ms),
    rss: median(rss),
    rssSpread: spread(rss, 1),
    requests: Math.min(...requests) === Math.max(...requests) ? String(requests[0]) : spread(requests),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The main table

async function mainTable(hasWrangler) {
  const emulator = await startEmulator(50);
  const env = { ...baseEnv, ...emulator.env };
  const ids = await seed(emulator, 0, 25);
  const ours = (...args) => [process.execPath, BIN, ...args];
  const wrangler = (...args) => [wranglerTool.node, wranglerTool.bin, ...args];
  const expect = (ok, what) => (stdout) => {
    if (!ok(stdout)) throw new Error(`unexpected output of ${what}:\n${stdout.slice(0, 500)}`);
  };
  let created = 0;
  const commands = [
    { label: "node -e 0", argv: () => [process.execPath, "-e", "0"] },
    { label: "node <an empty ES module>", base: "node -e 0", argv: () => [process.execPath, EMPTY_MODULE] },
    { label: "hyperdrive --version", base: "node -e 0", argv: () => ours("--version"), check: expect((o) => /^\d+\.\d+\.\d+/.test(o), "--version") },
    { label: "hyperdrive --help", base: "node -e 0", argv: () => ours("--help"), check: expect((o) => o.includes("Usage: hyperdrive"), "--help") },
    // A Tab in a shell with hyperdrive's completion script: the config names the list --json runs cached.
    { label: "a Tab: hyperdrive complete -- get ''", base: "node -e 0", argv: () => ours("complete", "--", "get", ""), check: expect((o) => o.endsWith(":4\n"), "complete --") },
    { label: FLOOR_LABEL, argv: () => [process.execPath, FLOOR], check: expect((o) => JSON.parse(o).length === 25, "the floor") },
    { label: FLOOR_CJS_LABEL, base: FLOOR_LABEL, argv: () => [process.execPath, FLOOR_CJS], check: expect((o) => JSON.parse(o).length === 25, "the CommonJS floor") },
    { label: "hyperdrive list --json", base: FLOOR_LABEL, argv: () => ours("list", "--json"), check: expect((o) => JSON.parse(o).length === 25, "list --json") },
    { label: "hyperdrive get <name>", base: FLOOR_LABEL, argv: () => ours("get", "seed-7"), check: expect((o) => o.includes(ids[7]), "get") },
    // A start that compiles dist/cli.cjs from its source: the first run of a build, or a cache folder that cannot be written.
    {
      label: NO_CODE_CACHE_LABEL,
      base: FLOOR_LABEL,
      argv: () => ours("list", "--json"),
      env: { NODE_DISABLE_COMPILE_CACHE: "1" },
      check: expect((o) => JSON.parse(o).length === 25, "list --json without the code cache"),
    },
    {
      label: "hyperdrive create … --json",
      base: FLOOR_LABEL,
      argv: () => ours("create", `bench-${++created}`, "--connection-string", CONNECTION, "--json"),
      check: expect((o) => /^[0-9a-f]{32}$/.test(JSON.parse(o).id), "create --json"),
      // Keeps the account at 25 configs for the other commands (untimed).
      after: async (stdout) => {
        const res = await emulator.api("DELETE", `/hyperdrive/configs/${JSON.parse(stdout).id}`);
        if (res.status !== 200) throw new Error(`deleting a created config: HTTP ${res.status}`);
      },
    },
    {
      label: "hyperdrive update <id> --max-age 30 --json",
      base: FLOOR_LABEL,
      argv: () => ours("update", ids[0], "--max-age", "30", "--json"),
      check: expect((o) => JSON.parse(o).caching?.max_age === 30, "update --json"),
    },
  ];
  if (hasWrangler) {
    commands.push(
      { label: "wrangler --version", base: "hyperdrive --version", argv: () => wrangler("--version"), check: expect((o) => /\d+\.\d+\.\d+/.test(o), "wrangler --version") },
      { label: "wrangler hyperdrive list", base: "hyperdrive list --json", argv: () => wrangler("hyperdrive", "list"), check: expect((o) => o.includes("seed-24"), "wrangler hyperdrive list") },
      { label: "wrangler hyperdrive get <id>", base: "hyperdrive get <name>", argv: () => wrangler("hyperdrive", "get", ids[7]), check: expect((o) => o.includes(ids[7]), "wrangler hyperdrive get") },
    );
  }

  const timed = new Map(commands.map((c) => [c.label, []]));
  const rssRuns = new Map(commands.map((c) => [c.label, []]));
  try {
    await emulator.requestsSinceLastCall();
    // Round 0 warms the disk cache and is not counted, then come the timed rounds and the RSS rounds. Each round runs
    // every command once, in turn.
    for (let round = 0; round <= RUNS + RSS_RUNS; round++) {
      const rss = round > RUNS;
      process.stderr.write(round === 0 ? "warm-up round " : rss ? `RSS round ${round - RUNS}/${RSS_RUNS} ` : `round ${round}/${RUNS} `);
      for (const command of commands) {
        const run = await measure(command.argv(), { ...env, ...command.env }, { rss });
        run.requests = await emulator.requestsSinceLastCall();
        command.check?.(run.stdout);
        await command.after?.(run.stdout);
        if (command.after) await emulator.requestsSinceLastCall();
        if (round > 0) (rss ? rssRuns : timed).get(command.label).push(run);
        process.stderr.write(".");
      }
      process.stderr.write("\n");
    }
  } finally {
    await emulator.stop();
  }

  const figures = new Map(commands.map((c) => [c.label, summary(timed.get(c.label), rssRuns.get(c.label))]));
  const width = Math.max(...commands.map((c) => c.label.length)) + 2;
  console.log(
    `${pad("command", width)}${lpad("median ms", 10)}${lpad("min–max", 12)}${lpad("RSS MiB", 9)}${lpad("min–max", 13)}${lpad("requests", 10)}   ratio (median ms)`,
  );
  for (const c of commands) {
    const f = figures.get(c.label);
    const ratio = c.base ? `${(f.ms / figures.get(c.base).ms).toFixed(2)}× ${c.base === FLOOR_LABEL ? "floor" : c.base}` : "";
    console.log(
      `${pad(c.label, width)}${lpad(f.ms.toFixed(0), 10)}${lpad(f.msSpread, 12)}${lpad(f.rss.toFixed(1), 9)}${lpad(f.rssSpread, 13)}${lpad(f.requests, 10)}   ${ratio}`,
    );
  }
  return figures;
}

function targets(f, hasWrangler) {
  const rows = [
    ["list --json / floor, wall time", f.get("hyperdrive list --json").ms / f.get(FLOOR_LABEL).ms, "≤", 1.5],
    ["get <name> / floor, wall time", f.get("hyperdrive get <name>").ms / f.get(FLOOR_LABEL).ms, "≤", 1.5],
    ["--version / node -e 0, wall time", f.get("hyperdrive --version").ms / f.get("node -e 0").ms, "≤", 1.3],
    ["--help / node -e 0, wall time", f.get("hyperdrive --help").ms / f.get("node -e 0").ms, "≤", 1.3],
    ["list --json / floor, peak RSS", f.get("hyperdrive list --json").rss / f.get(FLOOR_LABEL).rss, "≤", 1.5],
  ];
  if (hasWrangler) {
    rows.push(
      ["wrangler hyperdrive list / list --json", f.get("wrangler hyperdrive list").ms / f.get("hyperdrive list --json").ms, "≥", 8],
      ["wrangler hyperdrive get / get <name>", f.get("wrangler hyperdrive get <id>").ms / f.get("hyperdrive get <name>").ms, "≥", 8],
    );
  }
  console.log("\nTargets (issue 7), ratios of medians from this run:");
  for (const [what, value, op, limit] of rows) {
    const { shown, met } = verdict(value, op, limit);
    console.log(`  ${pad(what, 42)}${lpad(shown, 6)}×   target ${op} ${limit}×   ${met ? "met" : "NOT met"}`);
  }
  const strict = f.get("hyperdrive list --json").ms / f.get(FLOOR_CJS_LABEL).ms;
  console.log(`  (information: list --json / the floor as CommonJS${lpad(strict.toFixed(2), 8)}×)`);
}

// ---------------------------------------------------------------------------------------------------------------
// The scaling run: list --json over more and more configs

async function scaling() {
  const emulator = await startEmulator(Math.max(...SCALE_SIZES));
  const env = { ...baseEnv, ...emulator.env };
  const rows = [];
  try {
    let have = 0;
    for (const size of SCALE_SIZES) {
      const seedStart = performance.now();
      await seed(emulator, have, size);
      process.stderr.write(`seeded ${size - have} configs in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; `);
      have = size;
      await emulator.requestsSinceLastCall();
      const timed = [];
      const rssRuns = [];
      for (let i = 0; i < SCALE_RUNS + RSS_RUNS; i++) {
        const rss = i >= SCALE_RUNS;
        const run = await measure([process.execPath, BIN, "list", "--json"], env, { rss });
        run.requests = await emulator.requestsSinceLastCall();
        if (JSON.parse(run.stdout).length !== size) throw new Error(`list --json did not list ${size} configs`);
        (rss ? rssRuns : timed).push(run);
      }
      process.stderr.write(`measured list --json over ${size}\n`);
      rows.push({ size, pages: Math.ceil(size / 100), ...summary(timed, rssRuns) });
    }
  } finally {
    await emulator.stop();
  }

  console.log(`\nScaling: hyperdrive list --json, ${SCALE_RUNS} timed and ${RSS_RUNS} RSS runs at each size (100 configs a page)`);
  console.log(`${pad("configs", 9)}${lpad("pages", 6)}${lpad("requests", 10)}${lpad("median ms", 11)}${lpad("min–max", 12)}${lpad("RSS MiB", 9)}${lpad("min–max", 13)}${lpad("ms per added page", 19)}`);
  for (const [i, r] of rows.entries()) {
    const perPage = i === 0 ? "" : ((r.ms - rows[i - 1].ms) / (r.pages - rows[i - 1].pages)).toFixed(2);
    console.log(
      `${pad(r.size, 9)}${lpad(r.pages, 6)}${lpad(r.requests, 10)}${lpad(r.ms.toFixed(0), 11)}${lpad(r.msSpread, 12)}${lpad(r.rss.toFixed(1), 9)}${lpad(r.rssSpread, 13)}${lpad(perPage, 19)}`,
    );
  }
  // Linear in pages: a page costs no more from 50 to 100 pages than from 10 to 50.
  const [, b, c, d] = rows;
  const early = (c.ms - b.ms) / (c.pages - b.pages);
  const late = (d.ms - c.ms) / (d.pages - c.pages);
  const verdict = late <= early * 1.5 ? "linear (a page costs no more late than early)" : "NOT linear (later pages cost more)";
  console.log(`Time in pages: ${verdict}; ${late.toFixed(2)} ms a page from ${c.pages} to ${d.pages} pages, ${early.toFixed(2)} ms from ${b.pages} to ${c.pages}.`);
}

// ---------------------------------------------------------------------------------------------------------------

const startedAt = performance.now();
try {
  const wranglerVersion = wranglerTool.ok ? wranglerTool.version : undefined;
  const cpu = cpus();
  console.log(`hyperdrive benchmark: Node ${process.version}, ${process.platform} ${process.arch}, ${cpu.length} × ${cpu[0]?.model.trim()}`);
  console.log(
    `${RUNS} timed runs of each command, round-robin after a warm-up round, then ${RSS_RUNS} runs for peak RSS; emulator child process on loopback, --skip-origin-check, 25 configs.`,
  );
  console.log(
    wranglerVersion
      ? `wrangler ${wranglerVersion} on Node ${wranglerTool.nodeVersion} from ${wranglerTool.dir}.`
      : `${wranglerTool.reason} Its rows are skipped.`,
  );
  console.log("");
  const figures = await mainTable(Boolean(wranglerVersion));
  targets(figures, Boolean(wranglerVersion));
  await scaling();
  console.log(`\nBenchmark took ${((performance.now() - startedAt) / 1000).toFixed(0)} s.`);
} catch (error) {
  console.error(`\nThe benchmark stopped: ${error.message}`);
  process.exitCode = 1;
} finally {
  agent.destroy();
  cleanUp();
}
