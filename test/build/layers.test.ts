// The import graph of src/ points one way: no cycles (type-only and dynamic imports included), the API client knows
// nothing of the commands, the session or the emulator, and only the program reaches the commands.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Every module of src/ (path relative to src/, `/` separated) with the modules it imports in any way. */
function importGraph(): Map<string, string[]> {
  const name = (file: string) => relative(SRC, file).split("\\").join("/");
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith(".") && !spec.endsWith(".json"))
      .map((spec) => {
        const base = resolve(dirname(file), spec).replace(/\.js$/, "");
        const found = [`${base}.ts`, join(base, "index.ts")].find((p) => existsSync(p));
        if (!found) throw new Error(`${name(file)} imports ${spec}, which is not a module of src/`);
        return name(found);
      });
    graph.set(name(file), [...new Set(targets)]);
  }
  return graph;
}

/** Each import cycle once, as the path that closes it (a → b → a). */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next].join(" → "));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

const edges = (graph: Map<string, string[]>) => [...graph].flatMap(([from, tos]) => tos.map((to) => ({ from, to })));

describe("layers of src/", () => {
  const graph = importGraph();

  it("sees the modules and their imports (type-only and dynamic ones too)", () => {
    expect(graph.get("context.ts")).toContain("session/connect.ts");
    expect(graph.get("session/connect.ts")).toEqual(expect.arrayContaining(["api/client.ts", "session/local.ts", "auth/credentials.ts"]));
    expect(graph.get("wrangler-config/snippet.ts")).toContain("wrangler-config/locate.ts");
  });

  it("has no import cycle", () => {
    expect(cycles(graph)).toEqual([]);
    // the check itself finds one
    expect(cycles(new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]]]))).toEqual(["a.ts → b.ts → c.ts → a.ts"]);
  });

  it("api/ imports only its own modules and the error base", () => {
    const above = edges(graph).filter(({ from, to }) => from.startsWith("api/") && !to.startsWith("api/") && to !== "errors.ts");
    expect(above).toEqual([]);
  });

  it("only the program imports the commands and the context", () => {
    const program = (from: string) => from === "main.ts" || from.startsWith("commands/");
    const upward = edges(graph).filter(
      ({ from, to }) => (to.startsWith("commands/") || to === "context.ts" || to === "main.ts") && !program(from) && !(from === "cli.ts" && to === "main.ts"),
    );
    expect(upward).toEqual([]);
  });
});
