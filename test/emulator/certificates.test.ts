import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertificateSchema } from "../../src/api/schemas";
import { makeCa, makeFixtureSet, type Credential, type FixtureSet } from "../support/pki";
import { configBody, errorsOf, startTestEmulator, type TestEmulator } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let pki: FixtureSet;
let rsaCa: Credential;
/** A CA whose subject has several attributes: C, ST, O and CN. */
let namedCaPem: string;
const workDir = mkdtempSync(join(tmpdir(), "emulator-certs-"));

beforeAll(async () => {
  [pki, rsaCa] = await Promise.all([makeFixtureSet(), makeCa({ cn: "RSA Test CA", keyType: "rsa" })]);
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
    "-subj", "/C=US/ST=California/O=Example Inc./CN=Example CA",
    "-keyout", join(workDir, "named.key"), "-out", join(workDir, "named.pem"),
  ], { stdio: "ignore" });
  namedCaPem = readFileSync(join(workDir, "named.pem"), "utf8");
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** What openssl itself says about a certificate: serial (hex) and notAfter. */
function opensslFacts(pem: string): { serial: string; expires: string } {
  const text = execFileSync("openssl", ["x509", "-noout", "-serial", "-enddate"], { input: pem, encoding: "utf8" });
  const serial = /serial=([0-9A-F]+)/.exec(text)![1];
  const notAfter = /notAfter=(.+)/.exec(text)![1];
  return { serial: BigInt(`0x${serial}`).toString(10), expires: new Date(notAfter).toISOString().replace(".000Z", "Z") };
}

async function upload(t: TestEmulator, body: Record<string, unknown>) {
  return t.api("POST", `${t.account}/mtls_certificates`, body);
}

describe("uploading certificates", () => {
  it("stores a CA and answers what it parsed from the PEM", async () => {
    const t = await startTestEmulator();
    const answer = await upload(t, { ca: true, certificates: pki.rootCa.certPem, name: "root" });
    expect(answer.status).toBe(200);
    const facts = opensslFacts(pki.rootCa.certPem);
    expect(answer.body.result).toEqual({
      id: expect.stringMatching(UUID),
      name: "root",
      ca: true,
      certificates: pki.rootCa.certPem.replace(/\n+$/, ""),
      issuer: "CN=Hyperdrive Test Root CA",
      signature: "ECDSAWithSHA256",
      serial_number: facts.serial,
      expires_on: facts.expires,
      uploaded_on: expect.stringMatching(/Z$/),
      updated_at: answer.body.result.uploaded_on,
      type: "custom",
    });
    expect(answer.body.result.certificates.endsWith("\n")).toBe(false);
    expect(CertificateSchema.parse(answer.body.result)).toEqual(answer.body.result);
  });

  it("prints the issuer RFC 4514 style and names RSA signatures as Cloudflare does", async () => {
    const t = await startTestEmulator();
    expect((await upload(t, { ca: true, certificates: namedCaPem })).body.result.issuer).toBe(
      "CN=Example CA,O=Example Inc.,ST=California,C=US",
    );
    const rsa = (await upload(t, { ca: true, certificates: rsaCa.certPem })).body.result;
    expect(rsa.signature).toBe("SHA256WithRSA");
    expect(rsa).not.toHaveProperty("name");
  });

  it("stores a CA chain as sent (trailing newlines trimmed), described by its first certificate", async () => {
    const t = await startTestEmulator();
    const crlf = pki.caChain.content.replace(/\n/g, "\r\n");
    const answer = await upload(t, { ca: true, certificates: crlf, name: "chain" });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({
      ca: true,
      certificates: crlf.trimEnd(),
      issuer: "CN=Hyperdrive Test Root CA",
      serial_number: opensslFacts(pki.intermediateCa.certPem).serial,
      expires_on: opensslFacts(pki.intermediateCa.certPem).expires,
    });
    expect((await t.api("GET", `${t.account}/mtls_certificates/${answer.body.result.id}`)).body.result.certificates).toBe(crlf.trimEnd());
  });

  it("stores a client certificate chain with its key and never returns the key", async () => {
    const t = await startTestEmulator();
    const keyBody = pki.server.keyPem.split("\n")[1];
    const answer = await upload(t, {
      ca: false,
      certificates: pki.serverChain.content,
      private_key: pki.server.keyPem,
      name: "server",
    });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ ca: false, issuer: "CN=Hyperdrive Test Intermediate CA" });
    expect(answer.body.result).not.toHaveProperty("private_key");
    const id = answer.body.result.id;
    for (const read of [
      answer,
      await t.api("GET", `${t.account}/mtls_certificates/${id}`),
      await t.api("GET", `${t.account}/mtls_certificates`),
      await t.api("DELETE", `${t.account}/mtls_certificates/${id}`),
    ]) {
      expect(read.text).not.toContain(keyBody);
      expect(read.text).not.toContain("PRIVATE KEY");
    }
    expect(t.logs.join("\n")).not.toContain(keyBody);
  });

  it.each([
    ["a certificate and its key in one PEM", () => ({ ca: false, certificates: pki.combined.content }), "1408 Unable to parse certificate: certificates holds a private key; send the key in private_key, apart from the certificate"],
    ["text that is not PEM", () => ({ ca: true, certificates: "hello" }), "1408 Unable to parse certificate: no PEM CERTIFICATE block found"],
    ["DER bytes", () => ({ ca: true, certificates: pki.der.content.toString("latin1") }), "1408 Unable to parse certificate: no PEM CERTIFICATE block found"],
    ["text around the PEM", () => ({ ca: true, certificates: `subject=CN=x\n${pki.rootCa.certPem}` }), "1408 Unable to parse certificate: text outside the PEM CERTIFICATE blocks"],
    [
      "a broken PEM block",
      () => ({ ca: true, certificates: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" }),
      expect.stringMatching(/^1408 Unable to parse certificate: certificate 1 of the chain: /),
    ],
    ["a key that does not match", () => ({ ca: false, certificates: pki.mismatchedKey.certPem, private_key: pki.mismatchedKey.keyPem }), "1409 The private key does not match the first certificate of the chain"],
    ["an encrypted key", () => ({ ca: false, certificates: pki.client.certPem, private_key: pki.encryptedKey.content }), expect.stringMatching(/^1409 Unable to parse private key: /)],
    ["no ca", () => ({ certificates: pki.rootCa.certPem }), "1400 ca: Invalid input: expected boolean, received undefined"],
    ["a name that is not a string", () => ({ ca: true, certificates: pki.rootCa.certPem, name: 7 }), "1400 name: Invalid input: expected string, received number"],
  ])("refuses %s with HTTP 400", async (_, body, error) => {
    const t = await startTestEmulator();
    const answer = await upload(t, body());
    expect(answer.status).toBe(400);
    expect(answer.body.result).toBeNull();
    expect(errorsOf(answer)).toEqual([error]);
    expect((await t.api("GET", `${t.account}/mtls_certificates`)).body.result).toEqual([]);
  });
});

