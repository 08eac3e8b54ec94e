// What every command loads: the bundle's entry and the chunks it imports statically. zod, undici, the database
// drivers, the emulator, the probe and the wrangler-config parsers must stay behind dynamic import() (npm test builds
// dist/ first); test/build/read-path.test.ts checks what real runs of list, get and update load.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));

/** The files loaded before any code runs: static `import … from "…"` of relative paths, transitively. */
function staticGraph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, "utf8");
    seen.set(file, text);
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.[^"]+)"/gm)) visit(resolve(dirname(file), m[1]));
  };
  visit(entry);
  return seen;
}

describe("start-up path of the bundle", () => {
  const graph = staticGraph(join(DIST, "cli.js"));
  const text = [...graph.values()].join("\n");

  it("bundles commander and kleur (no module resolution at start-up), found through the chunk the entry imports", () => {
    expect(text).toContain("// node_modules/commander/");
    expect(text).toContain("// node_modules/kleur/");
    expect(graph.size).toBeGreaterThan(1);
  });

  it.each(["zod", "jsonc-parser", "toml"])("does not load %s before a command needs it", (pkg) => {
    expect(text).not.toContain(`// node_modules/${pkg}/`);
  });

  it.each(["undici", "pg", "mysql2", "ora"])("does not import %s statically", (pkg) => {
    expect(text).not.toMatch(new RegExp(`from\\s*"${pkg}"`));
  });

  it("keeps the emulator, the probe, the config-file code and the rare commands in lazily loaded chunks", () => {
    // Of src/wrangler-config/ only the search for the file (locate.ts, stat calls) is on the path: the account id.
    expect(text.match(/^\/\/ src\/wrangler-config\/\S+/gm) ?? []).toEqual(["// src/wrangler-config/locate.ts"]);
    for (const path of ["src/emulator/", "src/probe/", "src/certs/check.ts", "src/commands/doctor.ts", "src/commands/cert.ts", "src/commands/bind.ts", "src/commands/metrics.ts", "src/metrics/", "src/api/graphql.ts", "src/ui/metrics-view.ts"]) {
      expect(text).not.toContain(`// ${path}`);
    }
  });

  it("holds the read commands and the API client itself", () => {
    for (const path of ["src/commands/list.ts", "src/commands/get.ts", "src/api/client.ts"]) {
      expect(text).toContain(`// ${path}`);
    }
  });

  it("leaves the writing commands, the origin flags' rules and the response validators to import() (loaded when used)", () => {
    for (const path of ["src/commands/create.ts", "src/commands/update.ts", "src/commands/delete.ts", "src/commands/binding-step.ts", "src/origin/body.ts", "src/api/validators.ts"]) {
      expect(text).not.toContain(`// ${path}`);
    }
  });

  it("is two files: the entry and one chunk with all of its modules (scripts/build.mjs, oneStartupChunk)", () => {
    expect([...graph.keys()].map((file) => file.slice(DIST.length)).sort()).toEqual([expect.stringMatching(/^chunks\/chunk-\w+\.js$/), "cli.js"]);
  });
});
