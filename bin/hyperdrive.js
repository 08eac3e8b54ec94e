#!/usr/bin/env node
// Launcher, and a CommonJS file (bin/package.json): `hyperdrive --version`, `hyperdrive [command…] --help` and shell
// completion's `hyperdrive complete -- <words…>` are answered here without loading the CLI (docs/startup.md). The help
// texts are rendered at build time into dist/help.json, exactly as commander prints them (test/build/help.test.ts).
// Anything else runs the bundled CLI, dist/cli.cjs, with V8's code cache (runBundle below).
"use strict";
const { isAbsolute, join } = require("node:path");

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
/**
 * The code cache of dist/cli.cjs: the bytecode V8 compiled for it in earlier runs, so that a start neither parses nor
 * compiles the bundle again (docs/startup.md). One file for each build, Node version and CPU architecture, in
 * ${XDG_CACHE_HOME:-~/.cache}/hyperdrive/code/, mode 0600, used only when the folder and the file are this user's and
 * writable by nobody else. Its first line lists the commands whose runs it holds the functions of; after a run V8's
 * compiled code is written again if the file was missing or refused by V8, or if this command is not on the list yet,
 * so the file soon holds what each command compiles. Written to a new file then renamed over the old one: parallel runs
 * each read a whole file. At most MAX_FILES files are kept. NODE_DISABLE_COMPILE_CACHE, Node's own switch for its
 * compile cache, turns it off. Any failure only means running without the cache.
 */
function codeCache(source) {
  const env = process.env;
  const [, build, names] = /^\/\/ hyperdrive build (\w+) ([\w,-]+)\n/.exec(source) ?? [];
  const xdg = env.XDG_CACHE_HOME;
  const home = env.HOME ?? require("node:os").homedir();
  const base = xdg && isAbsolute(xdg) ? xdg : home ? join(home, ".cache") : undefined;
  if (env.NODE_DISABLE_COMPILE_CACHE || build === undefined || base === undefined) return undefined;
  const fs = require("node:fs");
  const dir = join(base, "hyperdrive", "code");
  const file = join(dir, `${build}-${process.version}-${process.arch}.bin`);
  // The first word that names a command (`--local list`: list); "" for none (`--version`, a typo).
  const command = args.find((arg) => names.split(",").includes(arg)) ?? "";
  // The bytes are code this process runs: only from a folder and a file that no other user can have written (under
  // sudo with the user's HOME, a cache the user wrote would otherwise run as root).
  const uid = process.getuid?.();
  const ours = (path) => {
    const stat = fs.statSync(path);
    return uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0);
  };
  let data;
  let commands = [];
  try {
    if (!ours(dir) || !ours(file)) return undefined;
    const bytes = fs.readFileSync(file);
    const eol = bytes.indexOf(10);
    commands = JSON.parse(bytes.toString("utf8", 0, eol)).commands;
    data = bytes.subarray(eol + 1);
  } catch {
    // none yet, or unreadable: written after this run
  }
  return {
    data,
    /** After the run: write what V8 compiled, when the file needs it. */
    save(script) {
      const MAX_FILES = 8;
      const known = data !== undefined && !script.cachedDataRejected && Array.isArray(commands);
      if (known && commands.includes(command)) return;
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        const header = `${JSON.stringify({ commands: [...(known ? commands : []), command] })}\n`;
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (!ours(dir)) return;
        fs.writeFileSync(tmp, Buffer.concat([Buffer.from(header), script.createCachedData()]), { mode: 0o600, flag: "wx" });
        fs.renameSync(tmp, file);
        // Other builds and Node versions keep theirs (two installs used in turn would otherwise undo each other's),
        // up to MAX_FILES: the oldest written go first.
        const others = fs.readdirSync(dir).filter((name) => name.endsWith(".bin") && join(dir, name) !== file);
        if (others.length >= MAX_FILES) {
          const byAge = others.map((name) => ({ path: join(dir, name), mtime: fs.statSync(join(dir, name)).mtimeMs })).sort((a, b) => a.mtime - b.mtime);
          for (const { path } of byAge.slice(0, others.length - MAX_FILES + 1)) fs.rmSync(path, { force: true });
        }
      } catch {
        try {
          fs.rmSync(tmp, { force: true });
        } catch {
          // nothing more to do: the cache is an optimisation only
        }
      }
    },
  };
}

/** Runs dist/cli.cjs as Node would run a CommonJS module, compiled from the code cache when there is one. */
function runBundle() {
  const file = join(__dirname, "..", "dist", "cli.cjs");
  let source;
  try {
    source = require("node:fs").readFileSync(file, "utf8");
  } catch (error) {
    notBuilt(error);
  }
  const cache = codeCache(source);
  const vm = require("node:vm");
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData: cache?.data });
  if (cache !== undefined) process.once("exit", () => cache.save(script));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require("node:module").createRequire(file), module, file, join(__dirname, "..", "dist"));
}

if (!answered) {
  if (Number(process.versions.node.split(".")[0]) >= 22) {
    try {
      // Node's own compile cache, for the files dist/cli.cjs requires (dist/vendor/).
      require("node:module").enableCompileCache?.();
    } catch {
      // The cache is an optimisation only.
    }
  }
  runBundle();
}
