import { describe, expect, it } from "vitest";
import { API_CODES, CODES, apiCode, connectionTestMessage, normaliseSslmode, SSLMODE_VERIFICATION, SSLMODES } from "../../src/api/contract";

describe("normaliseSslmode: one rule, case-insensitive, in the scheme's family and the API's spelling", () => {
  it.each([
    ["verify-full", "postgresql", "verify-full"],
    ["VERIFY-FULL", "postgres", "verify-full"],
    ["required", "mysql", "REQUIRED"],
    ["verify_identity", "mysql", "VERIFY_IDENTITY"],
    ["verify_ca", undefined, "VERIFY_CA"],
    ["Require", undefined, "require"],
  ] as const)("%s for %s is %s", (text, scheme, mode) => {
    expect(normaliseSslmode(text, scheme)).toBe(mode);
  });

  it.each([
    ["VERIFY_CA", "postgresql"],
    ["verify-full", "mysql"],
    ["require", "mysql"],
    ["disable", undefined],
    ["verify ca", undefined],
  ] as const)("%s for %s is no mode of Hyperdrive's", (text, scheme) => {
    expect(normaliseSslmode(text, scheme)).toBeUndefined();
  });

  it("every mode has a meaning, and the families line up", () => {
    expect(SSLMODES.mysql.map((m) => SSLMODE_VERIFICATION[m])).toEqual([...SSLMODES.postgres]);
  });
});

describe("API codes: one table, each number once", () => {
  it("numbers are unique and CODES mirrors the table", () => {
    const numbers = Object.values(API_CODES).map((e) => e.code);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(CODES.nameExists).toBe(2017);
    expect(apiCode(2013)?.message).toBe("Invalid database credentials.");
    expect(apiCode(42)).toBeUndefined();
  });

  it("connection-test messages: 2015 carries the detail, the others are Hyperdrive's sentence", () => {
    expect(connectionTestMessage(2015, "TLS handshake failed: x")).toBe("Failed to connect to the provided database: TLS handshake failed: x");
    expect(connectionTestMessage(2012, "ssl = off")).toBe("Databases must be configured to support SSL/TLS.");
    expect(connectionTestMessage(2017, "whatever")).toBe("Failed to connect to the provided database");
  });
});
