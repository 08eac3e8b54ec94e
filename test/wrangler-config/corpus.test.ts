// The corpus: realistic config files, each edit's expected file byte for byte, and the proof that only the lines of
// the new binding (plus the neighbour that gains a comma, or the id line) differ from the original.
import { describe, expect, it } from "vitest";
import { planBindingEdit, type PlanRequest } from "../../src/wrangler-config/plan";
import { changedRegion, formatOf, readExpected, readInput } from "./helpers";

const ID = "7d793037a0760186574b0282f2f435e7";

interface Case {
  input: string;
  request: Omit<PlanRequest, "text" | "format" | "id">;
  expected: string;
  kind: "insert" | "repoint";
  binding: string;
  /** The original lines the edit may change; every other line stays as it was. */
  touched: string[];
}

const cases: Case[] = [
  // JSON / JSONC
  { input: "c3-template.jsonc", request: {}, kind: "insert", binding: "HYPERDRIVE", expected: "c3-template.insert.jsonc", touched: [] },
  { input: "c3-template.jsonc", request: { env: "staging" }, kind: "insert", binding: "HYPERDRIVE", expected: "c3-template.env-staging.jsonc", touched: [] },
  { input: "two-spaces.json", request: {}, kind: "insert", binding: "HYPERDRIVE", expected: "two-spaces.insert.json", touched: [] },
  {
    input: "four-spaces-existing.jsonc",
    request: { binding: "ORDERS_DB" },
    kind: "insert",
    binding: "ORDERS_DB",
    expected: "four-spaces-existing.derived.jsonc",
    touched: [],
  },
  {
    input: "four-spaces-existing.jsonc",
    request: { binding: "HYPERDRIVE" },
    kind: "repoint",
    binding: "HYPERDRIVE",
    expected: "four-spaces-existing.repoint.jsonc",
    touched: ['            "id": "a76a99bc342644deb02c38d66082262a",'],
  },
  { input: "crlf-env.jsonc", request: { env: "staging" }, kind: "insert", binding: "HYPERDRIVE", expected: "crlf-env.env-staging.jsonc", touched: ["\t\t\t}\r"] },
  { input: "bom.json", request: {}, kind: "insert", binding: "HYPERDRIVE", expected: "bom.insert.json", touched: ['  "compatibility_date": "2024-11-01"'] },
  {
    input: "one-line-entries.jsonc",
    request: { binding: "SEARCH_REPLICA" },
    kind: "insert",
    binding: "SEARCH_REPLICA",
    expected: "one-line-entries.derived.jsonc",
    touched: ['    { "binding": "HYPERDRIVE", "id": "5e7c1d0b9a2f4e6c8d3b1a0f9e8d7c6b" } // main database'],
  },
  { input: "env-missing.jsonc", request: { env: "production" }, kind: "insert", binding: "HYPERDRIVE", expected: "env-missing.env-production.jsonc", touched: [] },
  {
    input: "env-missing.jsonc",
    request: { env: "staging" },
    kind: "insert",
    binding: "HYPERDRIVE",
    expected: "env-missing.env-staging.jsonc",
    touched: ['    "staging": { "name": "gateway-staging" }, // one line on purpose'],
  },
  { input: "empty.jsonc", request: {}, kind: "insert", binding: "HYPERDRIVE", expected: "empty.insert.jsonc", touched: [] },
  { input: "braces.json", request: {}, kind: "insert", binding: "HYPERDRIVE", expected: "braces.insert.json", touched: ["{}"] },
  { input: "no-final-newline.json", request: {}, kind: "insert", binding: "HYPERDRIVE", expected: "no-final-newline.insert.json", touched: ['\t"main": "index.js"'] },
  {
    input: "last-prop-comment.jsonc",
    request: {},
    kind: "insert",
    binding: "HYPERDRIVE",
    expected: "last-prop-comment.insert.jsonc",
    touched: ['  "compatibility_date": "2025-04-01" // pinned: see ADR-12'],
  },
  // TOML
  { input: "commented.toml", request: {}, kind: "insert", binding: "HYPERDRIVE", expected: "commented.insert.toml", touched: [] },
  {
    input: "existing-entries.toml",
    request: { binding: "PAYMENTS_EU" },
    kind: "insert",
    binding: "PAYMENTS_EU",
    expected: "existing-entries.derived.toml",
    touched: [],
  },
  {
    input: "existing-entries.toml",
    request: { binding: "HYPERDRIVE" },
    kind: "repoint",
    binding: "HYPERDRIVE",
    expected: "existing-entries.repoint.toml",
    touched: ['id = "c81e728d9d4c2f636f067f89cc14862c"'],
  },
  {
    input: "existing-entries.toml",
    request: { binding: "REPLICA" },
    kind: "repoint",
    binding: "REPLICA",
    expected: "existing-entries.repoint-literal.toml",
    touched: ["id = 'eccbc87e4b5ce2fe28308fd9f2a7baa3'   # read-only replica"],
  },
  { input: "env-sections.toml", request: {}, kind: "insert", binding: "HYPERDRIVE", expected: "env-sections.insert.toml", touched: [] },
  {
    input: "env-sections.toml",
    request: { env: "staging", binding: "ACCOUNTS_V2" },
    kind: "insert",
    binding: "ACCOUNTS_V2",
    expected: "env-sections.env-staging.toml",
    touched: [],
  },
  { input: "env-sections.toml", request: { env: "production" }, kind: "insert", binding: "HYPERDRIVE", expected: "env-sections.env-production.toml", touched: [] },
  { input: "crlf-bom.toml", request: { binding: "LEGACY_DB" }, kind: "insert", binding: "LEGACY_DB", expected: "crlf-bom.derived.toml", touched: [] },
  { input: "multiline-values.toml", request: { binding: "THIRD" }, kind: "insert", binding: "THIRD", expected: "multiline-values.derived.toml", touched: [] },
  {
    input: "adjacent-comment.toml",
    request: { binding: "EVENTS_DB" },
    kind: "insert",
    binding: "EVENTS_DB",
    expected: "adjacent-comment.derived.toml",
    touched: [],
  },
  { input: "empty.toml", request: {}, kind: "insert", binding: "HYPERDRIVE", expected: "empty.insert.toml", touched: [] },
  { input: "no-final-newline.toml", request: {}, kind: "insert", binding: "HYPERDRIVE", expected: "no-final-newline.insert.toml", touched: [] },
  {
    input: "trailing-comments.toml",
    request: { binding: "NOTES_ARCHIVE" },
    kind: "insert",
    binding: "NOTES_ARCHIVE",
    expected: "trailing-comments.derived.toml",
    touched: [],
  },
  // Templates' placeholders (create-cloudflare, the docs): repointed in place, other keys and comments kept.
  {
    input: "placeholder.jsonc",
    request: {},
    kind: "repoint",
    binding: "HYPERDRIVE",
    expected: "placeholder.repoint.jsonc",
    touched: ['\t\t\t"id": "<YOUR_HYPERDRIVE_ID>", // replace with your config\'s id'],
  },
  {
    input: "placeholder.toml",
    request: {},
    kind: "repoint",
    binding: "HYPERDRIVE",
    expected: "placeholder.repoint.toml",
    touched: ['id = "<YOUR_HYPERDRIVE_ID>" # hyperdrive create prints it'],
  },
  { input: "placeholder.toml", request: { env: "staging", remote: true }, kind: "insert", binding: "HYPERDRIVE", expected: "placeholder.env-staging-remote.toml", touched: [] },
  {
    input: "placeholder.jsonc",
    request: { remote: true },
    kind: "repoint",
    binding: "HYPERDRIVE",
    expected: "placeholder.repoint-remote.jsonc",
    touched: ['\t\t\t"id": "<YOUR_HYPERDRIVE_ID>", // replace with your config\'s id', '\t\t\t"localConnectionString": "postgres://postgres:postgres@localhost:5432/postgres"'],
  },
  {
    input: "placeholder.toml",
    request: { remote: true },
    kind: "repoint",
    binding: "HYPERDRIVE",
    expected: "placeholder.repoint-remote.toml",
    touched: ['id = "<YOUR_HYPERDRIVE_ID>" # hyperdrive create prints it'],
  },
];

