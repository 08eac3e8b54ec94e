// Local checks of a certificate upload, before anything is sent: the files must be PEM, hold the right certificates,
// be in date, and (for a client certificate) come with the unencrypted private key of its first certificate.
// Pure: the caller reads the files and passes the clock. No message ever quotes the private key: only file names,
// PEM labels and certificate subjects appear in errors and warnings.
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { UsageError } from "../errors";
import { shellWord } from "../shell-word";
import { CERTIFICATE_EXPIRY_WARNING_DAYS } from "../api/contract";

/** A file the user named, as read by the caller. `path` is shown as the user wrote it. */
export interface InputFile {
  flag: string;
  path: string;
  bytes: Uint8Array | string;
}

/** What to send, and what the user should know first. */
export interface CheckedUpload {
  /** The `certificates` field: PEM, certificates only. */
  certificates: string;
  privateKey?: string;
  warnings: string[];
}

const DAY_MS = 86_400_000;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const isCertificate = (b: PemBlock) => b.label === "CERTIFICATE";
const isPrivateKey = (b: PemBlock) => b.label.endsWith("PRIVATE KEY");

interface PemBlock {
  label: string;
  text: string;
}

interface Parsed {
  x509: X509Certificate;
  pem: string;
}

/** A missing or unreadable file, as a usage error naming the flag and the path. */
export function unreadableFile(flag: string, path: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return new UsageError(`${flag} ${path}: no such file.`, "Check the path; a relative path starts from the current directory (or --cwd).");
  if (code === "EACCES" || code === "EPERM") return new UsageError(`${flag} ${path}: permission denied.`, `Make the file readable by this user, e.g. chmod u+r ${shellWord(path)}`);
  if (code === "EISDIR") return new UsageError(`${flag} ${path} is a directory.`, "Give the PEM file itself.");
  return new UsageError(`${flag} ${path} could not be read (${code ?? (error as Error)?.message ?? String(error)}).`);
}

/**
 * `hyperdrive cert upload certificate-authority`: one CA certificate or a chain of them (a root and its intermediates,
 * or a bundle of roots), each a CA (basicConstraints CA:TRUE) and in date. What is sent is what wrangler sends, the
 * file's text (a UTF-8 byte order mark dropped), unless the file holds text outside its PEM blocks (openssl's
 * "subject=" and "Bag Attributes" lines, notes): openssl ignores that text, and so do we, by sending the certificate
 * blocks alone. A private key or any other kind of PEM block is refused.
 */
export function checkCaUpload(file: InputFile, now: Date): CheckedUpload {
  const blocks = pemBlocks(file, "certificate");
  const certs = certificatesIn(file, blocks, "--ca-cert takes the CA's certificate, never a private key.");
  const key = blocks.find(isPrivateKey);
  if (key) {
    throw new UsageError(
      `${file.path} holds a private key as well as ${certs.length === 1 ? "a certificate" : `${certs.length} certificates`}; ${file.flag} takes CA certificates only.`,
      `Take the ${key.label} block out of the file, then upload again: a CA's private key is never uploaded, ` +
        "and Hyperdrive needs only the certificates to verify your database.",
    );
  }
  const other = blocks.find((b) => !isCertificate(b));
  if (other) {
    throw new UsageError(
      `${file.path} holds a ${other.label} block; ${file.flag} takes CERTIFICATE blocks only.`,
      other.label === "TRUSTED CERTIFICATE"
        ? `Convert it to a plain certificate: openssl x509 -in ${shellWord(file.path)} -out ca.pem`
        : "Keep only the -----BEGIN CERTIFICATE----- blocks of the CA certificates in the file.",
    );
  }
  const notCa = certs.findIndex((c) => !c.x509.ca);
  if (notCa !== -1) {
    const c = certs[notCa].x509;
    throw new UsageError(
      `${capitalised(certLabel(c, notCa, certs.length))} in ${file.path} is not a certificate authority (its basicConstraints lack CA:TRUE); it is a server or client certificate.`,
      (certs.length === 1
        ? `Upload the CA that issued it (issuer: ${issuerOf(c)}) with ${file.flag}. `
        : `Take it out of the file: ${file.flag} takes only CA certificates, the root and its intermediates (it was issued by one; issuer: ${issuerOf(c)}). `) +
        "A client certificate for mTLS goes to: hyperdrive cert upload mtls-certificate --cert FILE --key FILE",
    );
  }
  const warnings = checkDates(file, certs, now);
  const text = textOf(file).replace(/^\ufeff/, "");
  if (text.replace(PEM_BLOCK, "").trim() === "") return { certificates: text, warnings };
  warnings.push(`${file.path} holds text outside its PEM blocks; it is not sent, only the ${certs.length === 1 ? "certificate" : `${certs.length} certificates`}.`);
  return { certificates: joinPem(certs), warnings };
}

