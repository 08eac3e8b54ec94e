import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors";
import { isValidBindingName, suggestBindingName, validateBindingFlag } from "../../src/wrangler-config/binding-name";

describe("binding names", () => {
  it.each(["HYPERDRIVE", "PROD_DB", "db", "_private", "$db", "DB2"])("%s is valid", (name) => {
    expect(isValidBindingName(name)).toBe(true);
  });

  it.each(["my-db", "1db", "my db", "", "class", "café", "db.main"])("%j is not valid", (name) => {
    expect(isValidBindingName(name)).toBe(false);
  });

  it.each([
    ["my-db", "my_db"],
    ["1db", "_1db"],
    [" my db ", "my_db"],
    ["class", "CLASS"],
    ["café", "cafe"],
    ["db.main", "db_main"],
    ["---", "HYPERDRIVE"],
  ])("suggests %j → %s, a valid name", (name, suggestion) => {
    expect(suggestBindingName(name)).toBe(suggestion);
    expect(isValidBindingName(suggestion)).toBe(true);
  });

});

describe("validateBindingFlag", () => {
  it("accepts a valid name", () => {
    expect(() => validateBindingFlag("PROD_DB")).not.toThrow();
  });

  it("rejects an invalid one with exit 2 and a suggestion, never rewriting it", () => {
    try {
      validateBindingFlag("my-db");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(2);
      expect((error as UsageError).message).toBe('--binding "my-db" is not a valid JavaScript identifier.');
      expect((error as UsageError).hint).toContain("--binding my_db");
    }
  });
});
