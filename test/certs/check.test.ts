// The local checks of a certificate upload, fed with files made at test time: what is sent, every refusal's message
// and hint (exit 2), the warnings, and that no message quotes the private key.
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { checkCaUpload, checkClientUpload, unreadableFile, type InputFile } from "../../src/certs/check";
import { EXIT_USAGE, UsageError } from "../../src/errors";
import { makeCa, makeCert, makeFixtureSet, writeFixture, type FixtureSet } from "../support/pki";
import { expectNoKeyIn } from "../support/cert-api";

const DAY_MS = 86_400_000;
let f: FixtureSet;
beforeAll(async () => {
  f = await makeFixtureSet();
});

const input = (flag: string, path: string): InputFile => ({ flag, path, bytes: readFileSync(path) });
const ca = (path: string) => input("--ca-cert", path);
const cert = (path: string) => input("--cert", path);
const key = (path: string) => input("--key", path);

/** The usage error `fn` throws, as the user reads it (message and hint). */
function refusal(fn: () => unknown): { message: string; hint: string; text: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const e = err as UsageError;
    expect(e.exitCode).toBe(EXIT_USAGE);
    return { message: e.message, hint: e.hint ?? "", text: `${e.message}\n${e.hint ?? ""}` };
  }
  throw new Error("expected a usage error");
}

