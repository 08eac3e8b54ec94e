import { describe, expect, it } from "vitest";
import { newConfigName } from "../../src/commands/rotate";
import { MAX_CONFIG_NAME_LENGTH } from "../../src/api/contract";
import { secretSource } from "../../src/origin/secret-source";

const day = new Date("2026-12-01T23:59:00Z");

describe("rotate's new config name", () => {
  it("is <old>-<yyyymmdd> (UTC), then -2, -3 while taken", () => {
    expect(newConfigName("prod-db", day, new Set())).toBe("prod-db-20261201");
    expect(newConfigName("prod-db", day, new Set(["prod-db-20261201"]))).toBe("prod-db-20261201-2");
    expect(newConfigName("prod-db", day, new Set(["prod-db-20261201", "prod-db-20261201-2"]))).toBe("prod-db-20261201-3");
  });

  it("cuts a long old name so the date and counter stay whole, within the limit, without a dangling dash", () => {
    const long = `${"a".repeat(50)}-${"b".repeat(20)}`;
    const name = newConfigName(long, day, new Set());
    expect(name).toBe(`${"a".repeat(50)}-${"b".repeat(4)}-20261201`);
    expect(name.length).toBe(MAX_CONFIG_NAME_LENGTH);
    const dash = newConfigName(`${"a".repeat(55)}-xyz`, day, new Set());
    expect(dash).toBe(`${"a".repeat(55)}-20261201`);
    const second = newConfigName(long, day, new Set([name]));
    expect(second).toBe(`${"a".repeat(50)}-${"b".repeat(2)}-20261201-2`);
    expect(second.length).toBe(MAX_CONFIG_NAME_LENGTH);
  });

  it("counts characters, not bytes or UTF-16 units", () => {
    expect([...newConfigName("é".repeat(70), day, new Set())].length).toBe(MAX_CONFIG_NAME_LENGTH);
  });
});

describe("secret sources", () => {
  it("reads -, @file and env:NAME; anything else is the value", () => {
    expect(secretSource("-", "--origin-password")).toEqual({ kind: "stdin" });
    expect(secretSource("@pw.txt", "--origin-password")).toEqual({ kind: "file", path: "pw.txt" });
    expect(secretSource("env:DB_PW", "--origin-password")).toEqual({ kind: "env", name: "DB_PW" });
    expect(secretSource("s3cret", "--origin-password")).toEqual({ kind: "literal", value: "s3cret" });
  });
  it("refuses an empty @ and a bad variable name, naming the flag", () => {
    expect(() => secretSource("@", "--access-client-secret")).toThrow(/--access-client-secret @ needs a file name/);
    expect(() => secretSource("env:1x", "--origin-password")).toThrow(/--origin-password env:1x does not name an environment variable/);
  });
});
