// `hyperdrive cert …` in-process against an msw stand-in of the certificate routes: request bodies, output, exit codes,
// and that no output ever holds a line of the private key.
import { X509Certificate } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { http } from "msw";
import { BASE, fail } from "../support/fake-api";
import { certApi, expectNoKeyIn, makeCertificate } from "../support/cert-api";
import { runCli, scriptedPrompter, TEST_ACCOUNT } from "../support/cli";
import { makeCert, makeFixtureSet, writeFixture, type FixtureSet } from "../support/pki";

const { server, requests, certificates } = certApi();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());
beforeEach(() => {
  requests.length = 0;
  certificates.length = 0;
});

let f: FixtureSet;
beforeAll(async () => {
  f = await makeFixtureSet();
});

const COLLECTION = `/accounts/${TEST_ACCOUNT}/mtls_certificates`;
const mutations = () => requests.filter((r) => r.method !== "GET");
const uploadedId = () => certificates[certificates.length - 1].id;

describe("cert upload certificate-authority", () => {
  it("POSTs {ca:true, certificates, name} and prints the id and the next step", async () => {
    const r = await runCli(["cert", "upload", "certificate-authority", "--ca-cert", f.rootCa.certPath, "--name", "prod-ca"]);
    expect(r.code).toBe(0);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: "POST", path: COLLECTION });
    expect(requests[0].body).toEqual({ ca: true, certificates: f.rootCa.certPem, name: "prod-ca" });
    expect(Object.keys(requests[0].body as object)).toEqual(["ca", "certificates", "name"]);
    const id = uploadedId();
    expect(r.stdout).toContain(`✔ Uploaded CA certificate 'prod-ca' (${id})`);
    expect(r.stdout).toMatch(/issuer\s+CN=Hyperdrive Test Root CA/);
    expect(r.stdout).toMatch(/expires\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(\d+ days left\)/);
    expect(r.stdout).toContain(`hyperdrive create <name> --connection-string … --ca-certificate-id ${id} --sslmode verify-full`);
    expect(r.stdout).toContain(`hyperdrive update <config> --ca-certificate-id ${id} --sslmode verify-full`);
  });

  it("without --name the body has no name; --json prints the API's certificate", async () => {
    const r = await runCli(["cert", "upload", "certificate-authority", "--ca-cert", f.intermediateCa.certPath, "--json"]);
    expect(r.code).toBe(0);
    expect(requests[0].body).toEqual({ ca: true, certificates: f.intermediateCa.certPem });
    expect(JSON.parse(r.stdout)).toMatchObject({ id: uploadedId(), ca: true, issuer: "CN=Hyperdrive Test Root CA" });
  });

  it("a relative path is read from --cwd", async () => {
    const dir = f.rootCa.certPath.replace(/\/cert\.pem$/, "");
    const r = await runCli(["cert", "upload", "certificate-authority", "--ca-cert", "cert.pem", "--cwd", dir]);
    expect(r.code).toBe(0);
    expect(requests[0].body).toEqual({ ca: true, certificates: f.rootCa.certPem });
  });

  it("--dry-run shows the request and sends nothing", async () => {
    const r = await runCli(["cert", "upload", "certificate-authority", "--ca-cert", f.rootCa.certPath, "--name", "n", "--dry-run", "--json"]);
    expect(r.code).toBe(0);
    expect(requests).toHaveLength(0);
    expect(JSON.parse(r.stdout)).toEqual({ dry_run: true, method: "POST", url: `${BASE}${COLLECTION}`, body: { ca: true, certificates: f.rootCa.certPem, name: "n" } });
  });

  it("the --ca-cert flag is required", async () => {
    const r = await runCli(["cert", "upload", "certificate-authority"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/required option '--ca-cert <file>' not specified/);
  });

  it.each([
    ["a missing file", () => "/nonexistent/ca.pem", /--ca-cert \/nonexistent\/ca\.pem: no such file\./],
    ["a directory", () => f.rootCa.certPath.replace(/\/cert\.pem$/, ""), /is a directory\./],
    ["a DER file", () => f.der.path, /is a DER \(binary\) certificate; --ca-cert takes PEM\.\n\s+Convert it: openssl x509 -inform der -in \S+ca\.der -out \S+ca\.der\.pem/],
    ["a key file", () => f.rootCa.keyPath, /holds no certificate/],
    ["a leaf certificate", () => f.nonCa.certPath, /is not a certificate authority \(its basicConstraints lack CA:TRUE\)/],
    ["a CA file holding the CA's private key", () => writeFixture("ca-with-key.pem", f.rootCa.certPem + f.rootCa.keyPem).path, /holds a private key as well as a certificate; --ca-cert takes CA certificates only\./],
    ["a server chain", () => f.serverChain.path, /Certificate 1 of 2 \(CN=localhost\)/],
  ])("refuses %s with exit 2 and sends nothing", async (_what, path, message) => {
    const r = await runCli(["cert", "upload", "certificate-authority", "--ca-cert", path()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(requests).toHaveLength(0);
    expectNoKeyIn(r.all, f.rootCa.keyPem);
  });

  it("a refusal with --json is one error document on stdout", async () => {
    const chain = writeFixture("chain-with-leaf.pem", f.intermediateCa.certPem + f.server.certPem);
    const r = await runCli(["cert", "upload", "certificate-authority", "--ca-cert", chain.path, "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      success: false,
      kind: "usage",
      errors: [{ message: expect.stringContaining("Certificate 2 of 2 (CN=localhost)"), hint: expect.stringContaining("Take it out of the file") }],
    });
  });

  it("a chain (intermediate and root) goes up as one upload of the whole file; the view names the chain", async () => {
    const r = await runCli(["cert", "upload", "certificate-authority", "--ca-cert", f.caChain.path, "--name", "chain"]);
    expect(r.code, r.stderr).toBe(0);
    expect(requests).toHaveLength(1);
    expect(requests[0].body).toEqual({ ca: true, certificates: f.caChain.content, name: "chain" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/\nchain\s+2 certificates: CN=Hyperdrive Test Intermediate CA; CN=Hyperdrive Test Root CA\n/);
  });

  it("an API refusal is exit 1 with the API's message", async () => {
    server.use(http.post(`${BASE}${COLLECTION}`, () => fail(400, [{ code: 1408, message: "Unable to parse certificate" }])));
    const r = await runCli(["cert", "upload", "certificate-authority", "--ca-cert", f.rootCa.certPath]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Unable to parse certificate [code: 1408]");
  });
});

describe("cert upload mtls-certificate", () => {
  it("POSTs {ca:false, certificates, private_key, name}; the key never appears in the output", async () => {
    const r = await runCli(["cert", "upload", "mtls-certificate", "--cert", f.client.certPath, "--key", f.client.keyPath, "--name", "hd-client"]);
    expect(r.code).toBe(0);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: "POST", path: COLLECTION });
    expect(requests[0].body).toEqual({ ca: false, certificates: f.client.certPem, private_key: f.client.keyPem, name: "hd-client" });
    expect(Object.keys(requests[0].body as object)).toEqual(["ca", "certificates", "private_key", "name"]);
    const id = uploadedId();
    expect(r.stdout).toContain(`✔ Uploaded client certificate 'hd-client' (${id})`);
    expect(r.stdout).toContain(`hyperdrive create <name> --connection-string … --mtls-certificate-id ${id}`);
    expect(r.stdout).toContain(`hyperdrive update <config> --mtls-certificate-id ${id}`);
    expectNoKeyIn(r.all, f.client.keyPem);
  });

  it("one PEM holding the certificate and the key, as --cert alone: split into certificates and private_key", async () => {
    const r = await runCli(["cert", "upload", "mtls-certificate", "--cert", f.combined.path, "--json"]);
    expect(r.code).toBe(0);
    expect(requests[0].body).toEqual({ ca: false, certificates: f.client.certPem, private_key: f.client.keyPem });
    expect(JSON.parse(r.stdout)).toMatchObject({ id: uploadedId(), ca: false });
    expectNoKeyIn(r.all, f.client.keyPem);
  });

  it("a chain: the client certificate first, then the intermediate", async () => {
    const r = await runCli(["cert", "upload", "mtls-certificate", "--cert", f.serverChain.path, "--key", f.server.keyPath]);
    expect(r.code).toBe(0);
    expect(requests[0].body).toEqual({ ca: false, certificates: f.server.certPem + f.intermediateCa.certPem, private_key: f.server.keyPem });
    expectNoKeyIn(r.all, f.server.keyPem);
  });

  it.each([["--json"], []])("--dry-run %j shows private_key as <redacted> and sends nothing", async (...json) => {
    const r = await runCli(["cert", "upload", "mtls-certificate", "--cert", f.combined.path, "--name", "n", "--dry-run", ...json]);
    expect(r.code).toBe(0);
    expect(requests).toHaveLength(0);
    const body = { ca: false, certificates: f.client.certPem, private_key: "<redacted>", name: "n" };
    if (json.length) expect(JSON.parse(r.stdout)).toEqual({ dry_run: true, method: "POST", url: `${BASE}${COLLECTION}`, body });
    else expect(r.stdout).toBe(`Dry run: nothing was sent.\nPOST ${BASE}${COLLECTION}\n${JSON.stringify(body, null, 2)}\n`);
    expectNoKeyIn(r.all, f.client.keyPem);
  });

  it("warnings go to stderr and the upload proceeds", async () => {
    const r = await runCli(["cert", "upload", "mtls-certificate", "--cert", f.expiringSoon.certPath, "--key", f.expiringSoon.keyPath]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/⚠ The certificate CN=expiring\.localhost in .* expires on \S+ \(in 9 days\); plan its replacement\./);
    expect(mutations()).toHaveLength(1);
    expectNoKeyIn(r.all, f.expiringSoon.keyPem);
  });

  it("--name '' is refused", async () => {
    const r = await runCli(["cert", "upload", "mtls-certificate", "--cert", f.combined.path, "--name", ""]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--name must not be empty.");
    expect(requests).toHaveLength(0);
    expectNoKeyIn(r.all, f.client.keyPem);
  });

  const cases: Array<[string, () => string[], RegExp, () => string]> = [
    ["no key", () => ["--cert", f.client.certPath], /--key is missing: .* holds no private key\./, () => f.client.keyPem],
    ["a missing key file", () => ["--cert", f.client.certPath, "--key", "/nonexistent/key.pem"], /--key \/nonexistent\/key\.pem: no such file\./, () => f.client.keyPem],
    ["the key twice", () => ["--cert", f.combined.path, "--key", f.client.keyPath], /holds a private key, and --key was given too/, () => f.client.keyPem],
    [
      "an encrypted key",
      () => ["--cert", f.client.certPath, "--key", f.encryptedKey.path],
      /is encrypted; Hyperdrive needs it unencrypted\.\n\s+Decrypt it \(openssl asks for the passphrase\): openssl pkey -in \S+ -out key-decrypted\.pem/,
      () => f.encryptedKey.content,
    ],
    ["a key that does not match", () => ["--cert", f.mismatchedKey.certPath, "--key", f.mismatchedKey.keyPath], /does not match the certificate CN=localhost/, () => f.mismatchedKey.keyPem],
    ["an expired certificate", () => ["--cert", f.expired.certPath, "--key", f.expired.keyPath], /CN=expired\.localhost in .* expired on \d{4}-/, () => f.expired.keyPem],
    ["a key as --cert", () => ["--cert", f.client.keyPath], /holds no certificate/, () => f.client.keyPem],
    ["a DER certificate", () => ["--cert", f.der.path, "--key", f.client.keyPath], /is a DER \(binary\) certificate; --cert takes PEM/, () => f.client.keyPem],
  ];
  it.each(cases)("refuses %s with exit 2, sends nothing and never shows the key", async (_what, args, message, keyPem) => {
    const r = await runCli(["cert", "upload", "mtls-certificate", ...args()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(requests).toHaveLength(0);
    expectNoKeyIn(r.all, keyPem());
  });

  it("a malformed key is refused without echoing it", async () => {
    const garbage = writeFixture("garbage-key.pem", "-----BEGIN PRIVATE KEY-----\nTUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lCQVFD\n-----END PRIVATE KEY-----\n");
    const r = await runCli(["cert", "upload", "mtls-certificate", "--cert", f.client.certPath, "--key", garbage.path, "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors[0].message).toBe(`The private key in ${garbage.path} is malformed: it does not parse.`);
    expectNoKeyIn(r.all, garbage.content);
  });
});

describe("cert list", () => {
  it("pages through 120 certificates (3 pages of 50) and shows them all in a table", async () => {
    for (let i = 1; i <= 120; i++) certificates.push(makeCertificate(i));
    const r = await runCli(["cert", "list"]);
    expect(r.code).toBe(0);
    expect(requests.map((q) => [q.method, q.path, q.query.page, q.query.per_page])).toEqual([
      ["GET", COLLECTION, "1", "50"],
      ["GET", COLLECTION, "2", "50"],
      ["GET", COLLECTION, "3", "50"],
    ]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0].split(/\s{2,}/)).toEqual(["id", "name", "kind", "issuer", "expires", "days left"]);
    expect(lines).toHaveLength(2 + 120);
    for (let i = 1; i <= 120; i++) expect(r.stdout).toContain(makeCertificate(i).id);
    expect(lines[2].split(/\s{2,}/)).toEqual([makeCertificate(1).id, "cert-1", "client", "CN=Hyperdrive Test Root CA", "2030-01-01T00:00:00Z", expect.stringMatching(/^\d+$/)]);
    expect(lines[3].split(/\s{2,}/)[2]).toBe("CA");
  });

  it("--json prints the whole array", async () => {
    for (let i = 1; i <= 120; i++) certificates.push(makeCertificate(i));
    const r = await runCli(["cert", "list", "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(doc).toHaveLength(120);
    expect(doc[119]).toEqual(makeCertificate(120));
  });

  it("days left, and 'expired' for a certificate past its date", async () => {
    const in10 = new Date(Date.now() + 10 * 86_400_000 + 3_600_000).toISOString();
    certificates.push(makeCertificate(1, { expires_on: in10 }), makeCertificate(2, { expires_on: "2020-01-01T00:00:00Z" }));
    const r = await runCli(["cert", "list"]);
    const rows = r.stdout.trimEnd().split("\n").slice(2).map((l) => l.split(/\s{2,}/));
    expect(rows.map((row) => row[5])).toEqual(["10", "expired"]);
    expect(rows[0][4]).toBe(in10.replace(/\.\d{3}Z$/, "Z"));
  });

  it("a chain expires when its first certificate does: the earliest end date of the chain, not the API's expires_on of the first", async () => {
    const soon = await makeCert(f.rootCa, { cn: "Short Intermediate CA", ca: true, notAfter: new Date(Date.now() + 20 * 86_400_000 + 3_600_000) });
    const rootEnd = new Date(new X509Certificate(f.rootCa.certPem).validTo).toISOString().replace(".000Z", "Z");
    const soonEnd = new Date(new X509Certificate(soon.certPem).validTo).toISOString().replace(".000Z", "Z");
    certificates.push(makeCertificate(2, { name: "chain", ca: true, certificates: (f.rootCa.certPem + soon.certPem).trimEnd(), expires_on: rootEnd }));
    const list = await runCli(["cert", "list"]);
    expect(list.stdout.trimEnd().split("\n")[2].split(/\s{2,}/).slice(4)).toEqual([soonEnd, "20"]);
    const get = await runCli(["cert", "get", "chain"]);
    expect(get.stdout).toContain("chain          2 certificates: CN=Hyperdrive Test Root CA; CN=Short Intermediate CA\n");
    expect(get.stdout).toContain(`expires        ${soonEnd} (20 days left): certificate 2 of 2 (CN=Short Intermediate CA), the first of the chain to expire\n`);
    expect(JSON.parse((await runCli(["cert", "get", "chain", "--json"])).stdout).expires_on).toBe(rootEnd);
  });

  it("an empty account says how to upload", async () => {
    const r = await runCli(["cert", "list"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("No certificates in this account. Upload one with: hyperdrive cert upload certificate-authority --ca-cert ca.pem\n");
  });
});

describe("cert get", () => {
  beforeEach(() => certificates.push(makeCertificate(1, { name: "prod-ca", ca: true }), makeCertificate(2, { name: "dup" }), makeCertificate(3, { name: "dup" })));

  it("by id: one GET of that id", async () => {
    const r = await runCli(["cert", "get", makeCertificate(1).id]);
    expect(r.code).toBe(0);
    expect(requests.map((q) => q.path)).toEqual([`${COLLECTION}/${makeCertificate(1).id}`]);
    expect(r.stdout).toMatch(/^id\s+00000000-0000-4000-8000-000000000001\nname\s+prod-ca\nkind\s+CA certificate\nissuer\s+CN=Hyperdrive Test Root CA\n/);
    expect(r.stdout).toMatch(/expires\s+2030-01-01T00:00:00Z \(\d+ days left\)/);
  });

  it("by name: the list filtered with ?name=", async () => {
    const r = await runCli(["cert", "get", "prod-ca", "--json"]);
    expect(r.code).toBe(0);
    expect(requests).toHaveLength(1);
    expect(requests[0].query).toMatchObject({ name: "prod-ca", page: "1" });
    expect(JSON.parse(r.stdout)).toEqual(makeCertificate(1, { name: "prod-ca", ca: true }));
  });

  it("by name when the API ignores ?name=: filtered here", async () => {
    server.close();
    const lax = certApi({ ignoreNameFilter: true });
    lax.certificates.push(...certificates);
    lax.server.listen({ onUnhandledRequest: "error" });
    try {
      const r = await runCli(["cert", "get", "prod-ca", "--json"]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).id).toBe(makeCertificate(1).id);
    } finally {
      lax.server.close();
      server.listen({ onUnhandledRequest: "error" });
    }
  });

  it("an ambiguous name lists the candidates (exit 2)", async () => {
    const r = await runCli(["cert", "get", "dup"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("2 certificates are named 'dup'; give the id instead:");
    expect(r.stderr).toContain(`${makeCertificate(2).id}  dup  CA  expires 2030-01-01T00:00:00Z`);
    expect(r.stderr).toContain(`${makeCertificate(3).id}  dup  client`);
  });

  it("an unknown name suggests near names (exit 2)", async () => {
    const r = await runCli(["cert", "get", "prod"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`No certificate named 'prod' in account ${TEST_ACCOUNT}.`);
    expect(r.stderr).toMatch(/Did you mean:\n\s+00000000-0000-4000-8000-000000000001  prod-ca  CA/);
  });

  it("an unknown id (404) is exit 2 and points at cert list", async () => {
    const missing = makeCertificate(99).id;
    const r = await runCli(["cert", "get", missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`No certificate with id ${missing} in account ${TEST_ACCOUNT}.`);
    expect(r.stderr).toContain("hyperdrive cert list shows the certificates and their ids.");
  });
});

describe("cert delete", () => {
  const CA = makeCertificate(1, { name: "prod-ca", ca: true });
  beforeEach(() => certificates.push(CA, makeCertificate(2, { name: "dup" }), makeCertificate(3, { name: "dup" })));
  const deletes = () => requests.filter((q) => q.method === "DELETE").map((q) => q.path);

  it("by name with --yes", async () => {
    const r = await runCli(["cert", "delete", "prod-ca", "--yes"]);
    expect(r.code).toBe(0);
    expect(deletes()).toEqual([`${COLLECTION}/${CA.id}`]);
    expect(r.stdout).toBe(`✔ Deleted CA certificate 'prod-ca' (${CA.id})\n`);
    expect(certificates.map((c) => c.id)).not.toContain(CA.id);
  });

  it("--id and --name, like wrangler; --json result", async () => {
    const a = await runCli(["cert", "delete", "--id", CA.id, "--yes", "--json"]);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual({ id: CA.id, deleted: true });
    const b = await runCli(["cert", "delete", "--name", "dup", "--yes"]);
    expect(b.code).toBe(2);
    expect(deletes()).toEqual([`${COLLECTION}/${CA.id}`]);
  });

  it("without a terminal and without --yes: exit 2 before any request", async () => {
    const r = await runCli(["cert", "delete", "prod-ca"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Deleting a certificate needs confirmation, and this is not an interactive terminal.");
    expect(r.stderr).toContain("To confirm, run: hyperdrive cert delete prod-ca --yes");
    expect(requests).toHaveLength(0);
  });

  it("on a terminal it asks: yes deletes, no cancels (exit 130)", async () => {
    const yes = scriptedPrompter([true]);
    const r = await runCli(["cert", "delete", "prod-ca"], { prompter: yes, tty: true });
    expect(r.code).toBe(0);
    expect(yes.asked).toEqual([`Delete CA certificate 'prod-ca' (${CA.id})?`]);
    certificates.push(CA);
    requests.length = 0;
    const no = scriptedPrompter([false]);
    const n = await runCli(["cert", "delete", "prod-ca"], { prompter: no, tty: true });
    expect(n.code).toBe(130);
    expect(deletes()).toEqual([]);
  });

  it.each([
    [["dup", "--yes"], /2 certificates are named 'dup'; give the id instead:/],
    [["nope", "--yes"], /No certificate named 'nope'/],
    [[makeCertificate(99).id, "--yes"], /No certificate with id 00000000-0000-4000-8000-000000000063/],
    [["--yes"], /Which certificate\? Give its id or name\./],
    [["prod-ca", "--id", CA.id, "--yes"], /Give the certificate once: an id or name, --id, or --name\./],
    [["--id", CA.id, "--name", "prod-ca", "--yes"], /Give the certificate once/],
  ])("%j is an error (exit 2) and deletes nothing", async (args, message) => {
    const r = await runCli(["cert", "delete", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(deletes()).toEqual([]);
  });

  it("--dry-run resolves the name and shows the DELETE without sending it (no --yes needed)", async () => {
    const r = await runCli(["cert", "delete", "prod-ca", "--dry-run", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ dry_run: true, method: "DELETE", url: `${BASE}${COLLECTION}/${CA.id}` });
    expect(deletes()).toEqual([]);
  });

  it("a certificate still in use: the API's refusal, exit 1", async () => {
    server.use(http.delete(`${BASE}${COLLECTION}/:id`, () => fail(400, [{ code: 1410, message: "The certificate is in use by Hyperdrive config prod-db" }])));
    const r = await runCli(["cert", "delete", "prod-ca", "--yes"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("The certificate is in use by Hyperdrive config prod-db [code: 1410]");
  });
});

describe("help", () => {
  it("cert --help lists the subcommands; each upload has examples", async () => {
    const r = await runCli(["cert", "--help"]);
    expect(r.code).toBe(0);
    for (const sub of ["upload", "list", "get", "delete"]) expect(r.stdout).toMatch(new RegExp(`^\\s+${sub}\\b`, "m"));
    const u = await runCli(["cert", "upload", "mtls-certificate", "--help"]);
    expect(u.stdout).toContain("--cert <file>");
    expect(u.stdout).toContain("hyperdrive cert upload mtls-certificate --cert client-with-key.pem");
    const c = await runCli(["cert", "upload", "--help"]);
    expect(c.stdout).toMatch(/certificate-authority/);
    expect(c.stdout).toMatch(/mtls-certificate/);
  });
});
