#!/usr/bin/env node
// Compares builds of hyperdrive, interleaved, to tell a change of a few milliseconds from the noise of a shared machine:
// each round runs every command once with every build, in a fresh random order. Prints the medians and each build's
// difference from the first. Asserts nothing. docs/startup.md says what it was used for.
//
//   node scripts/bench-compare.mjs [--runs N] DIR DIR…     (each DIR a checkout with bin/ and a built dist/)
//
// One emulator (from the first DIR) on loopback serves every build, with 25 configs, as in scripts/bench.mjs.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
let runs = 40;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--runs") runs = Number(args[++i]);
  else dirs.push(resolve(args[i]));
}
if (dirs.length < 1 || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write("usage: node scripts/bench-compare.mjs [--runs N] DIR DIR…\n");
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "hyperdrive-compare-"));
const env = { PATH: process.env.PATH, HOME: work, CI: "true", NO_COLOR: "1" };
const bin = (dir) => join(dir, "bin", "hyperdrive.js");

function run(argv, extraEnv = {}) {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd: work, env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    child.on("error", fail);
    child.on("close", (code) => (code === 0 ? done({ ms: performance.now() - started, out }) : fail(new Error(`${argv.join(" ")}: exit ${code}\n${err}`))));
  });
}

const emulator = spawn(process.execPath, [bin(dirs[0]), "emulator", "--port", "0", "--json", "--skip-origin-check", "--quiet"], { cwd: work, env, stdio: ["ignore", "pipe", "inherit"] });
try {
  const info = await new Promise((done, fail) => {
    let out = "";
    emulator.on("exit", (code) => fail(new Error(`the emulator exited with ${code}`)));
    emulator.stdout.on("data", (c) => {
      out += c;
      try {
        done(JSON.parse(out));
      } catch {
        // not all of it yet
      }
    });
  });
  const apiEnv = { CLOUDFLARE_API_BASE_URL: info.url, CLOUDFLARE_API_TOKEN: info.token, CLOUDFLARE_ACCOUNT_ID: info.account_id };
  for (let i = 0; i < 25; i++) {
    const res = await fetch(`${info.url}/accounts/${info.account_id}/hyperdrive/configs`, {
      method: "POST",
      headers: { authorization: `Bearer ${info.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: `seed-${i}`, origin: { scheme: "postgres", host: "db.example.com", port: 5432, database: "app", user: "app", password: "secret" } }),
    });
    if (!res.ok) throw new Error(`seeding: HTTP ${res.status}`);
  }

  const commands = [
    { label: "--version", argv: ["--version"] },
    { label: "--help", argv: ["--help"] },
    { label: "list --json", argv: ["list", "--json"], env: apiEnv },
    { label: "get <name>", argv: ["get", "seed-7"], env: apiEnv },
    // Shell completion's Tab, from the name cache the list and get runs above keep (bench.mjs's "a Tab" row).
    { label: "a Tab", argv: ["complete", "--", "get", ""], env: apiEnv },
  ];
  const times = commands.map(() => dirs.map(() => []));
  const reference = [];
  for (let round = -1; round < runs; round++) {
    reference.push((await run([process.execPath, "-e", "0"])).ms);
    for (const [c, command] of commands.entries()) {
      const order = dirs.map((_, d) => d).sort(() => Math.random() - 0.5);
      for (const d of order) {
        const { ms } = await run([process.execPath, bin(dirs[d]), ...command.argv], command.env);
        if (round >= 0) times[c][d].push(ms);
      }
    }
    process.stderr.write(round < 0 ? "warm-up " : ".");
  }
  process.stderr.write("\n");
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const fmt = (n) => n.toFixed(1).padStart(7);
  console.log(`${runs} interleaved runs; node -e 0: median ${median(reference.slice(1)).toFixed(1)} ms`);
  console.log(`${"command".padEnd(14)}${dirs.map((d, i) => `  [${i}] median`.padStart(14) + (i ? "      Δ" : "")).join("")}`);
  for (const [c, command] of commands.entries()) {
    const m = times[c].map(median);
    console.log(`${command.label.padEnd(14)}${m.map((x, i) => `${fmt(x)} ms`.padStart(14) + (i ? `${(x - m[0] >= 0 ? "+" : "") + (x - m[0]).toFixed(1)}`.padStart(7) : "")).join("")}`);
  }
  dirs.forEach((d, i) => console.log(`[${i}] ${d}`));
} finally {
  emulator.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
