// Test certificates made at test time with the openssl CLI (3.0 or later): certificate authorities, server and client
// certificates with chosen validity windows, and the awkward files users hand us (DER, encrypted keys, bundles, a key
// that does not match). Everything is written under one temporary directory per test process, removed when it ends.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A certificate with its private key, as PEM strings and as files. */
export interface Credential {
  cn: string;
  certPem: string;
  keyPem: string;
  certPath: string;
  keyPath: string;
}

export interface CertOptions {
  /** Subject common name. */
  cn: string;
  /** Subject alternative names; IP addresses become `IP:` entries, anything else `DNS:`. */
  sans?: string[];
  /** A certificate authority (basicConstraints CA:TRUE) rather than a leaf. */
  ca?: boolean;
  /** Default: one hour ago. */
  notBefore?: Date;
  /** Default: 365 days from now. */
  notAfter?: Date;
  /** Default: "ec" (P-256, fast); "rsa" is 2048 bits. */
  keyType?: "ec" | "rsa";
}

/** A PEM or DER file written for a test. */
export interface FixtureFile<T = string> {
  content: T;
  path: string;
}

const DAY_MS = 86_400_000;

/**
 * Runs `cleanup` when the test process ends, whether it exits or is ended by SIGTERM or SIGINT (vitest ends its
 * workers with SIGTERM, which skips "exit" handlers); the signal is then raised again.
 */
export function atExit(cleanup: () => void): void {
  process.once("exit", cleanup);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      cleanup();
      process.kill(process.pid, signal);
    });
  }
}

let root: string | undefined;
let counter = 0;

function newDir(name: string): string {
  if (!root) {
    root = mkdtempSync(join(tmpdir(), "hyperdrive-pki-"));
    const created = root;
    atExit(() => rmSync(created, { recursive: true, force: true }));
  }
  const dir = join(root, `${++counter}-${name.replace(/[^A-Za-z0-9.-]+/g, "_")}`);
  mkdirSync(dir);
  return dir;
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run("openssl", args, { timeout: 30_000 });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === "ENOENT") throw new Error("openssl is not installed (Debian package: openssl)");
    throw new Error(`openssl ${args[0]} failed: ${stderr ?? String(error)}`);
  }
}

/** `openssl ca` takes dates as GeneralizedTime: YYYYMMDDHHMMSSZ. */
function asn1Time(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").replace(/\.\d+Z$/, "Z");
}

function extensions(opts: CertOptions): string[] {
  if (opts.ca) {
    return ["basicConstraints = critical,CA:TRUE", "keyUsage = critical,keyCertSign,cRLSign"];
  }
  const lines = [
    "basicConstraints = critical,CA:FALSE",
    "keyUsage = critical,digitalSignature,keyEncipherment",
    "extendedKeyUsage = serverAuth,clientAuth",
  ];
  if (opts.sans?.length) {
    lines.push(`subjectAltName = ${opts.sans.map((san) => (isIP(san) ? `IP:${san}` : `DNS:${san}`)).join(",")}`);
  }
  return lines;
}

async function writeKey(path: string, keyType: CertOptions["keyType"]): Promise<void> {
  const algorithm =
    keyType === "rsa"
      ? ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
      : ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"];
  await openssl(["genpkey", ...algorithm, "-out", path]);
}

/** Issues a certificate signed by `issuer`, or self-signed when `issuer` is undefined. */
async function issue(issuer: Credential | undefined, opts: CertOptions): Promise<Credential> {
  const dir = newDir(opts.cn);
  const keyPath = join(dir, "key.pem");
  const certPath = join(dir, "cert.pem");
  const csrPath = join(dir, "req.csr");
  const configPath = join(dir, "ca.cnf");
  writeFileSync(join(dir, "index.txt"), "");
  writeFileSync(join(dir, "serial"), `${randomBytes(16).toString("hex")}\n`);
  writeFileSync(
    configPath,
    [
      "[ca]",
      "default_ca = issuer",
      "[issuer]",
      `database = ${join(dir, "index.txt")}`,
      `serial = ${join(dir, "serial")}`,
      `new_certs_dir = ${dir}`,
      "default_md = sha256",
      "policy = any",
      "unique_subject = no",
      "email_in_dn = no",
      "[any]",
      "commonName = supplied",
      "[ext]",
      "subjectKeyIdentifier = hash",
      ...(issuer ? ["authorityKeyIdentifier = keyid:always"] : []),
      ...extensions(opts),
      "",
    ].join("\n"),
  );
  await writeKey(keyPath, opts.keyType);
  await openssl(["req", "-new", "-key", keyPath, "-subj", `/CN=${opts.cn}`, "-out", csrPath]);
  const notBefore = opts.notBefore ?? new Date(Date.now() - 3_600_000);
  const notAfter = opts.notAfter ?? new Date(Date.now() + 365 * DAY_MS);
  const signer = issuer ? ["-cert", issuer.certPath, "-keyfile", issuer.keyPath] : ["-selfsign", "-keyfile", keyPath];
  await openssl([
    "ca", "-batch", "-notext", "-config", configPath, "-extensions", "ext", ...signer,
    "-startdate", asn1Time(notBefore), "-enddate", asn1Time(notAfter), "-in", csrPath, "-out", certPath,
  ]);
  return {
    cn: opts.cn,
    certPem: readFileSync(certPath, "utf8"),
    keyPem: readFileSync(keyPath, "utf8"),
    certPath,
    keyPath,
  };
}

