import { describe, expect, it } from "vitest";
import { formatSnippet } from "../../src/wrangler-config/snippet";

const id = "7d793037a0760186574b0282f2f435e7";

describe("formatSnippet", () => {
  it("JSON (also for jsonc and when there is no file): a complete object to merge", () => {
    const expected = `{\n  "hyperdrive": [\n    {\n      "binding": "HYPERDRIVE",\n      "id": "${id}"\n    }\n  ]\n}`;
    expect(formatSnippet("json", { binding: "HYPERDRIVE", id })).toBe(expected);
    expect(formatSnippet("jsonc", { binding: "HYPERDRIVE", id })).toBe(expected);
    expect(JSON.parse(formatSnippet("json", { binding: "DB", id, env: "staging" }))).toEqual({
      env: { staging: { hyperdrive: [{ binding: "DB", id }] } },
    });
  });

  it("TOML: a [[hyperdrive]] block, with the environment in the header", () => {
    expect(formatSnippet("toml", { binding: "HYPERDRIVE", id })).toBe(`[[hyperdrive]]\nbinding = "HYPERDRIVE"\nid = "${id}"`);
    expect(formatSnippet("toml", { binding: "DB", id, env: "staging" })).toBe(`[[env.staging.hyperdrive]]\nbinding = "DB"\nid = "${id}"`);
    expect(formatSnippet("toml", { binding: "DB", id, env: "eu west" }).split("\n")[0]).toBe('[[env."eu west".hyperdrive]]');
  });
});
