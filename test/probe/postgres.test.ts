// The probe against real PostgreSQL 15 servers on loopback: every code loopback can produce, and TLS verification.
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ConnectFn } from "../../src/probe/types";
import { defaultConnect } from "../../src/probe/network";
import { startPostgres, type TestDatabase } from "../support/databases";
import { makeFixtureSet, type FixtureSet } from "../support/pki";
import { doctor, serverTls, statuses, targetOf } from "./helpers";

let fixtures: FixtureSet;
beforeAll(async () => {
  fixtures = await makeFixtureSet();
});

describe("PostgreSQL with TLS", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startPostgres({ tls: serverTls(fixtures) });
  });
  afterAll(() => db?.stop());

  test("an origin Hyperdrive would accept: every step passes, exit 0", async () => {
    const result = await doctor(targetOf(db), {
      allowPrivate: true,
      tls: { sslmode: "verify-full", ca: fixtures.rootCa.certPem },
    });
    expect(result.exitCode).toBe(0);
    expect(result.report.failure).toBeUndefined();
    expect(statuses(result)).toEqual({
      dns: "skip",
      public: "ok",
      tcp: "ok",
      tls: "ok",
      auth: "ok",
      database: "ok",
      query: "ok",
      server: "ok",
    });
    expect(result.report.server).toMatchObject({ product: "postgresql", authMethod: "SCRAM-SHA-256", maxConnections: 40 });
    expect(result.report.server?.version).toMatch(/^15\./);
    expect(result.output).toContain("SCRAM-SHA-256 as app");
    expect(result.output).toContain("Hyperdrive would accept this origin.");
  });

  test("a public hostname (lookup and connect routed to loopback): accepted without --allow-private; sockets closed", async () => {
    const publicIp = "1.2.3.4";
    const sockets: Socket[] = [];
    const connect: ConnectFn = async ({ host, timeoutMs }) => {
      expect(host).toBe(publicIp);
      const socket = await defaultConnect({ host: db.host, port: db.port, timeoutMs });
      sockets.push(socket);
      return socket;
    };
    const result = await doctor(targetOf(db, { host: "db.example.test" }), {
      lookup: async () => [{ address: publicIp, family: 4 }],
      connect,
      tls: { sslmode: "verify-ca", ca: fixtures.rootCa.certPem },
    });
    expect(result.exitCode).toBe(0);
    expect(statuses(result)).toMatchObject({ dns: "ok", public: "ok", tls: "ok", query: "ok" });
    expect(sockets).toHaveLength(2);
    expect(sockets.every((socket) => socket.destroyed)).toBe(true);
  });

  test("2009 for a loopback address without --allow-private; the later steps are still checked", async () => {
    const result = await doctor(targetOf(db), { tls: { sslmode: "verify-ca", ca: fixtures.rootCa.certPem } });
    expect(result.exitCode).toBe(1);
    expect(result.report.failure?.code).toBe(2009);
    expect(result.report.failure?.hint).toContain("--access-client-id");
    expect(result.report.steps.find((step) => step.id === "public")?.detail).toContain("127.0.0.1 is not a public address (loopback)");
    expect(statuses(result)).toMatchObject({ tcp: "ok", tls: "ok", auth: "ok", database: "ok", query: "ok" });
  });

  test("sslmode require accepts a certificate from a private CA, with a warning", async () => {
    const result = await doctor(targetOf(db), { allowPrivate: true });
    expect(result.exitCode).toBe(0);
    const tls = result.report.steps.find((step) => step.id === "tls");
    expect(tls?.status).toBe("warn");
    expect(tls?.detail).toContain("not verified against public CAs");
  });

  test("a CA that did not sign the server certificate fails verify-ca as Hyperdrive words it", async () => {
    const result = await doctor(targetOf(db), {
      allowPrivate: true,
      tls: { sslmode: "verify-ca", ca: fixtures.otherCa.certPem },
    });
    expect(result.report.failure).toMatchObject({
      code: 2015,
      message: "Failed to connect to the provided database: TLS handshake failed: cert validation failed.",
    });
    expect(statuses(result)).toMatchObject({ tls: "fail", auth: "skip" });
  });

  test("a hostname the certificate does not name fails verify-full but passes verify-ca", async () => {
    const target = targetOf(db, { host: "db.example.test" });
    const options = { allowPrivate: true, lookup: async () => [{ address: "127.0.0.1", family: 4 }] };
    const full = await doctor(target, { ...options, tls: { sslmode: "verify-full", ca: fixtures.rootCa.certPem } });
    expect(full.report.failure?.code).toBe(2015);
    expect(full.report.failure?.detail).toContain("db.example.test");
    const ca = await doctor(target, { ...options, tls: { sslmode: "verify-ca", ca: fixtures.rootCa.certPem } });
    expect(ca.exitCode).toBe(0);
    expect(statuses(ca)).toMatchObject({ dns: "ok", tls: "ok" });
  });

  test("2013 for a wrong password", async () => {
    const result = await doctor(targetOf(db, { password: "not-the-password" }), { allowPrivate: true });
    expect(result.report.failure).toMatchObject({ code: 2013, message: "Invalid database credentials." });
    expect(result.report.failure?.detail).toContain('password authentication failed for user "app"');
    expect(statuses(result)).toMatchObject({ auth: "fail", database: "skip", query: "skip" });
    // Doctor has no config to update: the fix names the user, and no `hyperdrive update <config>`.
    expect(result.output).toContain("\n  Fix: The database rejected 'app'. Check that the user exists and the password is right (case-sensitive).\n");
    expect(result.output).not.toContain("hyperdrive update");
  });

  test("2014 for a database that does not exist", async () => {
    const result = await doctor(targetOf(db, { database: "missing" }), { allowPrivate: true });
    expect(result.report.failure?.code).toBe(2014);
    expect(statuses(result)).toMatchObject({ auth: "ok", database: "fail", query: "skip" });
    expect(result.report.failure?.hint).toBe(
      `The database 'missing' does not exist on 127.0.0.1:${db.port}. Check the database name (not a table or schema name), and that 'app' may use it.`,
    );
  });

  test("2016 for a user without the CONNECT privilege on the database", async () => {
    const result = await doctor(targetOf(db, db.restricted), { allowPrivate: true });
    expect(result.report.failure?.code).toBe(2016);
    expect(result.report.failure?.detail).toContain("CONNECT privilege");
    expect(statuses(result)).toMatchObject({ auth: "ok", database: "ok", query: "fail" });
  });

  test("max_connections below the origin connection limit is a warning, not a failure", async () => {
    const result = await doctor(targetOf(db), { allowPrivate: true, originConnectionLimit: 60 });
    expect(result.exitCode).toBe(0);
    const server = result.report.steps.find((step) => step.id === "server");
    expect(server?.status).toBe("warn");
    expect(server?.detail).toContain("max_connections 40 leaves 37 for clients, fewer than the origin connection limit (60)");
  });

  test("--json prints the report as data", async () => {
    const result = await doctor(targetOf(db, { password: "wrong" }), { allowPrivate: true, json: true });
    expect(JSON.parse(result.output)).toEqual(result.report);
    expect(result.report.target).toEqual({ scheme: "postgres", host: "127.0.0.1", port: db.port, user: "app", database: "app" });
  });
});

