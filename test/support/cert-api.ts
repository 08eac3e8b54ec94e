// An msw stand-in for the certificate routes of the Cloudflare API (/accounts/{id}/mtls_certificates), recording every
// request, for in-process tests of `hyperdrive cert …` and of the certificate-reference check.
import { X509Certificate } from "node:crypto";
import { http } from "msw";
import { setupServer } from "msw/node";
import { ApiClient } from "../../src/api/client";
import { createFetchTransport } from "./fetch-transport";
import type { Api } from "../../src/session/connect";
import { TEST_ACCOUNT } from "./cli";
import { BASE, fail, ok, recordInto, type Recorded } from "./fake-api";

export interface FakeCertificate {
  id: string;
  name?: string;
  ca: boolean;
  certificates: string;
  issuer: string;
  signature: string;
  serial_number: string;
  expires_on: string;
  uploaded_on: string;
  type: string;
}

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

export function makeCertificate(i: number, over: Partial<FakeCertificate> = {}): FakeCertificate {
  return {
    id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
    name: `cert-${i}`,
    ca: i % 2 === 0,
    certificates: PEM,
    issuer: "CN=Hyperdrive Test Root CA",
    signature: "ECDSAWithSHA256",
    serial_number: String(1000 + i),
    expires_on: "2030-01-01T00:00:00Z",
    uploaded_on: "2026-01-01T00:00:00Z",
    type: "custom",
    ...over,
  };
}

/** `options.ignoreNameFilter`: answer `?name=` with every certificate, as an API without that filter would. */
export function certApi(options: { ignoreNameFilter?: boolean } = {}) {
  const requests: Recorded[] = [];
  const certificates: FakeCertificate[] = [];
  const base = `${BASE}/accounts/${TEST_ACCOUNT}/mtls_certificates`;
  const notFound = () => fail(404, [{ code: 10007, message: "mTLS certificate not found" }]);
  const server = setupServer(
    recordInto(requests),
    http.get(base, ({ request }) => {
      const q = new URL(request.url).searchParams;
      const page = Number(q.get("page") ?? 1);
      const per = Number(q.get("per_page") ?? 50);
      const name = options.ignoreNameFilter ? null : q.get("name");
      const ca = q.get("ca");
      const matching = certificates.filter((c) => (name === null || c.name === name) && (ca === null || String(c.ca) === ca));
      const slice = matching.slice((page - 1) * per, page * per);
      return ok(slice, { result_info: { page, per_page: per, count: slice.length, total_count: matching.length } });
    }),
    http.get(`${base}/:id`, ({ params }) => {
      const c = certificates.find((x) => x.id === params.id);
      return c ? ok(c) : notFound();
    }),
    http.post(base, async ({ request }) => {
      const body = (await request.json()) as { ca: boolean; certificates: string; name?: string };
      const leaf = new X509Certificate(body.certificates);
      const c = makeCertificate(certificates.length + 100, {
        name: body.name,
        ca: body.ca,
        certificates: body.certificates.trimEnd(),
        issuer: leaf.issuer.split("\n").reverse().join(","),
        expires_on: new Date(leaf.validTo).toISOString().replace(".000Z", "Z"),
      });
      certificates.push(c);
      return ok({ ...c, updated_at: c.uploaded_on });
    }),
    http.delete(`${base}/:id`, ({ params }) => {
      const i = certificates.findIndex((x) => x.id === params.id);
      return i === -1 ? notFound() : ok(certificates.splice(i, 1)[0]);
    }),
  );
  /** An API handle on this server, for code that takes `Api` rather than running the CLI. */
  const api = (): Api => ({
    accountId: TEST_ACCOUNT,
    client: new ApiClient({ credentials: { kind: "token", token: "t" }, transport: createFetchTransport(), userAgent: "test", sleep: async () => {} }),
  });
  return { server, requests, certificates, api };
}

/** Every non-empty line of a PEM private key: none may appear in any output. */
export function expectNoKeyIn(output: string, keyPem: string): void {
  // Header lines, and body lines long enough that finding one elsewhere by chance is out of the question (a key's last
  // base64 line may be a few characters, which a certificate's base64 can hold by chance).
  const lines = keyPem.split(/\r?\n/).filter((l) => l.startsWith("-----") || l.trim().length >= 24);
  const leaked = lines.filter((l) => output.includes(l));
  if (lines.length === 0 || leaked.length > 0) {
    throw new Error(lines.length === 0 ? "expectNoKeyIn: empty key" : `the output holds ${leaked.length} line(s) of the private key`);
  }
}
