// The certificates test/support/pki.ts makes: what each fixture is, checked with node:crypto.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { makeFixtureSet, type FixtureSet } from "../support/pki";

const DAY_MS = 86_400_000;
let fixtures: FixtureSet;
const cert = (pem: string | Buffer) => new X509Certificate(pem);

beforeAll(async () => {
  fixtures = await makeFixtureSet();
});

describe("makeFixtureSet", () => {
  test("a root CA, an intermediate it signed, and a server certificate for loopback that the intermediate signed", () => {
    const root = cert(fixtures.rootCa.certPem);
    const intermediate = cert(fixtures.intermediateCa.certPem);
    const server = cert(fixtures.server.certPem);
    expect(root.ca && root.verify(root.publicKey)).toBe(true);
    expect(intermediate.ca && intermediate.checkIssued(root) && intermediate.verify(root.publicKey)).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(intermediate) && server.verify(intermediate.publicKey)).toBe(true);
    expect(server.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
    expect(server.checkPrivateKey(createPrivateKey(fixtures.server.keyPem))).toBe(true);
    expect(fixtures.serverChain.content).toBe(fixtures.server.certPem + fixtures.intermediateCa.certPem);
    expect(readFileSync(fixtures.server.certPath, "utf8")).toBe(fixtures.server.certPem);
  });

  test("a client certificate and an unrelated CA", () => {
    expect(cert(fixtures.client.certPem).checkIssued(cert(fixtures.rootCa.certPem))).toBe(true);
    expect(cert(fixtures.client.certPem).subject).toBe("CN=hyperdrive-client");
    expect(cert(fixtures.server.certPem).checkIssued(cert(fixtures.otherCa.certPem))).toBe(false);
  });

  test("validity windows: expired, not yet valid, expiring within 30 days", () => {
    const now = Date.now();
    expect(Date.parse(cert(fixtures.expired.certPem).validTo)).toBeLessThan(now);
    expect(Date.parse(cert(fixtures.notYetValid.certPem).validFrom)).toBeGreaterThan(now);
    const left = Date.parse(cert(fixtures.expiringSoon.certPem).validTo) - now;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(30 * DAY_MS);
  });

  test("a key that does not match, an encrypted key, DER, a bundle, a combined PEM, a non-CA", () => {
    expect(cert(fixtures.mismatchedKey.certPem).checkPrivateKey(createPrivateKey(fixtures.mismatchedKey.keyPem))).toBe(false);
    expect(fixtures.encryptedKey.content).toContain("BEGIN ENCRYPTED PRIVATE KEY");
    expect(() => createPrivateKey(fixtures.encryptedKey.content)).toThrow();
    const decrypted = createPrivateKey({ key: fixtures.encryptedKey.content, passphrase: fixtures.encryptedKey.passphrase });
    expect(cert(fixtures.client.certPem).checkPrivateKey(decrypted)).toBe(true);
    expect(fixtures.der.content[0]).toBe(0x30);
    expect(cert(fixtures.der.content).fingerprint256).toBe(cert(fixtures.rootCa.certPem).fingerprint256);
    expect(fixtures.caBundle.content.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(fixtures.combined.content).toContain("BEGIN CERTIFICATE");
    expect(fixtures.combined.content).toContain("BEGIN PRIVATE KEY");
    expect(cert(fixtures.nonCa.certPem).ca).toBe(false);
  });
});
