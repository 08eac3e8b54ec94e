// The probe against real MariaDB servers on loopback (the MySQL protocol): the codes loopback can produce, TLS
// verification, and the authentication switch Hyperdrive does not support.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMariadb, type TestDatabase } from "../support/databases";
import { makeFixtureSet, type FixtureSet } from "../support/pki";
import { doctor, serverTls, statuses, targetOf } from "./helpers";

let fixtures: FixtureSet;
beforeAll(async () => {
  fixtures = await makeFixtureSet();
});

describe("MariaDB with TLS", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startMariadb({ tls: serverTls(fixtures) });
  });
  afterAll(() => db?.stop());

  test("an origin Hyperdrive would accept, verified with VERIFY_IDENTITY", async () => {
    const result = await doctor(targetOf(db), {
      allowPrivate: true,
      tls: { sslmode: "VERIFY_IDENTITY", ca: fixtures.rootCa.certPem },
    });
    expect(result.exitCode).toBe(0);
    expect(statuses(result)).toMatchObject({ tls: "ok", auth: "ok", database: "ok", query: "ok", server: "ok" });
    expect(result.report.server).toMatchObject({ product: "mariadb", authMethod: "mysql_native_password", maxConnections: 40 });
    expect(result.output).toMatch(/MariaDB 10\.\d+\.\d+\n/);
  });

  test("2009 for a loopback address without --allow-private", async () => {
    const result = await doctor(targetOf(db));
    expect(result.report.failure?.code).toBe(2009);
    expect(statuses(result)).toMatchObject({ public: "fail", auth: "ok", query: "ok" });
  });

  test("a CA that did not sign the server certificate fails VERIFY_CA", async () => {
    const result = await doctor(targetOf(db), { allowPrivate: true, tls: { sslmode: "VERIFY_CA", ca: fixtures.otherCa.certPem } });
    expect(result.report.failure?.message).toBe("Failed to connect to the provided database: TLS handshake failed: cert validation failed.");
  });

  test("2013 for a wrong password", async () => {
    const result = await doctor(targetOf(db, { password: "not-the-password" }), { allowPrivate: true });
    expect(result.report.failure?.code).toBe(2013);
    expect(result.report.failure?.detail).toContain("Access denied for user 'app'");
  });

  test("2014 for a database that does not exist", async () => {
    const result = await doctor(targetOf(db, { database: "missing" }), { allowPrivate: true });
    expect(result.report.failure?.code).toBe(2014);
    expect(statuses(result)).toMatchObject({ auth: "ok", database: "fail", query: "skip" });
  });

  test("2016 when the test query fails: a user whose password has expired", async () => {
    const result = await doctor(targetOf(db, db.restricted), { allowPrivate: true });
    expect(result.report.failure?.code).toBe(2016);
    expect(result.report.failure?.detail).toContain("ER_MUST_CHANGE_PASSWORD");
    expect(statuses(result)).toMatchObject({ auth: "ok", database: "ok", query: "fail" });
  });

  test("a user whose plugin differs from the server default needs an AuthSwitchRequest, which Hyperdrive lacks", async () => {
    const password = "ed25519-secret-password";
    await db.admin("INSTALL SONAME 'auth_ed25519'");
    await db.admin(`CREATE USER 'edward'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('${password}')`);
    await db.admin("GRANT ALL ON app.* TO 'edward'@'%'");
    const result = await doctor(targetOf(db, { user: "edward", password }), { allowPrivate: true });
    expect(result.report.failure).toMatchObject({
      code: 2015,
      message: "Failed to connect to the provided database: Hyperdrive does not currently support MySQL AuthSwitchRequest messages",
    });
    expect(result.report.failure?.detail).toContain("client_ed25519");
    expect(result.report.failure?.hint).toContain("IDENTIFIED WITH mysql_native_password");
  });
});

describe("MariaDB without TLS", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startMariadb();
  });
  afterAll(() => db?.stop());

  test("2012: no SSL capability in the server's handshake", async () => {
    const result = await doctor(targetOf(db), { allowPrivate: true });
    expect(result.report.failure).toMatchObject({ code: 2012, message: "Databases must be configured to support SSL/TLS." });
    expect(result.report.failure?.detail).toContain("MariaDB");
  });
});