describe("listing, reading and deleting certificates", () => {
  async function withCertificates() {
    const t = await startTestEmulator();
    const ca = (await upload(t, { ca: true, certificates: pki.rootCa.certPem, name: "root" })).body.result;
    const client = (
      await upload(t, { ca: false, certificates: pki.client.certPem, private_key: pki.client.keyPem, name: "client" })
    ).body.result;
    return { t, ca, client, ids: (answer: { body: { result: { id: string }[] } }) => answer.body.result.map((each) => each.id) };
  }

  it("lists all, or filtered by ca, name and type, with result_info", async () => {
    const { t, ca, client, ids } = await withCertificates();
    const all = await t.api("GET", `${t.account}/mtls_certificates`);
    expect(ids(all)).toEqual([ca.id, client.id]);
    expect(all.body.result_info).toEqual({ page: 1, per_page: 50, count: 2, total_count: 2, total_pages: 1 });
    expect(all.body.result[0]).not.toHaveProperty("updated_at");
    expect(ids(await t.api("GET", `${t.account}/mtls_certificates?ca=true`))).toEqual([ca.id]);
    expect(ids(await t.api("GET", `${t.account}/mtls_certificates?ca=false`))).toEqual([client.id]);
    expect(ids(await t.api("GET", `${t.account}/mtls_certificates?name=client`))).toEqual([client.id]);
    expect(ids(await t.api("GET", `${t.account}/mtls_certificates?type=custom,access_managed`))).toEqual([ca.id, client.id]);
    expect(ids(await t.api("GET", `${t.account}/mtls_certificates?type=gateway_managed`))).toEqual([]);
    expect(ids(await t.api("GET", `${t.account}/mtls_certificates?per_page=5&page=2`))).toEqual([]);
  });

  it.each([
    ["ca=maybe", '1001 ca: must be true or false, got "maybe"'],
    ["type=managed", '1001 type: must be one of custom, gateway_managed, access_managed, got "managed"'],
    ["per_page=500", '1001 per_page: must be an integer from 5 to 100, got "500"'],
  ])("refuses the filter %s", async (query, error) => {
    const t = await startTestEmulator();
    const answer = await t.api("GET", `${t.account}/mtls_certificates?${query}`);
    expect(answer.status).toBe(400);
    expect(errorsOf(answer)).toEqual([error]);
  });

  it("gets one, deletes it (answering the deleted certificate), then 404s", async () => {
    const { t, ca } = await withCertificates();
    const { updated_at: _, ...stored } = ca;
    expect((await t.api("GET", `${t.account}/mtls_certificates/${ca.id}`)).body.result).toEqual(stored);
    const deleted = await t.api("DELETE", `${t.account}/mtls_certificates/${ca.id}`);
    expect(deleted.body).toEqual({ success: true, errors: [], messages: [], result: stored });
    const gone = await t.api("GET", `${t.account}/mtls_certificates/${ca.id}`);
    expect(gone.status).toBe(404);
    expect(errorsOf(gone)).toEqual([`10007 mTLS certificate not found: ${ca.id}`]);
    expect((await t.api("DELETE", `${t.account}/mtls_certificates/${ca.id}`)).status).toBe(404);
    expect((await t.api("GET", `${t.account}/mtls_certificates/${ca.id}/associations`)).status).toBe(404);
  });

  it("refuses to delete a certificate a config uses, and lists the config among its associations", async () => {
    const { t, ca, client } = await withCertificates();
    expect((await t.api("GET", `${t.account}/mtls_certificates/${ca.id}/associations`)).body.result).toEqual([]);
    const config = (
      await t.api("POST", `${t.account}/hyperdrive/configs`, {
        ...configBody("uses-certs"),
        mtls: { ca_certificate_id: ca.id, mtls_certificate_id: client.id, sslmode: "verify-full" },
      })
    ).body.result;
    expect(config.mtls).toEqual({ ca_certificate_id: ca.id, mtls_certificate_id: client.id, sslmode: "verify-full" });
    for (const id of [ca.id, client.id]) {
      expect((await t.api("GET", `${t.account}/mtls_certificates/${id}/associations`)).body.result).toEqual([
        { service: "hyperdrive", status: "active" },
      ]);
      const refused = await t.api("DELETE", `${t.account}/mtls_certificates/${id}`);
      expect(refused.status).toBe(400);
      expect(errorsOf(refused)).toEqual([
        `1410 The certificate is in use by Hyperdrive config uses-certs (${config.id}); remove it from their mtls settings or delete them first`,
      ]);
    }
    // An empty mtls object detaches both certificates.
    const detached = await t.api("PATCH", `${t.account}/hyperdrive/configs/${config.id}`, { mtls: {} });
    expect(detached.body.result).not.toHaveProperty("mtls");
    expect((await t.api("DELETE", `${t.account}/mtls_certificates/${ca.id}`)).status).toBe(200);
  });
});

