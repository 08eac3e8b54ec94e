// What every command loads: dist/cli.cjs, one CommonJS script that bin/hyperdrive.js compiles from V8's code cache
// (test/build/code-cache.test.ts). A module behind import() is in the same file but runs only when imported; the
// packages no start-up needs are files of their own in dist/vendor/, and the drivers and undici stay in node_modules
// (npm test builds dist/ first). test/build/read-path.test.ts checks what real runs of list, get, update and create load.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));
const text = readFileSync(`${DIST}cli.cjs`, "utf8");

describe("the bundle", () => {
  it("holds commander and kleur (no module resolution at start-up)", () => {
    expect(text).toMatch(/\/\/ (\S*\/)?node_modules\/commander\//);
    expect(text).toMatch(/\/\/ (\S*\/)?node_modules\/kleur\//);
  });

  it.each(["toml", "jsonc-parser", "ora", "fast-string-truncated-width"])("leaves %s to its own file in dist/vendor/, required on first use", (pkg) => {
    expect(text).not.toMatch(new RegExp(`node_modules/${pkg}/`));
    expect(text).toContain(`require("./vendor/${pkg}.cjs")`);
    expect(readdirSync(`${DIST}vendor`)).toContain(`${pkg}.cjs`);
  });

  it.each(["undici", "pg", "mysql2"])("requires %s from node_modules, and only inside a function", (pkg) => {
    expect(text).not.toContain(`node_modules/${pkg}/`);
    expect(text).not.toMatch(new RegExp(`^var \\w+ = (__toESM\\()?require\\("${pkg}"\\)`, "m"));
  });

  it("has no import() left, which node:vm cannot run without --experimental-vm-modules", () => {
    expect(text).not.toMatch(/[^\w.$]import\(["'`]/);
  });

  it("names on its first line its build (the digest of the rest, which keys its code cache) and the commands", () => {
    const [first, ...rest] = text.split("\n");
    const id = createHash("sha256").update(rest.join("\n")).digest("hex").slice(0, 16);
    const commands = Object.keys(JSON.parse(readFileSync(`${DIST}help.json`, "utf8"))).filter((p) => p && !p.includes(" "));
    expect(commands).toEqual(expect.arrayContaining(["create", "list", "get", "cert", "emulator", "complete"]));
    expect(first).toBe(`// hyperdrive build ${id} ${commands.join(",")}`);
    expect(rest[0]).toBe('"use strict";');
  });
});