/** A self-signed root certificate authority. */
export function makeCa(opts: Partial<CertOptions> = {}): Promise<Credential> {
  return issue(undefined, { cn: "Hyperdrive Test Root CA", ...opts, ca: true });
}

/** A certificate signed by `issuer` (a leaf unless `ca: true`, which makes an intermediate CA). */
export function makeCert(issuer: Credential, opts: CertOptions): Promise<Credential> {
  return issue(issuer, opts);
}

/** Writes `content` to a new file of the test process's certificate directory. */
export function writeFixture<T extends string | Buffer>(name: string, content: T): FixtureFile<T> {
  const path = join(newDir(name), name);
  writeFileSync(path, content);
  return { content, path };
}

export const LOOPBACK_SANS = ["localhost", "127.0.0.1", "::1"];

export interface FixtureSet {
  rootCa: Credential;
  /** Signed by rootCa; signs `server`. */
  intermediateCa: Credential;
  /** An unrelated root: "the wrong CA". */
  otherCa: Credential;
  /** Server certificate for localhost, 127.0.0.1 and ::1, signed by intermediateCa. */
  server: Credential;
  /** server + intermediateCa: what a database presents so that rootCa verifies it. */
  serverChain: FixtureFile;
  /** Client certificate (CN hyperdrive-client) signed by rootCa. */
  client: Credential;
  /** Loopback server certificates signed by rootCa: expired a year ago, valid from 30 days on, expiring in 10 days. */
  expired: Credential;
  notYetValid: Credential;
  expiringSoon: Credential;
  /** The server certificate with a private key that does not belong to it. */
  mismatchedKey: { certPath: string; certPem: string; keyPath: string; keyPem: string };
  /** The client key encrypted with AES-256 under `passphrase`. */
  encryptedKey: FixtureFile & { passphrase: string };
  /** rootCa in DER form. */
  der: FixtureFile<Buffer>;
  /** rootCa and otherCa in one PEM file. */
  caBundle: FixtureFile;
  /** intermediateCa then rootCa: the CA chain that verifies `server` (as `cat intermediate.pem root.pem`). */
  caChain: FixtureFile;
  /** The client certificate and its key in one PEM file. */
  combined: FixtureFile;
  /** A leaf certificate (CA:FALSE), for uploads that treat it as a CA. */
  nonCa: Credential;
}

/** Every certificate the tests need, made fresh (about a second). */
export async function makeFixtureSet(): Promise<FixtureSet> {
  const now = Date.now();
  const [rootCa, otherCa] = await Promise.all([makeCa(), makeCa({ cn: "Hyperdrive Test Other CA" })]);
  const intermediateCa = await makeCert(rootCa, { cn: "Hyperdrive Test Intermediate CA", ca: true });
  const [server, client, expired, notYetValid, expiringSoon, nonCa, stranger] = await Promise.all([
    makeCert(intermediateCa, { cn: "localhost", sans: LOOPBACK_SANS }),
    makeCert(rootCa, { cn: "hyperdrive-client" }),
    makeCert(rootCa, {
      cn: "expired.localhost",
      sans: LOOPBACK_SANS,
      notBefore: new Date(now - 730 * DAY_MS),
      notAfter: new Date(now - 365 * DAY_MS),
    }),
    makeCert(rootCa, {
      cn: "not-yet-valid.localhost",
      sans: LOOPBACK_SANS,
      notBefore: new Date(now + 30 * DAY_MS),
      notAfter: new Date(now + 395 * DAY_MS),
    }),
    makeCert(rootCa, { cn: "expiring.localhost", sans: LOOPBACK_SANS, notAfter: new Date(now + 10 * DAY_MS) }),
    makeCert(rootCa, { cn: "not-a-ca.localhost" }),
    makeCert(rootCa, { cn: "stranger" }),
  ]);
  const passphrase = "fixture-passphrase";
  const encryptedPath = join(newDir("encrypted-key"), "key.pem");
  await openssl(["pkey", "-in", client.keyPath, "-aes256", "-passout", `pass:${passphrase}`, "-out", encryptedPath]);
  const derPath = join(newDir("der"), "ca.der");
  await openssl(["x509", "-in", rootCa.certPath, "-outform", "DER", "-out", derPath]);
  return {
    rootCa,
    intermediateCa,
    otherCa,
    server,
    serverChain: writeFixture("server-chain.pem", server.certPem + intermediateCa.certPem),
    client,
    expired,
    notYetValid,
    expiringSoon,
    mismatchedKey: { certPath: server.certPath, certPem: server.certPem, keyPath: stranger.keyPath, keyPem: stranger.keyPem },
    encryptedKey: { content: readFileSync(encryptedPath, "utf8"), path: encryptedPath, passphrase },
    der: { content: readFileSync(derPath), path: derPath },
    caBundle: writeFixture("ca-bundle.pem", rootCa.certPem + otherCa.certPem),
    caChain: writeFixture("ca-chain.pem", intermediateCa.certPem + rootCa.certPem),
    combined: writeFixture("client-combined.pem", client.certPem + client.keyPem),
    nonCa,
  };
}
