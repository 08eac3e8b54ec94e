#!/usr/bin/env node
// Launcher. `hyperdrive --version` alone is answered here, as commander would answer it, without loading the CLI
// (that costs about 20 ms, two thirds of Node's own start-up; scripts/bench.mjs). Otherwise: enable Node's on-disk
// compile cache where the runtime has it (Node 22.1+), then load the bundled CLI.
import module from "node:module";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  // require, not import: node:fs's ES module facade loads its streams. One write to file descriptor 1: setting up
  // process.stdout costs more than the rest of this branch.
  const { readFileSync, writeSync } = module.createRequire(import.meta.url)("node:fs");
  writeSync(1, `${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
} else {
  try {
    module.enableCompileCache?.();
  } catch {
    // The cache is an optimisation only.
  }
  await import("../dist/cli.js");
}