describe("planBindingEdit on the corpus", () => {
  it.each(cases)("$input $request → $expected", ({ input, request, kind, binding, expected, touched }) => {
    const text = readInput(input);
    const plan = planBindingEdit({ text, format: formatOf(input), id: ID, ...request });
    expect(plan).toMatchObject({ kind, binding });
    if (plan.kind !== "insert" && plan.kind !== "repoint") return;
    expect(plan.text).toBe(readExpected(expected));
    const { removed, added } = changedRegion(text, plan.text);
    expect(removed).toEqual(touched);
    expect(added.some((line) => line.includes(ID))).toBe(true);
  });

  it("keeps the byte-order mark and the CRLF line endings", () => {
    for (const input of ["bom.json", "crlf-bom.toml", "crlf-env.jsonc"]) {
      const text = readInput(input);
      const plan = planBindingEdit({ text, format: formatOf(input), id: ID, env: input === "crlf-env.jsonc" ? "staging" : undefined, binding: "X" });
      if (plan.kind !== "insert") throw new Error(`${input}: ${plan.kind}`);
      expect(plan.text.startsWith("\uFEFF")).toBe(text.startsWith("\uFEFF"));
      if (text.includes("\r\n")) expect(plan.text).not.toMatch(/[^\r]\n/);
    }
  });

  it("a repoint keeps the binding's other keys, such as localConnectionString, and reports the previous id", () => {
    const plan = planBindingEdit({ text: readInput("four-spaces-existing.jsonc"), format: "jsonc", id: ID, binding: "HYPERDRIVE" });
    expect(plan).toMatchObject({ kind: "repoint", previousId: "a76a99bc342644deb02c38d66082262a" });
    expect(plan.kind === "repoint" && plan.text).toContain('"localConnectionString": "postgres://dev:dev@localhost:5432/orders"');
  });

  it("a [[hyperdrive]] appended after [env.production] belongs to the top level (headers are absolute)", async () => {
    const toml = (await import("toml")).default;
    const doc = toml.parse(readExpected("env-sections.insert.toml"));
    expect(doc.hyperdrive).toEqual([{ binding: "HYPERDRIVE", id: ID }]);
    expect(doc.env.production.hyperdrive).toBeUndefined();
  });
});