describe("PostgreSQL without TLS", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startPostgres();
  });
  afterAll(() => db?.stop());

  test("2012: the server answers the SSLRequest with N", async () => {
    const result = await doctor(targetOf(db), { allowPrivate: true });
    expect(result.report.failure).toMatchObject({ code: 2012, message: "Databases must be configured to support SSL/TLS." });
    expect(statuses(result)).toMatchObject({ tcp: "ok", tls: "fail", auth: "skip" });
  });
});

describe("PostgreSQL with an expired server certificate", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startPostgres({ tls: serverTls(fixtures, fixtures.expired) });
  });
  afterAll(() => db?.stop());

  test("verify-ca fails on expiry even with the right CA", async () => {
    const result = await doctor(targetOf(db), { allowPrivate: true, tls: { sslmode: "verify-ca", ca: fixtures.rootCa.certPem } });
    expect(result.report.failure?.code).toBe(2015);
    expect(result.report.failure?.detail).toContain("CERT_HAS_EXPIRED");
  });
});

describe("PostgreSQL requiring client certificates", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startPostgres({ tls: { ...serverTls(fixtures), clientCaPem: fixtures.rootCa.certPem } });
  });
  afterAll(() => db?.stop());

  test("without a client certificate: Server return error and closed connection.", async () => {
    const result = await doctor(targetOf(db), { allowPrivate: true });
    expect(result.report.failure).toMatchObject({
      code: 2015,
      message: "Failed to connect to the provided database: Server return error and closed connection.",
    });
    expect(result.report.failure?.hint).toContain("--mtls-certificate-id");
  });

  test("with the client certificate: accepted", async () => {
    const result = await doctor(targetOf(db), {
      allowPrivate: true,
      tls: { sslmode: "verify-full", ca: fixtures.rootCa.certPem, clientCert: fixtures.client.certPem, clientKey: fixtures.client.keyPem },
    });
    expect(result.exitCode).toBe(0);
    expect(result.report.steps.find((step) => step.id === "tls")?.detail).toContain("client certificate presented");
  });

  test("with a client certificate from a CA the server does not trust: refused", async () => {
    const result = await doctor(targetOf(db), {
      allowPrivate: true,
      tls: { clientCert: fixtures.otherCa.certPem, clientKey: fixtures.otherCa.keyPem },
    });
    expect(result.report.failure?.code).toBe(2015);
    expect(result.report.failure?.detail).toContain("unknown ca");
  });
});
