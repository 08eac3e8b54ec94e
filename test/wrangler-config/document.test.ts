// Reading a config as data: syntax problems, the Hyperdrive section, account_id.
import { describe, expect, it } from "vitest";
import { ConfigSyntaxError, listBindings, readAccountId } from "../../src/wrangler-config/document";
import { parseConfig } from "../../src/wrangler-config/document";
import { readInput } from "./helpers";

describe("parseConfig", () => {
  it("accepts comments, trailing commas and a BOM in JSONC, and an empty file", () => {
    expect(parseConfig(readInput("c3-template.jsonc"), "jsonc")).toMatchObject({ ok: true, doc: { name: "orders-api" } });
    expect(parseConfig(readInput("bom.json"), "json")).toMatchObject({ ok: true, doc: { name: "reports" } });
    expect(parseConfig("", "jsonc")).toEqual({ ok: true, doc: {} });
    expect(parseConfig("", "toml")).toEqual({ ok: true, doc: {} });
  });

  it("reports where a file does not parse", () => {
    expect(parseConfig("[1, 2]", "json")).toEqual({ ok: false, problem: { reason: "the top level is not an object", line: 1, column: 1 } });
    expect(parseConfig('{\n  "a": 1,\n  "b": }\n', "json")).toEqual({ ok: false, problem: { reason: "value expected", line: 3, column: 8 } });
    expect(parseConfig('a = 1\na = 2\n', "toml")).toEqual({ ok: false, problem: { reason: "Cannot redefine existing key 'a'", line: 2, column: 1 } });
    expect(parseConfig('a = "x', "toml")).toMatchObject({ ok: false, problem: { reason: "unexpected end of file", line: 1 } });
  });
});

describe("listBindings", () => {
  it("lists the top-level section, or the environment's", () => {
    expect(listBindings(readInput("existing-entries.toml"), "toml")).toEqual([
      { binding: "HYPERDRIVE", id: "c81e728d9d4c2f636f067f89cc14862c" },
      { binding: "REPLICA", id: "eccbc87e4b5ce2fe28308fd9f2a7baa3" },
    ]);
    expect(listBindings(readInput("env-sections.toml"), "toml")).toEqual([]);
    expect(listBindings(readInput("env-sections.toml"), "toml", "staging")).toEqual([
      { binding: "HYPERDRIVE", id: "a87ff679a2f3e71d9181a67b7542122c" },
    ]);
  });

  it("does not return localConnectionString (it may hold a password)", () => {
    expect(listBindings(readInput("four-spaces-existing.jsonc"), "jsonc")).toEqual([
      { binding: "HYPERDRIVE", id: "a76a99bc342644deb02c38d66082262a" },
    ]);
  });

  it("throws ConfigSyntaxError (exit 2) with the line and column", () => {
    expect(() => listBindings(readInput("invalid.jsonc"), "jsonc")).toThrow(
      new ConfigSyntaxError({ reason: "comma expected", line: 4, column: 3 }),
    );
    try {
      listBindings(readInput("invalid.toml"), "toml");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigSyntaxError);
      expect((error as ConfigSyntaxError).exitCode).toBe(2);
      expect((error as ConfigSyntaxError).message).toBe("The wrangler config does not parse (unexpected end of line at line 2, column 7).");
    }
  });
});

describe("readAccountId", () => {
  const jsonc = `{
    "account_id": "top-account", // the default
    "env": { "eu": { "account_id": "eu-account" }, "us": {} },
  }`;
  const toml = 'account_id = "top-account"\n\n[env.eu]\naccount_id = "eu-account"\n\n[env.us]\nname = "us"\n';

  it("reads the top level, and lets an environment override it", () => {
    for (const [text, format] of [[jsonc, "jsonc"], [toml, "toml"]] as const) {
      expect(readAccountId(text, format)).toBe("top-account");
      expect(readAccountId(text, format, "eu")).toBe("eu-account");
      expect(readAccountId(text, format, "us")).toBe("top-account");
      expect(readAccountId(text, format, "missing")).toBe("top-account");
    }
  });

  it("is undefined when the config has none", () => {
    expect(readAccountId(readInput("c3-template.jsonc"), "jsonc")).toBeUndefined();
    expect(readAccountId('account_id = ""\n', "toml")).toBeUndefined();
  });

  it("throws ConfigSyntaxError on a broken config rather than guessing", () => {
    expect(() => readAccountId(readInput("invalid.toml"), "toml")).toThrow(ConfigSyntaxError);
  });
});