describe("planBindingEdit without an edit", () => {
  it("already: the same binding with the same id", () => {
    const plan = planBindingEdit({ text: readInput("four-spaces-existing.jsonc"), format: "jsonc", id: "a76a99bc342644deb02c38d66082262a", binding: "HYPERDRIVE" });
    expect(plan).toEqual({ kind: "already", binding: "HYPERDRIVE" });
  });

  it("already: without --binding, any binding that points to the id (no second binding for the same config)", () => {
    const plan = planBindingEdit({ text: readInput("existing-entries.toml"), format: "toml", id: "eccbc87e4b5ce2fe28308fd9f2a7baa3" });
    expect(plan).toEqual({ kind: "already", binding: "REPLICA" });
  });

  it("an explicit new name for an id that is already bound adds a second binding", () => {
    const plan = planBindingEdit({ text: readInput("existing-entries.toml"), format: "toml", id: "eccbc87e4b5ce2fe28308fd9f2a7baa3", binding: "ANALYTICS" });
    expect(plan).toMatchObject({ kind: "insert", binding: "ANALYTICS" });
  });

  it("as wrangler 4.106+: without --binding, an existing HYPERDRIVE entry is repointed in place, not doubled", () => {
    const jsonc = planBindingEdit({ text: readInput("four-spaces-existing.jsonc"), format: "jsonc", id: ID });
    expect(jsonc).toMatchObject({ kind: "repoint", binding: "HYPERDRIVE", previousId: "a76a99bc342644deb02c38d66082262a" });
    expect(jsonc.kind === "repoint" && jsonc.text).toBe(readExpected("four-spaces-existing.repoint.jsonc"));
    const toml = planBindingEdit({ text: readInput("existing-entries.toml"), format: "toml", id: ID });
    expect(toml).toMatchObject({ kind: "repoint", binding: "HYPERDRIVE", previousId: "c81e728d9d4c2f636f067f89cc14862c" });
    expect(toml.kind === "repoint" && toml.text).toBe(readExpected("existing-entries.repoint.toml"));
  });

  it("invalid: a JSONC syntax error with line and column", () => {
    const plan = planBindingEdit({ text: readInput("invalid.jsonc"), format: "jsonc", id: ID });
    expect(plan).toEqual({ kind: "invalid", problem: { reason: "comma expected", line: 4, column: 3 } });
  });

  it("invalid: a TOML syntax error with line and column", () => {
    const plan = planBindingEdit({ text: readInput("invalid.toml"), format: "toml", id: ID });
    expect(plan).toEqual({ kind: "invalid", problem: { reason: "unexpected end of line", line: 2, column: 7 } });
  });

  it("unsupported: hyperdrive is an object, not an array", () => {
    const plan = planBindingEdit({ text: readInput("hyperdrive-object.jsonc"), format: "jsonc", id: ID });
    expect(plan).toEqual({ kind: "unsupported", reason: '"hyperdrive" is not an array' });
  });

  it("unsupported: a TOML inline array (hyperdrive = [ { … } ])", () => {
    const plan = planBindingEdit({ text: readInput("inline-array.toml"), format: "toml", id: ID });
    expect(plan.kind).toBe("unsupported");
    expect(plan.kind === "unsupported" && plan.reason).toMatch(/^hyperdrive is written not as \[\[hyperdrive\]\] blocks/);
  });

  it("unverified: the verifier stops a block that TOML would reject (env.staging is an inline table)", () => {
    const plan = planBindingEdit({ text: readInput("inline-env-table.toml"), format: "toml", id: ID, env: "staging" });
    expect(plan).toEqual({
      kind: "unverified",
      reason: "the edited file would not parse (Cannot redefine existing key 'env.staging' at line 6)",
    });
  });
});

