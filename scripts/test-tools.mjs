#!/usr/bin/env node
// Third-party programs some tests drive (wrangler 4.164 on Node 24, alchemy), installed from npm into a cache folder
// outside the project's dependencies, so that `npm ci` stays small and `npm test` never needs the registry.
//
//   node scripts/test-tools.mjs --install [wrangler|alchemy|node22]...   install (all tools when none is named); .ci/run does
//   node scripts/test-tools.mjs                                   say what is installed, and where
//
// Folder: $HYPERDRIVE_TEST_TOOLS, else ${XDG_CACHE_HOME:-$HOME/.cache}/hyperdrive-test-tools, one sub-folder a tool
// (`wrangler-4.164`, `alchemy-0.94`), each with its own package.json and node_modules. wrangler 4.164 needs Node ≥ 22.12,
// so the npm package `node@24` is installed beside it; alchemy runs with that Node too. `node22` is Node 22 alone.
//
// Tests import `findTool(name)`: it answers `{ ok: true, node, bin, dir, version }` or `{ ok: false, reason }`, where
// the reason says what is missing, what the last install reported, and the command that installs it — so a test can
// skip itself and print why.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const NODE_MAJOR = 24;

/**
 * The tools, pinned to the versions the tests were written against. Besides wrangler, its folder holds the database
 * drivers of the Workers that test/e2e/wrangler-dev.test.ts runs under `wrangler dev` (bundled from that folder).
 */
export const TOOLS = {
  wrangler: {
    version: "4.164",
    packages: { wrangler: "4.164", postgres: "3.4", mysql2: "3.24" },
    bin: ["wrangler", "bin", "wrangler.js"],
  },
  alchemy: { version: "0.94", packages: { alchemy: "0.94" }, bin: ["alchemy", "package.json"] },
  // Node 22 alone, for test/build/node-versions.test.ts: the CLI runs on Node 20 (the machine's), 22 and 24.
  node22: { version: "22", node: 22, packages: {}, bin: ["node", "package.json"] },
};

export function toolsRoot(env = process.env) {
  if (env.HYPERDRIVE_TEST_TOOLS) return env.HYPERDRIVE_TEST_TOOLS;
  const cache = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith("/") ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(cache, "hyperdrive-test-tools");
}

export function toolDir(name, env = process.env) {
  return join(toolsRoot(env), `${name}-${TOOLS[name].version}`);
}

const installCommand = (name) => `node scripts/test-tools.mjs --install ${name}`;

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

/** Where a Node binary from npm lies in `dir`: the `node` package's link, or the platform package it installs. */
function nodeBinary(dir) {
  const platform = process.platform === "win32" ? "win" : process.platform;
  const platformPackage = `${platform === "darwin" && process.arch === "arm64" ? "node-bin" : "node"}-${platform}-${process.arch}`;
  const candidates = [
    join(dir, "node_modules", "node", "bin", "node"),
    join(dir, "node_modules", platformPackage, "bin", "node"),
    join(dir, "node_modules", "node", "node_modules", platformPackage, "bin", "node"),
  ];
  return { path: candidates.find((candidate) => existsSync(candidate)), platformPackage };
}

function nodeVersion(path) {
  const run = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 20_000 });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/**
 * Finds an installed tool. `{ ok: true, dir, node, bin, version, nodeVersion }`: run `node bin …` (for alchemy, `bin`
 * is its package.json, and `dir` is where `import("alchemy")` resolves from). `{ ok: false, reason }` otherwise.
 */