describe("certificate-authority upload", () => {
  it("sends exactly the CA certificate, without warnings", () => {
    expect(checkCaUpload(ca(f.rootCa.certPath), new Date())).toEqual({ certificates: f.rootCa.certPem, warnings: [] });
    expect(checkCaUpload(ca(f.intermediateCa.certPath), new Date()).certificates).toBe(f.intermediateCa.certPem);
  });

  it("sends the file's text as wrangler does: CRLF line ends kept, a UTF-8 byte order mark dropped", () => {
    const crlf = f.rootCa.certPem.replace(/\n/g, "\r\n");
    expect(checkCaUpload({ flag: "--ca-cert", path: "ca.pem", bytes: crlf }, new Date())).toEqual({ certificates: crlf, warnings: [] });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(f.caChain.content)]);
    expect(checkCaUpload({ flag: "--ca-cert", path: "ca.pem", bytes: bom }, new Date()).certificates).toBe(f.caChain.content);
  });

  it("a DER certificate: the openssl command that converts it", () => {
    const r = refusal(() => checkCaUpload(ca(f.der.path), new Date()));
    expect(r.message).toBe(`${f.der.path} is a DER (binary) certificate; --ca-cert takes PEM.`);
    expect(r.hint).toBe(`Convert it: openssl x509 -inform der -in ${f.der.path} -out ${f.der.path}.pem\nthen pass --ca-cert ${f.der.path}.pem`);
  });

  it("a path with spaces is quoted in the command", () => {
    const r = refusal(() => checkCaUpload({ flag: "--ca-cert", path: "my certs/ca.der", bytes: f.der.content }, new Date()));
    expect(r.hint).toContain("openssl x509 -inform der -in 'my certs/ca.der' -out 'my certs/ca.der.pem'");
  });

  it("a file that is not PEM at all", () => {
    const notes = writeFixture("notes.txt", "this is not a certificate\n");
    const r = refusal(() => checkCaUpload(ca(notes.path), new Date()));
    expect(r.message).toBe(`${notes.path} is not a PEM file: it has no "-----BEGIN" line.`);
    expect(r.hint).toMatch(/If the certificate is DER \(binary\), convert it: openssl x509 -inform der/);
  });

  it("an empty file", () => {
    const empty = writeFixture("empty.pem", "\n");
    expect(refusal(() => checkCaUpload(ca(empty.path), new Date())).message).toBe(`--ca-cert ${empty.path} is empty.`);
  });

  it("a PEM file with no certificate (a key given as --ca-cert) never quotes the key", () => {
    const r = refusal(() => checkCaUpload(ca(f.rootCa.keyPath), new Date()));
    expect(r.message).toBe(`${f.rootCa.keyPath} holds no certificate (no -----BEGIN CERTIFICATE----- block; found: PRIVATE KEY).`);
    expect(r.hint).toBe("It holds a private key. --ca-cert takes the CA's certificate, never a private key.");
    expectNoKeyIn(r.text, f.rootCa.keyPem);
  });

  it("a certificate block that does not parse", () => {
    const bad = writeFixture("bad.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    const r = refusal(() => checkCaUpload(ca(bad.path), new Date()));
    expect(r.message).toBe(`Certificate 1 of 1 in ${bad.path} is malformed: it does not parse as X.509.`);
    expect(r.hint).toContain(`openssl x509 -in ${bad.path} -noout -text`);
  });

  it("a leaf certificate is not a CA: names its issuer to upload instead", () => {
    const r = refusal(() => checkCaUpload(ca(f.nonCa.certPath), new Date()));
    expect(r.message).toBe(
      `The certificate CN=not-a-ca.localhost in ${f.nonCa.certPath} is not a certificate authority (its basicConstraints lack CA:TRUE); it is a server or client certificate.`,
    );
    expect(r.hint).toMatch(/^Upload the CA that issued it \(issuer: CN=Hyperdrive Test Root CA\) with --ca-cert\. /);
    expect(r.hint).toContain("hyperdrive cert upload mtls-certificate --cert FILE --key FILE");
  });

  it("a server chain (leaf + intermediate) is refused on its leaf", () => {
    const r = refusal(() => checkCaUpload(ca(f.serverChain.path), new Date()));
    expect(r.message).toMatch(/^Certificate 1 of 2 \(CN=localhost\) in .* is not a certificate authority/);
    expect(r.hint).toContain("issuer: CN=Hyperdrive Test Intermediate CA");
  });

  it("a CA chain (intermediate and root) is sent whole, exactly as the file holds it", () => {
    expect(checkCaUpload(ca(f.caChain.path), new Date())).toEqual({ certificates: f.intermediateCa.certPem + f.rootCa.certPem, warnings: [] });
    const rootFirst = writeFixture("root-first.pem", `${f.rootCa.certPem}\n${f.intermediateCa.certPem}`);
    expect(checkCaUpload(ca(rootFirst.path), new Date()).certificates).toBe(rootFirst.content);
  });

  it("a bundle of unrelated roots is CA certificates too, and is sent", () => {
    expect(checkCaUpload(ca(f.caBundle.path), new Date())).toEqual({ certificates: f.caBundle.content, warnings: [] });
  });

  it("a leaf inside a CA chain is refused, naming its place and subject", () => {
    const chain = writeFixture("chain-with-leaf.pem", f.intermediateCa.certPem + f.nonCa.certPem + f.rootCa.certPem);
    const r = refusal(() => checkCaUpload(ca(chain.path), new Date()));
    expect(r.message).toBe(
      `Certificate 2 of 3 (CN=not-a-ca.localhost) in ${chain.path} is not a certificate authority (its basicConstraints lack CA:TRUE); it is a server or client certificate.`,
    );
    expect(r.hint).toMatch(/^Take it out of the file: --ca-cert takes only CA certificates, the root and its intermediates \(it was issued by one; issuer: CN=Hyperdrive Test Root CA\)\. /);
    expect(r.hint).toContain("hyperdrive cert upload mtls-certificate --cert FILE --key FILE");
  });

  it("an expired intermediate in the chain is refused by its place and subject; one not yet valid is a warning", async () => {
    const now = Date.now();
    const notAfter = new Date(Math.floor((now - 10 * DAY_MS) / 1000) * 1000);
    const [old, future] = await Promise.all([
      makeCert(f.rootCa, { cn: "Expired Intermediate CA", ca: true, notBefore: new Date(now - 400 * DAY_MS), notAfter }),
      makeCert(f.rootCa, { cn: "Future Intermediate CA", ca: true, notBefore: new Date(now + 5 * DAY_MS), notAfter: new Date(now + 400 * DAY_MS) }),
    ]);
    const expired = writeFixture("chain-expired-intermediate.pem", old.certPem + f.rootCa.certPem);
    const r = refusal(() => checkCaUpload(ca(expired.path), new Date()));
    expect(r.message).toBe(`Certificate 1 of 2 (CN=Expired Intermediate CA) in ${expired.path} expired on ${notAfter.toISOString().replace(".000Z", "Z")}.`);
    const early = writeFixture("chain-future-intermediate.pem", f.rootCa.certPem + future.certPem);
    expect(checkCaUpload(ca(early.path), new Date()).warnings).toEqual([
      expect.stringMatching(/^Certificate 2 of 2 \(CN=Future Intermediate CA\) in .* is not valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; connections using it fail until then\.$/),
    ]);
  });

  it("text between and around the PEM blocks is ignored, as openssl ignores it: only the certificates are sent", () => {
    const annotated = writeFixture(
      "annotated-chain.pem",
      `Bag Attributes\n    friendlyName: intermediate\nsubject=CN=Hyperdrive Test Intermediate CA\n${f.intermediateCa.certPem}\n` +
        `subject=CN=Hyperdrive Test Root CA\nissuer=CN=Hyperdrive Test Root CA\n${f.rootCa.certPem}---\n`,
    );
    expect(checkCaUpload(ca(annotated.path), new Date())).toEqual({
      certificates: f.intermediateCa.certPem + f.rootCa.certPem,
      warnings: [`${annotated.path} holds text outside its PEM blocks; it is not sent, only the 2 certificates.`],
    });
  });

  it("a chain whose last certificate is cut short is refused, not sent without it", () => {
    const cut = writeFixture("cut-chain.pem", f.intermediateCa.certPem + f.rootCa.certPem.slice(0, 200));
    expect(refusal(() => checkCaUpload(ca(cut.path), new Date())).message).toBe(
      `${cut.path} is cut short: a "-----BEGIN CERTIFICATE-----" block has no "-----END CERTIFICATE-----" line.`,
    );
  });

  it("a PEM block other than a certificate is refused, naming its kind", () => {
    const trusted = f.rootCa.certPem.replace(/CERTIFICATE-----/g, "TRUSTED CERTIFICATE-----");
    const r = refusal(() => checkCaUpload({ flag: "--ca-cert", path: "trusted.pem", bytes: f.intermediateCa.certPem + trusted }, new Date()));
    expect(r.message).toBe("trusted.pem holds a TRUSTED CERTIFICATE block; --ca-cert takes CERTIFICATE blocks only.");
    expect(r.hint).toBe("Convert it to a plain certificate: openssl x509 -in trusted.pem -out ca.pem");
    const crl = "-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n";
    expect(refusal(() => checkCaUpload({ flag: "--ca-cert", path: "with-crl.pem", bytes: f.rootCa.certPem + crl }, new Date())).message).toBe(
      "with-crl.pem holds a X509 CRL block; --ca-cert takes CERTIFICATE blocks only.",
    );
  });

  it("an expired CA, with its end date in ISO 8601", async () => {
    const notAfter = new Date(Math.floor((Date.now() - 10 * DAY_MS) / 1000) * 1000);
    const old = await makeCa({ cn: "Expired CA", notBefore: new Date(Date.now() - 400 * DAY_MS), notAfter });
    const r = refusal(() => checkCaUpload(ca(old.certPath), new Date()));
    expect(r.message).toBe(`The certificate CN=Expired CA in ${old.certPath} expired on ${notAfter.toISOString().replace(".000Z", "Z")}.`);
    expect(r.hint).toBe("Get a current certificate from whoever issued it, and upload that.");
  });

  it("warns, and still sends, a CA that is not yet valid or expires within 30 days", async () => {
    const now = Date.now();
    const [future, soon] = await Promise.all([
      makeCa({ cn: "Future CA", notBefore: new Date(now + 5 * DAY_MS), notAfter: new Date(now + 400 * DAY_MS) }),
      makeCa({ cn: "Soon CA", notAfter: new Date(now + 10 * DAY_MS + 3_600_000) }),
    ]);
    const a = checkCaUpload(ca(future.certPath), new Date());
    expect(a.certificates).toBe(future.certPem);
    expect(a.warnings).toEqual([expect.stringMatching(/^The certificate CN=Future CA in .* is not valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; connections using it fail until then\.$/)]);
    const b = checkCaUpload(ca(soon.certPath), new Date());
    expect(b.warnings).toEqual([expect.stringMatching(/^The certificate CN=Soon CA in .* expires on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in 10 days\); plan its replacement\.$/)]);
  });

  it("a CA file that also holds a private key is refused, and the key is never quoted", () => {
    const both = writeFixture("ca-and-key.pem", f.intermediateCa.certPem + f.rootCa.certPem + f.rootCa.keyPem);
    const r = refusal(() => checkCaUpload(ca(both.path), new Date()));
    expect(r.message).toBe(`${both.path} holds a private key as well as 2 certificates; --ca-cert takes CA certificates only.`);
    expect(r.hint).toBe(
      "Take the PRIVATE KEY block out of the file, then upload again: a CA's private key is never uploaded, and Hyperdrive needs only the certificates to verify your database.",
    );
    expectNoKeyIn(r.text, f.rootCa.keyPem);
  });
});

