// Bundles src/cli.ts into dist/ as ESM with code splitting, so lazily imported modules (zod, the emulator, the
// wrangler-config parsers, database drivers) stay out of the start-up path. The dependencies are bundled too
// (docs/startup.md). External, loaded from node_modules only when needed: the database drivers (doctor, the
// emulator's connection test), the spinner (a terminal) and undici (a proxy variable set), which are imported with
// import(), where a bundled CommonJS package would offer only its default export. The licences of the bundled
// packages are copied to dist/THIRD-PARTY-LICENSES.txt.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const EXTERNAL = ["pg", "mysql2", "ora", "undici"];

/**
 * commander requires node:child_process when it loads, for executable subcommands, which this CLI does not have.
 * commander gets a stand-in that loads it on first use (docs/startup.md says what that saves).
 */
function lazyChildProcess() {
  return {
    name: "lazy-child-process",
    setup(b) {
      b.onResolve({ filter: /^node:child_process$/ }, (args) =>
        /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: "node:child_process", namespace: "lazy-builtin" } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
        contents: `module.exports = new Proxy({}, { get: (_, key) => process.getBuiltinModule(${JSON.stringify(args.path)})[key] });`,
        loader: "js",
      }));
    },
  };
}

/**
 * esbuild's code splitting puts a module that the entry and lazily imported modules share into one chunk per set of
 * modules sharing it, so the entry's own modules end up spread over a dozen small files, each a module load at every
 * start. Every module that is imported with import() also gets an import of src/main.ts, which the entry imports
 * anyway: all of the entry's modules then have the same importers and land in one chunk (docs/startup.md). `lazy` is
 * the set of modules imported with import() somewhere, from a first pass.
 */
function oneStartupChunk(lazy) {
  const main = resolve("src/main.ts");
  return {
    name: "one-startup-chunk",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) =>
        lazy.has(args.path) ? { contents: `import ${JSON.stringify(main)};\n${readFileSync(args.path, "utf8")}`, loader: "ts" } : undefined,
      );
    },
  };
}

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });

const common = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20.18",
  external: EXTERNAL,
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow; its "module" build is plain ESM.
  mainFields: ["module", "main"],
  // The bundled CommonJS packages require Node's built-in modules, and only those; an ES module has no `require` of
  // its own. process.getBuiltinModule (Node 20.16+) gives them without loading node:module.
  banner: { js: "const require = (id) => process.getBuiltinModule(id);" },
  plugins: [lazyChildProcess()],
  logLevel: "warning",
};

const split = { ...common, entryPoints: ["src/cli.ts"], outdir: "dist", splitting: true, chunkNames: "chunks/[name]-[hash]", metafile: true };
const firstPass = await build({ ...split, write: false });
const lazy = new Set(
  Object.values(firstPass.metafile.inputs)
    .flatMap((input) => input.imports)
    .filter((imp) => imp.kind === "dynamic-import" && !imp.external)
    .map((imp) => resolve(imp.path)),
);
const { metafile } = await build({ ...split, plugins: [...common.plugins, oneStartupChunk(lazy)] });

const packages = new Set();
for (const input of Object.keys(metafile.inputs)) {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match) packages.add(match[1]);
}
const notices = [...packages].sort().map((name) => {
  const dir = join("node_modules", name);
  const { version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  if (!file) throw new Error(`${name} is bundled into dist/ but has no licence file to ship with it`);
  return `${name}@${version} (${license})\n\n${readFileSync(join(dir, file), "utf8").trim()}\n`;
});
writeFileSync(
  "dist/THIRD-PARTY-LICENSES.txt",
  `Packages bundled into this directory, with their licences.\n\n${notices.join(`\n${"-".repeat(80)}\n\n`)}`,
);

// Shell completion's answers (`hyperdrive complete -- <words…>`), which bin/hyperdrive.js requires on each Tab: a
// CommonJS bundle of the code that computes them, small and without the CLI.
await build({
  entryPoints: ["src/commands/complete/answer.ts"],
  outfile: "dist/complete.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: common.target,
  logLevel: common.logLevel,
});

// Pre-rendered help: bin/hyperdrive.js answers `[command…] --help` from dist/help.json without loading the CLI; and
// the command model that shell completion answers from, dist/completion.json (src/commands/complete/model.ts).
const scratch = mkdtempSync(join(tmpdir(), "hyperdrive-help-"));
try {
  await build({ ...common, entryPoints: ["scripts/help-dump.ts"], outfile: join(scratch, "help-dump.mjs") });
  writeFileSync("dist/help.json", execFileSync(process.execPath, [join(scratch, "help-dump.mjs")], { env: {} }));
  await build({ ...common, entryPoints: ["scripts/completion-dump.ts"], outfile: join(scratch, "completion-dump.mjs") });
  writeFileSync("dist/completion.json", execFileSync(process.execPath, [join(scratch, "completion-dump.mjs")], { env: {} }));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