describe("planBindingEdit keeps the file's style: one line stays one line", () => {
  const insert = (text: string, request: Omit<PlanRequest, "text" | "format" | "id"> = {}, format: "json" | "jsonc" = "json") => {
    const plan = planBindingEdit({ text, format, id: ID, ...request });
    if (plan.kind !== "insert" && plan.kind !== "repoint") throw new Error(`${plan.kind}: ${JSON.stringify(plan)}`);
    return plan.text;
  };

  it("a one-line wrangler.json written without spaces stays one line, without spaces", () => {
    expect(insert('{"name":"w","main":"src/index.ts","compatibility_date":"2025-01-01"}\n')).toBe(
      `{"name":"w","main":"src/index.ts","compatibility_date":"2025-01-01","hyperdrive":[{"binding":"HYPERDRIVE","id":"${ID}"}]}\n`,
    );
  });

  it("a one-line wrangler.json with spaces stays one line, spaced the same way (no final newline added)", () => {
    expect(insert('{ "name": "w", "routes": [ "a.example.com/*" ] }')).toBe(
      `{ "name": "w", "routes": [ "a.example.com/*" ], "hyperdrive": [ { "binding": "HYPERDRIVE", "id": "${ID}" } ] }`,
    );
  });

  it("a one-line file with an empty hyperdrive array fills it on the line", () => {
    expect(insert('{"name":"w","hyperdrive":[]}\n', { binding: "DB" })).toBe(`{"name":"w","hyperdrive":[{"binding":"DB","id":"${ID}"}]}\n`);
  });

  it("a one-line file with an existing binding: the second goes beside it", () => {
    expect(insert('{"name":"w","hyperdrive":[{"binding":"A","id":"1"}]}', { binding: "B" })).toBe(
      `{"name":"w","hyperdrive":[{"binding":"A","id":"1"},{"binding":"B","id":"${ID}"}]}`,
    );
  });

  it("an inline hyperdrive array in a JSONC file of several lines stays inline; every other line is kept", () => {
    const text = '{\n  // main\n  "name": "w",\n  "hyperdrive": [{ "binding": "A", "id": "00000000000000000000000000000000" }], // pinned\n}\n';
    expect(insert(text, { binding: "B" }, "jsonc")).toBe(
      `{\n  // main\n  "name": "w",\n  "hyperdrive": [{ "binding": "A", "id": "00000000000000000000000000000000" }, { "binding": "B", "id": "${ID}" }], // pinned\n}\n`,
    );
  });

  it("an inline env section gets its hyperdrive array on its line, in a one-line file too", () => {
    expect(insert('{"name":"w","env":{"staging":{"name":"w-staging"}}}', { env: "staging" })).toBe(
      `{"name":"w","env":{"staging":{"name":"w-staging","hyperdrive":[{"binding":"HYPERDRIVE","id":"${ID}"}]}}}`,
    );
    expect(insert('{"name":"w","env":{"staging":{}}}', { env: "staging" })).toBe(`{"name":"w","env":{"staging":{"hyperdrive":[{"binding":"HYPERDRIVE","id":"${ID}"}]}}}`);
  });

  it("repointing with --remote adds remote: true inside a one-line entry", () => {
    expect(insert('{"hyperdrive":[{"binding":"HYPERDRIVE","id":"1"}]}', { remote: true })).toBe(`{"hyperdrive":[{"binding":"HYPERDRIVE","id":"${ID}","remote":true}]}`);
  });

  it("a file that is only {} has no style to keep: the binding is laid out as wrangler writes it", () => {
    expect(insert("{}\n")).toBe(`{\n\t"hyperdrive": [\n\t\t{\n\t\t\t"binding": "HYPERDRIVE",\n\t\t\t"id": "${ID}"\n\t\t}\n\t]\n}\n`);
  });

  it("a file of several lines with an empty array: the entry is laid out over lines, indented as the file is", () => {
    expect(insert('{\n  "name": "w",\n  "hyperdrive": []\n}\n')).toBe(
      `{\n  "name": "w",\n  "hyperdrive": [\n    {\n      "binding": "HYPERDRIVE",\n      "id": "${ID}"\n    }\n  ]\n}\n`,
    );
  });
});

