#!/usr/bin/env node
// Launcher, and a CommonJS file (bin/package.json): `hyperdrive --version`, `hyperdrive [command…] --help` and shell
// completion's `hyperdrive complete -- <words…>` are answered here without starting Node's ES module loader (docs/startup.md). The help texts are rendered at build time into dist/help.json, exactly as commander prints
// them (test/build/help.test.ts). Anything else: enable Node's on-disk compile cache where the runtime has it (Node
// 22.1+), then import the bundled CLI, an ES module.
"use strict";
const { join } = require("node:path");

const args = process.argv.slice(2);
const last = args[args.length - 1];
/** One write to file descriptor 1: setting up process.stdout costs more than the rest of this file. */
function answer(text) {
  require("node:fs").writeSync(1, text);
  return true;
}
const readJson = (...path) => JSON.parse(require("node:fs").readFileSync(join(__dirname, "..", ...path), "utf8"));
/** A checkout where `npm run build` has not run yet. */
function notBuilt(error) {
  if (error?.code !== "ENOENT" && error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
  process.stderr.write("hyperdrive: dist/ is missing or incomplete; run `npm run build` first.\n");
  process.exit(1);
}

let answered = false;
if (args[0] === "complete" && args[1] === "--") {
  // A Tab in a shell whose completion script `hyperdrive complete <shell>` printed: answered from the command model
  // rendered at build time (dist/completion.json) by a small CommonJS bundle, without loading the CLI.
  let model, complete;
  try {
    model = readJson("dist", "completion.json");
    complete = require(join(__dirname, "..", "dist", "complete.cjs"));
  } catch (error) {
    notBuilt(error.code === "MODULE_NOT_FOUND" ? { code: "ENOENT" } : error);
  }
  const env = process.env;
  answered = answer(complete.answer(model, args.slice(2), { env, cwd: process.cwd(), home: env.HOME || require("node:os").homedir(), now: Date.now() }));
} else if (args.length === 1 && (last === "--version" || last === "-v")) {
  answered = answer(`${readJson("package.json").version}\n`);
} else if ((last === "--help" || last === "-h") && args.slice(0, -1).every((a) => !a.startsWith("-"))) {
  let help;
  try {
    help = readJson("dist", "help.json");
  } catch (error) {
    notBuilt(error);
  }
  const text = help[args.slice(0, -1).join(" ")];
  if (text !== undefined) answered = answer(text);
}
if (!answered) {
  if (Number(process.versions.node.split(".")[0]) >= 22) {
    try {
      require("node:module").enableCompileCache?.();
    } catch {
      // The cache is an optimisation only.
    }
  }
  import(require("node:url").pathToFileURL(join(__dirname, "..", "dist", "cli.js")).href).catch(notBuilt);
}
