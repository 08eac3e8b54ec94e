// The verify-before-write check, fed edits forced to go wrong.
import { describe, expect, it } from "vitest";
import { verifyEdit, type IntendedChange } from "../../src/wrangler-config/verify";
import { applyChange } from "../../src/wrangler-config/verify";
import { readExpected, readInput } from "./helpers";

const ID = "7d793037a0760186574b0282f2f435e7";
const insert: IntendedChange = { kind: "insert", entry: { binding: "HYPERDRIVE", id: ID } };

describe("verifyEdit (JSONC)", () => {
  const before = readInput("c3-template.jsonc");
  const good = readExpected("c3-template.insert.jsonc");

  it("accepts the old document plus exactly the new binding", () => {
    expect(verifyEdit("jsonc", before, good, insert)).toEqual({ ok: true });
  });

  it("rejects an edit that also changes an unrelated value", () => {
    const wrong = good.replace('"name": "orders-api"', '"name": "orders-apx"');
    expect(wrong).not.toBe(good);
    expect(verifyEdit("jsonc", before, wrong, insert)).toEqual({
      ok: false,
      reason: "the edited file would differ from the original by more than the new binding",
    });
  });

  it("rejects an edit that puts the binding in the wrong section", () => {
    expect(verifyEdit("jsonc", before, good, { ...insert, env: "staging" }).ok).toBe(false);
  });

  it("rejects an edit with the wrong id", () => {
    expect(verifyEdit("jsonc", before, good.replace(ID, ID.replace("7d", "8d")), insert).ok).toBe(false);
  });

  it("rejects an edit that breaks the syntax, naming the line", () => {
    const wrong = good.replace('"binding": "HYPERDRIVE",', '"binding": "HYPERDRIVE"');
    expect(wrong).not.toBe(good);
    expect(verifyEdit("jsonc", before, wrong, insert)).toEqual({
      ok: false,
      reason: "the edited file would not parse (comma expected at line 27)",
    });
  });
});

describe("verifyEdit (TOML)", () => {
  const before = readInput("existing-entries.toml");

  it("rejects keys appended without their own header (they would land in [[queues.producers]])", () => {
    const wrong = `${before}binding = "PAYMENTS_EU"\nid = "${ID}"\n`;
    const change: IntendedChange = { kind: "insert", entry: { binding: "PAYMENTS_EU", id: ID } };
    expect(verifyEdit("toml", before, wrong, change).ok).toBe(false);
  });

  it("rejects a block inserted inside an existing entry, which splits it", () => {
    const block = `[[hyperdrive]]\nbinding = "PAYMENTS_EU"\nid = "${ID}"\n`;
    const wrong = before.replace('[[hyperdrive]]\nbinding = "HYPERDRIVE"\n', `[[hyperdrive]]\n${block}binding = "HYPERDRIVE"\n`);
    expect(wrong).toContain(block);
    const change: IntendedChange = { kind: "insert", entry: { binding: "PAYMENTS_EU", id: ID } };
    expect(verifyEdit("toml", before, wrong, change).ok).toBe(false);
  });

  it("accepts a repoint that changes only that id, and rejects one that also drops localConnectionString", () => {
    const change: IntendedChange = { kind: "repoint", index: 0, id: ID };
    const good = readExpected("existing-entries.repoint.toml");
    expect(verifyEdit("toml", before, good, change)).toEqual({ ok: true });
    const wrong = good.replace(/^localConnectionString = .*\n/m, "");
    expect(wrong).not.toBe(good);
    expect(verifyEdit("toml", before, wrong, change).ok).toBe(false);
  });

  it("rejects a repoint of the wrong entry", () => {
    const good = readExpected("existing-entries.repoint.toml");
    expect(verifyEdit("toml", before, good, { kind: "repoint", index: 1, id: ID }).ok).toBe(false);
  });
});

describe("applyChange", () => {
  it("returns a new document and leaves the old one alone", () => {
    const doc = { name: "w", env: { staging: { name: "w-s" } } };
    const result = applyChange(doc, { ...insert, env: "staging" });
    expect(result).toEqual({ name: "w", env: { staging: { name: "w-s", hyperdrive: [{ binding: "HYPERDRIVE", id: ID }] } } });
    expect(doc).toEqual({ name: "w", env: { staging: { name: "w-s" } } });
  });
});