describe("planBindingEdit on edge shapes", () => {
  it("an empty array: filled in place, the rest of its line kept", () => {
    const text = '{\n  "name": "x",\n  "hyperdrive": [], // none yet\n  "main": "a"\n}\n';
    const plan = planBindingEdit({ text, format: "jsonc", id: ID });
    expect(plan.kind === "insert" && plan.text).toBe(
      `{\n  "name": "x",\n  "hyperdrive": [\n    {\n      "binding": "HYPERDRIVE",\n      "id": "${ID}"\n    }\n  ], // none yet\n  "main": "a"\n}\n`,
    );
  });

  it("a block comment after the last entry stays on its line", () => {
    const text = '{\r\n\t"hyperdrive": [\r\n\t\t{ "binding": "A", "id": "1" } /* old */\r\n\t]\r\n}';
    const plan = planBindingEdit({ text, format: "jsonc", id: ID });
    expect(plan.kind === "insert" && plan.text).toBe(
      `{\r\n\t"hyperdrive": [\r\n\t\t{ "binding": "A", "id": "1" }, /* old */\r\n\t\t{ "binding": "HYPERDRIVE", "id": "${ID}" }\r\n\t]\r\n}`,
    );
  });

  it("a binding without an id is repointed with no previous id", () => {
    const plan = planBindingEdit({ text: '{ "hyperdrive": [{ "binding": "A" }] }', format: "json", id: ID, binding: "A" });
    expect(plan).toMatchObject({ kind: "repoint", binding: "A", previousId: undefined });
  });

  it("a TOML id that is not a one-line string is not rewritten", () => {
    const plan = planBindingEdit({ text: '[[hyperdrive]]\nbinding = "A"\nid = """1"""\n', format: "toml", id: ID, binding: "A" });
    expect(plan).toEqual({ kind: "unsupported", reason: 'entry 1 of [[hyperdrive]] has no one-line id = "…" to replace' });
  });

  it("duplicate JSON keys: the edit lands in the first, the parser reads the last, the verifier refuses", () => {
    const text = '{\n  "hyperdrive": [],\n  "hyperdrive": [\n    { "binding": "A", "id": "1" }\n  ]\n}\n';
    expect(planBindingEdit({ text, format: "json", id: ID, binding: "B" }).kind).toBe("unverified");
  });
});