/**
 * `hyperdrive cert upload mtls-certificate`: a certificate chain, client certificate first, with its private key,
 * from `--key` or from the same PEM file as the chain.
 */
export function checkClientUpload(certFile: InputFile, keyFile: InputFile | undefined, now: Date): CheckedUpload {
  const blocks = pemBlocks(certFile, "certificate");
  const certs = certificatesIn(certFile, blocks, "Give the certificate with --cert and its private key with --key.");
  const keysInCert = blocks.filter(isPrivateKey);
  let keySource = certFile;
  let keys = keysInCert;
  /** The key file holds its key and nothing else. */
  let keyAlone = false;
  if (keyFile) {
    if (keysInCert.length > 0) {
      throw new UsageError(`${certFile.path} holds a private key, and --key was given too.`, "Give the key once: drop --key, or take the key out of the --cert file.");
    }
    keySource = keyFile;
    const keyBlocks = pemBlocks(keyFile, "key");
    keys = keyBlocks.filter(isPrivateKey);
    keyAlone = keyBlocks.length === 1 && keys.length === 1;
    if (keys.length === 0) {
      throw new UsageError(
        `${keyFile.path} holds no private key${keyBlocks.some(isCertificate) ? " (it holds a certificate)" : ""}.`,
        "Give the client certificate with --cert and its private key (PEM) with --key.",
      );
    }
  } else if (keysInCert.length === 0) {
    throw new UsageError(
      `--key is missing: ${certFile.path} holds no private key.`,
      "Give the client certificate's key with --key FILE, or one PEM file holding the certificate chain and its key with --cert.",
    );
  }
  if (keys.length > 1) {
    throw new UsageError(`${keySource.path} holds ${keys.length} private keys.`, "Keep only the private key of the client certificate.");
  }
  const key = parsePrivateKey(keySource, keys[0]);
  const spki = (k: KeyObject) => k.export({ type: "spki", format: "der" });
  const publicKey = spki(createPublicKey(key));
  if (!publicKey.equals(spki(certs[0].x509.publicKey))) {
    const owner = certs.findIndex((c) => publicKey.equals(spki(c.x509.publicKey)));
    if (owner > 0) {
      throw new UsageError(
        `The private key in ${keySource.path} belongs to ${certLabel(certs[owner].x509, owner, certs.length)}, not to the first certificate of ${certFile.path}.`,
        "Put the client certificate first in the file, followed by the certificates of its chain.",
      );
    }
    throw new UsageError(
      `The private key in ${keySource.path} does not match the certificate ${subjectOf(certs[0].x509)} in ${certFile.path}: their public keys differ.`,
      "Give the key that was made with this certificate. To compare: openssl x509 -in CERT -noout -pubkey, and openssl pkey -in KEY -pubout",
    );
  }
  // Two files holding nothing but their PEM blocks are sent as wrangler sends them, as they are (a BOM dropped); one
  // file holding both, or text outside the blocks, is sent as the blocks alone.
  const certText = keyFile && blocks.every(isCertificate) ? onlyPem(certFile) : undefined;
  const keyText = keyFile && keyAlone && certText !== undefined ? onlyPem(keyFile) : undefined;
  return {
    certificates: certText ?? joinPem(certs),
    privateKey: keyText ?? `${keys[0].text}\n`,
    warnings: checkDates(certFile, certs, now),
  };
}

/** The file's text (a UTF-8 byte order mark dropped) when it holds nothing but PEM blocks; otherwise undefined. */
function onlyPem(file: InputFile): string | undefined {
  const text = textOf(file).replace(/^\ufeff/, "");
  return text.replace(PEM_BLOCK, "").trim() === "" ? text : undefined;
}

/** The file as UTF-8 text, as it was read. */
function textOf(file: InputFile): string {
  return typeof file.bytes === "string" ? file.bytes : Buffer.from(file.bytes).toString("utf8");
}

/** The PEM blocks of a file; a file without any is "not PEM" (with the conversion command for a DER certificate). */
function pemBlocks(file: InputFile, holds: "certificate" | "key"): PemBlock[] {
  const text = textOf(file).replace(/\r\n/g, "\n");
  if (text.trim() === "") throw new UsageError(`${file.flag} ${file.path} is empty.`, `Give the ${holds === "key" ? "private key" : "certificate"} in PEM form.`);
  const blocks = [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1], text: m[0] }));
  const begin = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text.replace(PEM_BLOCK, ""));
  if (begin) {
    // A BEGIN line without its END: the file was cut short (a copy, a paste, a download that stopped).
    throw new UsageError(
      `${file.path} is cut short: ${blocks.length > 0 ? "a" : "its"} "-----BEGIN ${begin[1]}-----" block has no "-----END ${begin[1]}-----" line.`,
      `Copy the ${holds === "key" ? "private key" : "certificate"} again, whole, up to and including its -----END line.`,
    );
  }
  if (blocks.length > 0) return blocks;
  const pemName = `${file.path}.pem`;
  if (holds === "certificate" && isDerCertificate(file.bytes)) {
    throw new UsageError(
      `${file.path} is a DER (binary) certificate; ${file.flag} takes PEM.`,
      `Convert it: openssl x509 -inform der -in ${shellWord(file.path)} -out ${shellWord(pemName)}\nthen pass ${file.flag} ${shellWord(pemName)}`,
    );
  }
  throw new UsageError(
    `${file.path} is not a PEM file: it has no "-----BEGIN" line.`,
    holds === "key"
      ? `If the key is DER (binary), convert it: openssl pkey -inform der -in ${shellWord(file.path)} -out ${shellWord(pemName)}`
      : `If the certificate is DER (binary), convert it: openssl x509 -inform der -in ${shellWord(file.path)} -out ${shellWord(pemName)}`,
  );
}

