#!/usr/bin/env node
// Launcher: enable Node's on-disk compile cache where the runtime has it (Node 22.1+), then load the bundled CLI.
import module from "node:module";
try {
  module.enableCompileCache?.();
} catch {
  // The cache is an optimisation only.
}
await import("../dist/cli.js");
