#!/usr/bin/env node
// One run of an alchemy program declaring a Cloudflare `Hyperdrive` resource, for test/emulator/alchemy.test.ts, which
// runs it with the Node 24 of the test-tools cache against the emulator (CLOUDFLARE_BASE_URL, CLOUDFLARE_API_TOKEN and
// CLOUDFLARE_ACCOUNT_ID in the environment; telemetry off).
//
//   node scripts/alchemy-hyperdrive.mjs '{"stateDir": DIR, "phase": "up" | "destroy", "props": {...}}'
//
// `props` are the resource's (name, origin, caching, adopt …); `origin.password` is wrapped with alchemy.secret().
// State is alchemy's filesystem store under stateDir, encrypted with a fixed test password. On success the last line
// of stdout is the resource's output as JSON, without the origin (which holds the password).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { findTool } from "./test-tools.mjs";

const tool = findTool("alchemy");
if (!tool.ok) {
  console.error(tool.reason);
  process.exit(1);
}
const step = JSON.parse(process.argv[2] ?? "{}");
if (!step.stateDir || !["up", "destroy"].includes(step.phase)) {
  console.error(`usage: node scripts/alchemy-hyperdrive.mjs '{"stateDir": DIR, "phase": "up"|"destroy", "props": {...}}'`);
  process.exit(2);
}

const lib = (file) => import(pathToFileURL(join(tool.dir, "node_modules", "alchemy", "lib", file)).href);
const [{ default: alchemy }, { FileSystemStateStore }, { Hyperdrive }] = await Promise.all([
  lib("index.js"),
  lib("state/file-system-state-store.js"),
  lib("cloudflare/hyperdrive.js"),
]);

const app = await alchemy("hyperdrive-compat", {
  stage: "test",
  phase: step.phase,
  quiet: true,
  noTrack: true,
  password: "alchemy-state-test-password",
  stateStore: (scope) => new FileSystemStateStore(scope, { rootDir: step.stateDir }),
});
// In the destroy phase, alchemy() has destroyed every resource of the stage and exited.
const props = { ...step.props };
if (props.origin?.password !== undefined) props.origin = { ...props.origin, password: alchemy.secret(props.origin.password) };
const hyperdrive = await Hyperdrive(step.id ?? "db", props);
await app.finalize();
const { origin: _origin, dev: _dev, ...shown } = hyperdrive;
console.log(JSON.stringify(shown));
