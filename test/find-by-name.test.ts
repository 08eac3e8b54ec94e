import { describe, expect, it, vi } from "vitest";
import { findByName, type NameLookup } from "../src/find-by-name";
import { UsageError } from "../src/errors";

interface Item {
  id: string;
  name?: string;
}

const how: NameLookup<Item> = {
  nameOf: (i) => i.name,
  line: (i) => `  ${i.id}  ${i.name ?? "(no name)"}`,
  plural: "things",
  notFound: "No thing named that.",
  none: "There are no things yet.",
  heading: "Things here",
};
const items = (...names: Array<string | undefined>): Item[] => names.map((name, n) => ({ id: `id${n}`, name }));
const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable("expected a UsageError"), (e) => (expect(e).toBeInstanceOf(UsageError), e as UsageError));

describe("findByName", () => {
  it("the one item with exactly that name (case counts), without asking for the full listing", async () => {
    const everything = vi.fn(() => []);
    const list = items("prod", "Prod", "staging");
    expect(await findByName("Prod", list, how, everything)).toBe(list[1]);
    expect(everything).not.toHaveBeenCalled();
  });

  it("several with the name: an error listing each, to give the id instead", async () => {
    const e = await failure(findByName("db", items("db", "other", "db"), how));
    expect(e.message).toBe("2 things are named 'db'; give the id instead:\n  id0  db\n  id2  db");
  });

  it("none: up to five near names, either containing the other, in any case; unnamed items are never near", async () => {
    const e = await failure(findByName("Prod-DB", items("prod", undefined, "prod-db-2", "PROD-DB-old", "staging", "p", "a-prod-db", "prod-db-x", "prod-db-y"), how));
    expect(e.message).toBe("No thing named that.");
    expect(e.hint).toBe("Did you mean:\n  id0  prod\n  id2  prod-db-2\n  id3  PROD-DB-old\n  id5  p\n  id6  a-prod-db\n  … and 2 more (hyperdrive list shows them all)");
  });

  it("none and nothing near: the first ten under the heading; nothing at all: the hint for an empty account", async () => {
    const many = items(...Array.from({ length: 12 }, (_, n) => `n${n}`));
    const e = await failure(findByName("zzz", many, how));
    expect(e.hint).toBe(`Things here:\n${many.slice(0, 10).map(how.line).join("\n")}\n  … and 2 more (hyperdrive list shows them all)`);
    const ten = items(...Array.from({ length: 10 }, (_, n) => `n${n}`));
    expect((await failure(findByName("zzz", ten, how))).hint).toBe(`Things here:\n${ten.map(how.line).join("\n")}`);
    expect((await failure(findByName("zzz", [], how))).hint).toBe("There are no things yet.");
  });

  it.each(["d1e2f3a4-0000-4000-8000-00000000d1d1", "0123456789abcdef0123", "D1E2F3A40000400080000000"])("an id-like %s is never matched by substring: no 'Did you mean' a name inside it", async (input) => {
    const e = await failure(findByName(input, items("d1", "00", "other"), how));
    expect(e.hint).toBe("Things here (no thing has this id or name):\n  id0  d1\n  id1  00\n  id2  other");
  });

  it("suggests from the full listing when the candidates were filtered by name", async () => {
    const e = await failure(findByName("prod", [], how, async () => items("prod-1")));
    expect(e.hint).toBe("Did you mean:\n  id0  prod-1");
  });
});
