// Runs several wrangler command lines in one Node process, one after another, so that wrangler's 15 MB bundle is
// loaded once instead of once per command line (about a second of CPU each). Each command line runs through wrangler's
// own `main(argv)` — the function its bin script starts — with its own working directory and environment, and its
// output and exit code are captured as a process's would be.
//
//   node wrangler-runner.cjs <wrangler-dist/cli.js> <cases.json>   prints one JSON line: [{ code, output }, …]
//
// cases.json: [{ args: string[], cwd: string, env: Record<string, string> }, …]. The bundle does not export `main`; this
// file compiles the bundle's text with one line added that exports it (the bundle's own code is unchanged). Node ≥ 22.12,
// as wrangler needs.
"use strict";
const Module = require("node:module");
const { readFileSync } = require("node:fs");
const { dirname } = require("node:path");

const [cli, casesFile] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesFile, "utf8"));

const bundle = new Module(cli, module);
bundle.filename = cli;
bundle.paths = Module._nodeModulePaths(dirname(cli));
// `require.main === module` is false for it, so the bundle does not start a command of its own on load.
bundle._compile(`${readFileSync(cli, "utf8")}\n;module.exports.__runWranglerMain = main;\n`, cli);
const runMain = bundle.exports.__runWranglerMain;

class ExitCalled extends Error {
  constructor(code) {
    super(`process.exit(${code})`);
    this.exitCode = code;
  }
}

async function runOne({ args, cwd, env }) {
  let output = "";
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const capture = (chunk, encoding, callback) => {
    output += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (typeof encoding === "function") encoding();
    else if (typeof callback === "function") callback();
    return true;
  };
  const exit = process.exit;
  process.env = { ...env };
  process.chdir(cwd);
  process.exitCode = undefined;
  process.stdout.write = capture;
  process.stderr.write = capture;
  process.exit = (code) => {
    throw new ExitCalled(code ?? process.exitCode ?? 0);
  };
  let code = 0;
  try {
    await runMain(args);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    // As wrangler's cli.ts: a FatalError's own code, else 1.
    code = error instanceof ExitCalled ? Number(error.exitCode) : typeof error?.code === "number" && error.code !== 0 ? error.code : 1;
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    process.exit = exit;
    process.exitCode = undefined;
  }
  return { code, output };
}

(async () => {
  const results = [];
  for (const c of cases) results.push(await runOne(c));
  process.stdout.write(`${JSON.stringify(results)}\n`);
  // wrangler may leave timers or sockets behind (metrics, keep-alive): end once the answers are out.
  process.exit(0);
})();
