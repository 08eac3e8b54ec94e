#!/usr/bin/env node
// Launcher. `hyperdrive --version` and `hyperdrive [command…] --help` are answered here, exactly as commander would
// answer them (the help texts are rendered at build time into dist/help.json), without loading the CLI: that costs
// about 20 ms, two thirds of Node's own start-up (scripts/bench.mjs). Otherwise: enable Node's on-disk compile cache
// where the runtime has it (Node 22.1+), then load the bundled CLI.
//
// Built-in modules come from process.getBuiltinModule (Node 20.16+): a static import of node:fs would load its
// streams, and node:module its source-map support. One write to file descriptor 1: setting up process.stdout costs
// more than the rest of these branches.
const args = process.argv.slice(2);
const last = args[args.length - 1];
const fs = () => process.getBuiltinModule("node:fs");
let answered = false;
if (args.length === 1 && (last === "--version" || last === "-v")) {
  const { readFileSync, writeSync } = fs();
  writeSync(1, `${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
  answered = true;
} else if ((last === "--help" || last === "-h") && args.slice(0, -1).every((a) => !a.startsWith("-"))) {
  const { readFileSync, writeSync } = fs();
  const text = JSON.parse(readFileSync(new URL("../dist/help.json", import.meta.url), "utf8"))[args.slice(0, -1).join(" ")];
  if (text !== undefined) {
    writeSync(1, text);
    answered = true;
  }
}
if (!answered) {
  if (Number(process.versions.node.split(".")[0]) >= 22) {
    try {
      process.getBuiltinModule("node:module").enableCompileCache?.();
    } catch {
      // The cache is an optimisation only.
    }
  }
  await import("../dist/cli.js");
}