export function findTool(name, env = process.env) {
  const tool = TOOLS[name];
  if (!tool) return { ok: false, reason: `unknown test tool ${name}` };
  const dir = toolDir(name, env);
  const status = readJson(join(dir, "install-status.json"));
  const notInstalled = (what) => {
    const last = status && !status.ok ? ` The last install failed: ${status.error}` : "";
    return { ok: false, reason: `${name} ${tool.version} is not usable: ${what}.${last} Install it with \`${installCommand(name)}\`.` };
  };
  const major = tool.node ?? NODE_MAJOR;
  const mainPackage = Object.keys(tool.packages)[0] ?? "node";
  const version = readJson(join(dir, "node_modules", mainPackage, "package.json"))?.version;
  if (!version) return notInstalled(`${mainPackage} is not in ${dir}`);
  if (!version.startsWith(`${tool.version}.`)) return notInstalled(`${dir} holds ${mainPackage} ${version}`);
  for (const [extra, wanted] of Object.entries(tool.packages).slice(1)) {
    const found = readJson(join(dir, "node_modules", extra, "package.json"))?.version;
    if (!found?.startsWith(`${wanted}.`)) return notInstalled(found ? `${dir} holds ${extra} ${found}, not ${wanted}` : `${extra} is not in ${dir}`);
  }
  const node = nodeBinary(dir).path;
  if (!node) return notInstalled(`no Node ${major} binary in ${dir}`);
  const runs = nodeVersion(node);
  if (!runs?.startsWith(`v${major}.`)) return notInstalled(`${node} does not run as Node ${major} (${runs ?? "it fails to start"})`);
  return { ok: true, dir, node, bin: join(dir, "node_modules", ...tool.bin), version, nodeVersion: runs };
}

function npm(args, dir) {
  execFileSync("npm", args, { cwd: dir, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, npm_config_update_notifier: "false" } });
}

/** Installs one tool (and Node 24, or the tool's own Node, beside it) unless it is already there; records the outcome for `findTool`. */
export function installTool(name, env = process.env) {
  const tool = TOOLS[name];
  if (!tool) throw new Error(`unknown test tool ${name} (known: ${Object.keys(TOOLS).join(", ")})`);
  if (findTool(name, env).ok) {
    console.log(`${name} ${tool.version}: already installed in ${toolDir(name, env)}`);
    return true;
  }
  const dir = toolDir(name, env);
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, "install-status.json"), { force: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ private: true, dependencies: { node: `^${tool.node ?? NODE_MAJOR}`, ...tool.packages } })}\n`,
  );
  console.log(`Installing ${name}@${tool.version} with node@${tool.node ?? NODE_MAJOR} into ${dir} …`);
  try {
    npm(["install", "--no-audit", "--no-fund", "--loglevel=error", "--engine-strict=false"], dir);
    // The `node` package puts its binary in place from an install script, which npm may skip: then install the
    // platform's package itself, which ships the binary in its tarball.
    const binary = nodeBinary(dir);
    if (!binary.path) {
      const wanted = readJson(join(dir, "node_modules", "node", "package.json"))?.version ?? `${tool.node ?? NODE_MAJOR}`;
      npm(["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", `${binary.platformPackage}@${wanted}`], dir);
      const installed = nodeBinary(dir).path;
      if (installed && !existsSync(join(dir, "node_modules", "node", "bin", "node"))) {
        mkdirSync(join(dir, "node_modules", "node", "bin"), { recursive: true });
        linkSync(installed, join(dir, "node_modules", "node", "bin", "node"));
      }
    }
    const found = findTool(name, env);
    if (!found.ok) throw new Error(found.reason);
    writeFileSync(join(dir, "install-status.json"), `${JSON.stringify({ ok: true, version: found.version, node: found.nodeVersion })}\n`);
    console.log(`${name} ${found.version} with Node ${found.nodeVersion}: installed in ${dir}`);
    return true;
  } catch (error) {
    const message = String(error?.message ?? error).split("\n")[0];
    writeFileSync(join(dir, "install-status.json"), `${JSON.stringify({ ok: false, error: message, at: new Date().toISOString() })}\n`);
    console.error(`${name} ${tool.version} could not be installed: ${message}`);
    return false;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const install = args.includes("--install");
  const names = args.filter((arg) => !arg.startsWith("--"));
  const unknown = names.filter((name) => !TOOLS[name]);
  if (unknown.length > 0 || args.some((arg) => arg.startsWith("--") && arg !== "--install")) {
    console.error(`usage: node scripts/test-tools.mjs [--install] [${Object.keys(TOOLS).join("|")}]...`);
    process.exit(2);
  }
  const chosen = names.length > 0 ? names : Object.keys(TOOLS);
  let ok = true;
  for (const name of chosen) {
    if (install) ok = installTool(name) && ok;
    else {
      const found = findTool(name);
      console.log(found.ok ? `${name} ${found.version} (Node ${found.nodeVersion}): ${found.dir}` : found.reason);
      ok = found.ok && ok;
    }
  }
  process.exitCode = ok ? 0 : 1;
}
