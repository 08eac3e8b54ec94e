// The server notes (never failures) and the classification of driver errors that real servers here cannot produce.
import { describe, expect, test } from "vitest";
import { classifyMysqlError } from "../../src/probe/mysql";
import { isSupportedVersion, serverNotes, type ServerFacts } from "../../src/probe/notes";
import { classifyPostgresError } from "../../src/probe/postgres";
import type { ProbeTarget } from "../../src/probe/types";

const target: ProbeTarget = { scheme: "postgres", host: "db", port: 5432, user: "app", password: "pw", database: "app" };

describe("supported versions", () => {
  test.each<[ServerFacts["product"], string, boolean]>([
    ["postgresql", "9.0.23", true],
    ["postgresql", "8.4.22", false],
    ["postgresql", "15.18 (Debian 15.18-0+deb12u1)", true],
    ["postgresql", "17.2", true],
    ["postgresql", "18.0", false],
    ["mysql", "5.6.51", false],
    ["mysql", "5.7.44-log", true],
    ["mysql", "8.4.3", true],
    ["mysql", "9.1.0", false],
    ["mariadb", "5.5.5-10.11.19-MariaDB-0+deb12u1", true],
    ["mariadb", "11.4.3-MariaDB", true],
  ])("%s %s: %s", (product, version, supported) => {
    expect(isSupportedVersion({ product, version })).toBe(supported);
  });
});

describe("serverNotes", () => {
  test("a supported server with room for the pool: ok, one note per line", () => {
    const notes = serverNotes({ product: "postgresql", version: "16.4", maxConnections: 100, reservedConnections: 3 }, target, undefined);
    expect(notes).toMatchObject({ status: "ok", detail: "PostgreSQL 16.4\nmax_connections 100" });
  });

  test("MariaDB's version is shown without the replication prefix", () => {
    const notes = serverNotes({ product: "mariadb", version: "5.5.5-10.11.19-MariaDB-0+deb12u1" }, target, undefined);
    expect(notes.detail).toBe("MariaDB 10.11.19");
  });

  test("warnings: version, connections, advisory locks, character set, long names", () => {
    const facts: ServerFacts = { product: "postgresql", version: "18.1", maxConnections: 22, reservedConnections: 3, advisoryLocks: 2 };
    const notes = serverNotes(facts, { ...target, user: "u".repeat(64) }, undefined);
    expect(notes.status).toBe("warn");
    expect(notes.detail.split("\n")).toEqual([
      "PostgreSQL 18.1 is outside the versions Hyperdrive is known to support (9.0–17.x)",
      "max_connections 22 leaves 19 for clients, fewer than Hyperdrive's pool (about 20 connections on the Free plan, 100 on Paid)",
      "2 advisory lock(s) held now: Hyperdrive does not support advisory locks",
      "the user name is 64 bytes; Hyperdrive allows at most 63",
    ]);
    const mysql = serverNotes({ product: "mysql", version: "8.0.36", characterSet: "latin1" }, target, undefined);
    expect(mysql.detail).toContain("character_set_server is latin1: Hyperdrive does not support non-UTF8 characters in queries");
  });

  test("the origin connection limit, when given, is what max_connections is compared with", () => {
    expect(serverNotes({ product: "mysql", version: "8.0.36", maxConnections: 151 }, target, 200).detail).toContain(
      "fewer than the origin connection limit (200)",
    );
    expect(serverNotes({ product: "mysql", version: "8.0.36", maxConnections: 151 }, target, 100).status).toBe("ok");
  });
});

describe("driver errors", () => {
  test("PostgreSQL asking for GSSAPI: unsupported by Hyperdrive (2015)", () => {
    const { step, failure } = classifyPostgresError(new Error("Unknown authenticationOk message type 7"), false);
    expect(step).toBe("auth");
    expect(failure.code).toBe(2015);
    expect(failure.message).toBe("the server asks for GSSAPI; Hyperdrive supports SCRAM-SHA-256, md5 and password authentication");
  });

  test("PostgreSQL closing the connection after login: Hyperdrive's observed wording", () => {
    const { step, failure } = classifyPostgresError(new Error("Connection terminated unexpectedly"), true);
    expect(step).toBe("database");
    expect(failure.hyperdrive).toBe("Connection closed unexpectedly by the database server");
  });

  test.each([
    [1045, "auth", 2013],
    [1862, "auth", 2013],
    [1049, "database", 2014],
    [1044, "database", 2014],
    [1040, "auth", 2015],
  ])("MySQL errno %i: %s step, code %i", (errno, step, code) => {
    const error = Object.assign(new Error("server said no"), { errno });
    expect(classifyMysqlError(error, "caching_sha2_password")).toMatchObject({ step, failure: { code } });
  });

  test("MySQL switching to mysql_native_password from caching_sha2_password: AuthSwitchRequest (2015)", () => {
    const { failure } = classifyMysqlError(new Error("AuthSwitchRequest to mysql_native_password"), "caching_sha2_password", "mysql_native_password");
    expect(failure.code).toBe(2015);
    expect(failure.hyperdrive).toBe("Hyperdrive does not currently support MySQL AuthSwitchRequest messages");
    expect(failure.hint).toContain("IDENTIFIED WITH caching_sha2_password");
  });
});