describe("mtls-certificate upload", () => {
  it("sends the certificate and the key, unchanged", () => {
    expect(checkClientUpload(cert(f.client.certPath), key(f.client.keyPath), new Date())).toEqual({
      certificates: f.client.certPem,
      privateKey: f.client.keyPem,
      warnings: [],
    });
  });

  it("two files of PEM blocks alone are sent as wrangler sends them, as they are: CRLF line endings kept, a BOM dropped", () => {
    const crlf = (text: string) => text.replace(/\n/g, "\r\n");
    const r = checkClientUpload(
      { flag: "--cert", path: "client.pem", bytes: `\ufeff${crlf(f.client.certPem)}` },
      { flag: "--key", path: "client.key", bytes: crlf(f.client.keyPem) },
      new Date(),
    );
    expect(r).toEqual({ certificates: crlf(f.client.certPem), privateKey: crlf(f.client.keyPem), warnings: [] });
  });

  it("a --key file holding its certificate too, or text around the key, sends the key block alone", () => {
    const both = checkClientUpload(cert(f.client.certPath), { flag: "--key", path: "both.pem", bytes: f.client.certPem + f.client.keyPem }, new Date());
    expect(both).toEqual({ certificates: f.client.certPem, privateKey: f.client.keyPem, warnings: [] });
    const noted = checkClientUpload(cert(f.client.certPath), { flag: "--key", path: "noted.key", bytes: `Key of the client\n${f.client.keyPem}` }, new Date());
    expect(noted.privateKey).toBe(f.client.keyPem);
  });

  it("a key cut short is said to be cut short, not 'not PEM' with a DER hint; the key is never shown", () => {
    const half = f.client.keyPem.slice(0, Math.floor(f.client.keyPem.length / 2));
    const r = refusal(() => checkClientUpload(cert(f.client.certPath), { flag: "--key", path: "client.key", bytes: half }, new Date()));
    expect(r.message).toBe('client.key is cut short: its "-----BEGIN PRIVATE KEY-----" block has no "-----END PRIVATE KEY-----" line.');
    expect(r.text).not.toMatch(/DER|openssl/);
    expect(r.text).not.toContain(half.split("\n")[1]);
  });

  it("a certificate cut short is said to be cut short too", () => {
    const r = refusal(() => checkCaUpload({ flag: "--ca-cert", path: "ca.pem", bytes: f.client.certPem.slice(0, 200) }, new Date()));
    expect(r.message).toMatch(/^ca.pem is cut short: its "-----BEGIN CERTIFICATE-----" block has no "-----END CERTIFICATE-----" line\.$/);
  });

  it("splits one PEM holding the certificate and the key", () => {
    const r = checkClientUpload(cert(f.combined.path), undefined, new Date());
    expect(r).toEqual({ certificates: f.client.certPem, privateKey: f.client.keyPem, warnings: [] });
    expect(r.certificates).not.toContain("PRIVATE KEY");
  });

  it("sends a whole chain, client certificate first", () => {
    const r = checkClientUpload(cert(f.serverChain.path), key(f.server.keyPath), new Date());
    expect(r.certificates).toBe(f.server.certPem + f.intermediateCa.certPem);
  });

  it("a combined PEM with an RSA PRIVATE KEY block and text around the blocks is split as well", async () => {
    const rsa = await makeCa({ cn: "rsa-client", keyType: "rsa" });
    const pkcs1 = createPrivateKey(rsa.keyPem).export({ type: "pkcs1", format: "pem" }) as string;
    expect(pkcs1).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const file = writeFixture("rsa.pem", `subject=CN=rsa-client\n${rsa.certPem}\n${pkcs1}`);
    const r = checkClientUpload(cert(file.path), undefined, new Date());
    expect(r.certificates).toBe(rsa.certPem);
    expect(r.privateKey).toBe(pkcs1);
  });

  it("no key anywhere: --key is missing", () => {
    const r = refusal(() => checkClientUpload(cert(f.client.certPath), undefined, new Date()));
    expect(r.message).toBe(`--key is missing: ${f.client.certPath} holds no private key.`);
    expect(r.hint).toBe("Give the client certificate's key with --key FILE, or one PEM file holding the certificate chain and its key with --cert.");
  });

  it("a key in the --cert file and --key too", () => {
    const r = refusal(() => checkClientUpload(cert(f.combined.path), key(f.client.keyPath), new Date()));
    expect(r.message).toBe(`${f.combined.path} holds a private key, and --key was given too.`);
    expectNoKeyIn(r.text, f.client.keyPem);
  });

  it("a --key file without a key (the certificate given twice)", () => {
    const r = refusal(() => checkClientUpload(cert(f.client.certPath), key(f.client.certPath), new Date()));
    expect(r.message).toBe(`${f.client.certPath} holds no private key (it holds a certificate).`);
  });

  it("a key given as --cert: no certificate", () => {
    const r = refusal(() => checkClientUpload(cert(f.client.keyPath), undefined, new Date()));
    expect(r.message).toMatch(/holds no certificate/);
    expect(r.hint).toBe("It holds a private key. Give the certificate with --cert and its private key with --key.");
    expectNoKeyIn(r.text, f.client.keyPem);
  });

  it("an encrypted key: how to decrypt it, never the key", () => {
    const r = refusal(() => checkClientUpload(cert(f.client.certPath), key(f.encryptedKey.path), new Date()));
    expect(r.message).toBe(`The private key in ${f.encryptedKey.path} is encrypted; Hyperdrive needs it unencrypted.`);
    expect(r.hint).toBe(
      `Decrypt it (openssl asks for the passphrase): openssl pkey -in ${f.encryptedKey.path} -out key-decrypted.pem\nthen pass the decrypted file, and delete it after the upload.`,
    );
    expectNoKeyIn(r.text, f.encryptedKey.content);
  });

  it("a traditional encrypted key (Proc-Type: 4,ENCRYPTED) is recognised as encrypted", () => {
    const legacy = "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\nc2VjcmV0\n-----END EC PRIVATE KEY-----\n";
    const r = refusal(() => checkClientUpload(cert(f.client.certPath), { flag: "--key", path: "legacy.pem", bytes: legacy }, new Date()));
    expect(r.message).toBe("The private key in legacy.pem is encrypted; Hyperdrive needs it unencrypted.");
    expectNoKeyIn(r.text, legacy);
  });

  it("a malformed key", () => {
    const garbage = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----\n";
    const r = refusal(() => checkClientUpload(cert(f.client.certPath), { flag: "--key", path: "bad-key.pem", bytes: garbage }, new Date()));
    expect(r.message).toBe("The private key in bad-key.pem is malformed: it does not parse.");
    expect(r.hint).toBe("Export it again from where it came from; openssl pkey -in bad-key.pem -noout checks it.");
    expectNoKeyIn(r.text, garbage);
  });

  it("a key that does not match the certificate", () => {
    const { certPath, keyPath, keyPem } = f.mismatchedKey;
    const r = refusal(() => checkClientUpload(cert(certPath), key(keyPath), new Date()));
    expect(r.message).toBe(`The private key in ${keyPath} does not match the certificate CN=localhost in ${certPath}: their public keys differ.`);
    expect(r.hint).toContain("openssl x509 -in CERT -noout -pubkey");
    expectNoKeyIn(r.text, keyPem);
  });

  it("a key that belongs to another certificate of the chain: put the client certificate first", () => {
    const r = refusal(() => checkClientUpload(cert(f.serverChain.path), key(f.intermediateCa.keyPath), new Date()));
    expect(r.message).toBe(
      `The private key in ${f.intermediateCa.keyPath} belongs to certificate 2 of 2 (CN=Hyperdrive Test Intermediate CA), not to the first certificate of ${f.serverChain.path}.`,
    );
    expect(r.hint).toBe("Put the client certificate first in the file, followed by the certificates of its chain.");
  });

  it("two keys in one file", () => {
    const two = writeFixture("two-keys.pem", f.client.certPem + f.client.keyPem + f.server.keyPem);
    const r = refusal(() => checkClientUpload(cert(two.path), undefined, new Date()));
    expect(r.message).toBe(`${two.path} holds 2 private keys.`);
    expectNoKeyIn(r.text, f.client.keyPem);
    expectNoKeyIn(r.text, f.server.keyPem);
  });

  it("an expired client certificate", () => {
    const r = refusal(() => checkClientUpload(cert(f.expired.certPath), key(f.expired.keyPath), new Date()));
    expect(r.message).toMatch(new RegExp(`^The certificate CN=expired\\.localhost in ${f.expired.certPath} expired on \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\.$`));
    expectNoKeyIn(r.text, f.expired.keyPem);
  });

  it("an expired certificate in the chain is named by its place", () => {
    const chain = writeFixture("chain-expired.pem", f.client.certPem + f.expired.certPem);
    const r = refusal(() => checkClientUpload(cert(chain.path), key(f.client.keyPath), new Date()));
    expect(r.message).toMatch(/^Certificate 2 of 2 \(CN=expired\.localhost\) in .* expired on /);
  });

  it("warns about a client certificate not yet valid, or expiring within 30 days, and still sends it", () => {
    const a = checkClientUpload(cert(f.notYetValid.certPath), key(f.notYetValid.keyPath), new Date());
    expect(a.privateKey).toBe(f.notYetValid.keyPem);
    expect(a.warnings).toEqual([expect.stringMatching(/^The certificate CN=not-yet-valid\.localhost in .* is not valid until \d{4}-/)]);
    const b = checkClientUpload(cert(f.expiringSoon.certPath), key(f.expiringSoon.keyPath), new Date());
    expect(b.warnings).toEqual([expect.stringMatching(/^The certificate CN=expiring\.localhost in .* expires on .* \(in 9 days\); plan its replacement\.$/)]);
    expectNoKeyIn(b.warnings.join("\n"), f.expiringSoon.keyPem);
  });

  it("the clock is the caller's: 'now' after the end date refuses, before the start date warns", () => {
    const later = new Date(Date.now() + 400 * DAY_MS);
    expect(refusal(() => checkClientUpload(cert(f.client.certPath), key(f.client.keyPath), later)).message).toMatch(/expired on/);
    const earlier = new Date(Date.now() - 2 * DAY_MS);
    expect(checkClientUpload(cert(f.client.certPath), key(f.client.keyPath), earlier).warnings[0]).toMatch(/is not valid until/);
  });

  it("a DER key: the conversion command", () => {
    const r = refusal(() => checkClientUpload(cert(f.client.certPath), { flag: "--key", path: "key.der", bytes: Buffer.from([0x30, 0x82, 0x01, 0x00]) }, new Date()));
    expect(r.message).toBe('key.der is not a PEM file: it has no "-----BEGIN" line.');
    expect(r.hint).toBe("If the key is DER (binary), convert it: openssl pkey -inform der -in key.der -out key.der.pem");
  });
});

describe("unreadable files", () => {
  it.each([
    ["ENOENT", "--ca-cert ca.pem: no such file.", /relative path starts from the current directory/],
    ["EACCES", "--ca-cert ca.pem: permission denied.", /chmod u\+r ca\.pem/],
    ["EISDIR", "--ca-cert ca.pem is a directory.", /PEM file itself/],
    ["EIO", "--ca-cert ca.pem could not be read (EIO).", /^$/],
  ])("%s", (code, message, hint) => {
    const e = unreadableFile("--ca-cert", "ca.pem", Object.assign(new Error("x"), { code }));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.exitCode).toBe(EXIT_USAGE);
    expect(e.message).toBe(message);
    expect(e.hint ?? "").toMatch(hint);
  });
});
