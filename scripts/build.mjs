// Bundles src/cli.ts into dist/cli.cjs, one CommonJS script that bin/hyperdrive.js runs with V8's code cache
// (docs/startup.md): a module imported with import() is in the same file but runs only when imported. The dependencies
// are bundled too: commander, kleur and zod into dist/cli.cjs, and those no start-up needs (the config-file parsers,
// the spinner, the width library of tables) each into dist/vendor/<name>.cjs, read on its first use, so that a start
// without the code cache parses less. External, loaded from node_modules only when needed: the database drivers
// (doctor, the emulator's connection test) and undici (a proxy variable set). The licences of the bundled packages are
// copied to dist/THIRD-PARTY-LICENSES.txt.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const EXTERNAL = ["pg", "mysql2", "undici"];
const VENDOR = ["toml", "jsonc-parser", "ora", "fast-string-truncated-width"];

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
        contents: `module.exports = new Proxy({}, { get: (_, key) => require(${JSON.stringify(args.path)})[key] });`,
        loader: "js",
      }));
    },
  };
}

/**
 * A VENDOR package's bundle exports what `require()` of an ES module gives in Node (the module.exports of the bundle's
 * `import x from` is its default export): an ES module's default export where it has one (ora, the width library;
 * named exports beside it are not used), else its named exports (jsonc-parser), and a CommonJS package's
 * module.exports (toml).
 */
const vendorEntry = (name) =>
  `const m = require(${JSON.stringify(name)});\nmodule.exports = m && m.__esModule && "default" in m ? m.default : m;\n`;

/** An import of a VENDOR package becomes a require() of its own bundle, dist/vendor/<name>.cjs. */
function fromVendorFiles() {
  return {
    name: "vendor-files",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => (VENDOR.includes(args.path) ? { path: `./vendor/${args.path}.cjs`, external: true } : undefined));
    },
  };
}

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
mkdirSync(new URL("../dist", import.meta.url));

const common = {
  bundle: true,
  platform: "node",
  target: "node20.18",
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow; its "module" build is plain ESM.
  mainFields: ["module", "main"],
  logLevel: "warning",
};
// A script run through node:vm cannot use import() (Node asks for --experimental-vm-modules), so every import() of
// the sources becomes a require(), of a module in the same file or a CommonJS package.
const cjs = { ...common, format: "cjs", supported: { "dynamic-import": false }, write: false, metafile: true };

const vendors = await Promise.all(
  VENDOR.map((name) =>
    build({ ...cjs, stdin: { contents: vendorEntry(name), resolveDir: ".", sourcefile: `${name}.cjs` }, outfile: `dist/vendor/${name}.cjs` }),
  ),
);
const cli = await build({ ...cjs, entryPoints: ["src/cli.ts"], outfile: "dist/cli.cjs", external: EXTERNAL, plugins: [lazyChildProcess(), fromVendorFiles()] });
mkdirSync("dist/vendor");
for (const [i, name] of VENDOR.entries()) writeFileSync(`dist/vendor/${name}.cjs`, vendors[i].outputFiles[0].text);

const packages = new Set();
for (const input of [cli, ...vendors].flatMap(({ metafile }) => Object.keys(metafile.inputs))) {
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
  // ES modules, with a `require` for the CommonJS packages they bundle (Node's built-in modules only).
  const esm = { ...common, format: "esm", external: [...EXTERNAL, "ora"], banner: { js: "const require = (id) => process.getBuiltinModule(id);" }, plugins: [lazyChildProcess()] };
  await build({ ...esm, entryPoints: ["scripts/help-dump.ts"], outfile: join(scratch, "help-dump.mjs") });
  writeFileSync("dist/help.json", execFileSync(process.execPath, [join(scratch, "help-dump.mjs")], { env: {} }));
  await build({ ...esm, entryPoints: ["scripts/completion-dump.ts"], outfile: join(scratch, "completion-dump.mjs") });
  writeFileSync("dist/completion.json", execFileSync(process.execPath, [join(scratch, "completion-dump.mjs")], { env: {} }));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// The first line names the build, whose code cache is never used for another, and the commands, by which the launcher
// knows which one a command line runs (bin/hyperdrive.js).
const cliText = cli.outputFiles[0].text;
const buildId = createHash("sha256").update(cliText).digest("hex").slice(0, 16);
const commands = Object.keys(JSON.parse(readFileSync("dist/help.json", "utf8"))).filter((path) => path !== "" && !path.includes(" "));
writeFileSync("dist/cli.cjs", `// hyperdrive build ${buildId} ${commands.join(",")}\n${cliText}`);