describe("certificates referenced by a config", () => {
  it.each([
    ["an unknown CA id", (ca: string, client: string) => ({ ca_certificate_id: "nope", mtls_certificate_id: client }), ["2007 mtls.ca_certificate_id: no certificate has the id nope"]],
    ["a client certificate as CA", (_: string, client: string) => ({ ca_certificate_id: client }), [`2007 mtls.ca_certificate_id: certificate {client} is a client certificate, not a CA (ca: false)`]],
    ["a CA as client certificate", (ca: string) => ({ mtls_certificate_id: ca }), [`2007 mtls.mtls_certificate_id: certificate {ca} is a CA certificate (ca: true)`]],
    ["an unknown client certificate", () => ({ mtls_certificate_id: "nope" }), ["2007 mtls.mtls_certificate_id: no certificate has the id nope"]],
    ["verify-full without a CA", () => ({ sslmode: "verify-full" }), ["2007 mtls.ca_certificate_id: required with sslmode verify-full"]],
    ["a MySQL sslmode on PostgreSQL", (ca: string) => ({ sslmode: "VERIFY_CA", ca_certificate_id: ca }), ['2007 mtls.sslmode: "VERIFY_CA" is not a PostgreSQL sslmode (use require, verify-ca, verify-full)']],
  ])("refuses %s (2007)", async (_, mtls, errors) => {
    const t = await startTestEmulator();
    const ca = (await upload(t, { ca: true, certificates: pki.rootCa.certPem })).body.result.id;
    const client = (await upload(t, { ca: false, certificates: pki.client.certPem, private_key: pki.client.keyPem })).body.result.id;
    const answer = await t.api("POST", `${t.account}/hyperdrive/configs`, { ...configBody(), mtls: mtls(ca, client) });
    expect(answer.status).toBe(400);
    expect(errorsOf(answer)).toEqual(errors.map((error) => error.replace("{client}", client).replace("{ca}", ca)));
  });

  it("refuses a client certificate uploaded without its key, and a PostgreSQL sslmode on MySQL", async () => {
    const t = await startTestEmulator();
    const keyless = (await upload(t, { ca: false, certificates: pki.client.certPem })).body.result.id;
    const answer = await t.api("POST", `${t.account}/hyperdrive/configs`, {
      name: "mysql",
      origin: { scheme: "mysql", database: "d", user: "u", password: "p", host: "db.example.com", port: 3306 },
      mtls: { mtls_certificate_id: keyless, sslmode: "require" },
    });
    expect(errorsOf(answer)).toEqual([
      '2007 mtls.sslmode: "require" is not a MySQL sslmode (use REQUIRED, VERIFY_CA, VERIFY_IDENTITY)',
      `2007 mtls.mtls_certificate_id: certificate ${keyless} was uploaded without its private key`,
    ]);
  });
});