function isDerCertificate(bytes: Uint8Array | string): boolean {
  try {
    new X509Certificate(Buffer.from(bytes));
    return true;
  } catch {
    return false;
  }
}

/** The certificates of a file, each parsed; none at all is an error. */
function certificatesIn(file: InputFile, blocks: PemBlock[], keyOnlyHint: string): Parsed[] {
  const certBlocks = blocks.filter(isCertificate);
  if (certBlocks.length === 0) {
    const found = [...new Set(blocks.map((b) => b.label))].join(", ");
    throw new UsageError(
      `${file.path} holds no certificate (no -----BEGIN CERTIFICATE----- block; found: ${found}).`,
      blocks.some(isPrivateKey) ? `It holds a private key. ${keyOnlyHint}` : `Give ${file.flag} a PEM certificate.`,
    );
  }
  return certBlocks.map((b, i) => {
    try {
      return { x509: new X509Certificate(b.text), pem: b.text };
    } catch {
      throw new UsageError(
        `Certificate ${i + 1} of ${certBlocks.length} in ${file.path} is malformed: it does not parse as X.509.`,
        `Export it again from where it came from; openssl x509 -in ${shellWord(file.path)} -noout -text shows what is wrong.`,
      );
    }
  });
}

function parsePrivateKey(file: InputFile, block: PemBlock): KeyObject {
  const decrypt = () =>
    new UsageError(
      `The private key in ${file.path} is encrypted; Hyperdrive needs it unencrypted.`,
      `Decrypt it (openssl asks for the passphrase): openssl pkey -in ${shellWord(file.path)} -out key-decrypted.pem\n` +
        "then pass the decrypted file, and delete it after the upload.",
    );
  if (block.label === "ENCRYPTED PRIVATE KEY" || /^Proc-Type:\s*4,ENCRYPTED/m.test(block.text)) throw decrypt();
  try {
    return createPrivateKey(block.text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MISSING_PASSPHRASE") throw decrypt();
    throw new UsageError(
      `The private key in ${file.path} is malformed: it does not parse.`,
      `Export it again from where it came from; openssl pkey -in ${shellWord(file.path)} -noout checks it.`,
    );
  }
}

/** Expired → error; not yet valid, or expiring within CERTIFICATE_EXPIRY_WARNING_DAYS → warnings. */
function checkDates(file: InputFile, certs: Parsed[], now: Date): string[] {
  const warnings: string[] = [];
  certs.forEach(({ x509 }, i) => {
    const label = capitalised(certLabel(x509, i, certs.length));
    const from = new Date(x509.validFrom);
    const to = new Date(x509.validTo);
    if (to <= now) {
      throw new UsageError(`${label} in ${file.path} expired on ${isoTime(to)}.`, "Get a current certificate from whoever issued it, and upload that.");
    }
    if (from > now) warnings.push(`${label} in ${file.path} is not valid until ${isoTime(from)}; connections using it fail until then.`);
    const days = Math.floor((to.getTime() - now.getTime()) / DAY_MS);
    if (days < CERTIFICATE_EXPIRY_WARNING_DAYS) {
      warnings.push(`${label} in ${file.path} expires on ${isoTime(to)} (in ${days} day${days === 1 ? "" : "s"}); plan its replacement.`);
    }
  });
  return warnings;
}

/** ISO 8601 to the second. */
export function isoTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function subjectOf(c: X509Certificate): string {
  return c.subject.split("\n").join(", ");
}

function issuerOf(c: X509Certificate): string {
  return c.issuer.split("\n").join(", ");
}

function certLabel(c: X509Certificate, index: number, count: number): string {
  return count === 1 ? `the certificate ${subjectOf(c)}` : `certificate ${index + 1} of ${count} (${subjectOf(c)})`;
}

const capitalised = (s: string) => s[0].toUpperCase() + s.slice(1);

function joinPem(certs: Parsed[]): string {
  return certs.map((c) => `${c.pem}\n`).join("");
}

