// checkCertificateRefs: the ids create/update are given must name uploaded certificates of the right kind.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { http } from "msw";
import { checkCertificateRefs } from "../../src/certs/refs";
import { ApiError } from "../../src/api/errors";
import { EXIT_USAGE, UsageError } from "../../src/errors";
import { certApi, makeCertificate } from "../support/cert-api";
import { BASE, fail } from "../support/fake-api";
import { TEST_ACCOUNT } from "../support/cli";

const { server, requests, certificates, api } = certApi();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());

const CA = makeCertificate(2, { name: "prod-ca", ca: true });
const CLIENT = makeCertificate(3, { name: "prod-client", ca: false });
const MISSING = "00000000-0000-4000-8000-0000000000ff";
beforeEach(() => {
  requests.length = 0;
  certificates.length = 0;
  certificates.push(CA, CLIENT);
});

async function refusal(mtls: Parameters<typeof checkCertificateRefs>[1]): Promise<UsageError> {
  const err = await checkCertificateRefs(api(), mtls).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  expect((err as UsageError).exitCode).toBe(EXIT_USAGE);
  return err as UsageError;
}

describe("checkCertificateRefs", () => {
  it("a CA for --ca-certificate-id and a client certificate for --mtls-certificate-id pass, one GET each", async () => {
    await expect(checkCertificateRefs(api(), { ca_certificate_id: CA.id, mtls_certificate_id: CLIENT.id })).resolves.toBeUndefined();
    expect(requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      `GET /accounts/${TEST_ACCOUNT}/mtls_certificates/${CA.id}`,
      `GET /accounts/${TEST_ACCOUNT}/mtls_certificates/${CLIENT.id}`,
    ]);
  });

  it("no ids, or no mtls at all: nothing to check, no request", async () => {
    await checkCertificateRefs(api(), undefined);
    await checkCertificateRefs(api(), {});
    expect(requests).toHaveLength(0);
  });

  it("a client certificate given as --ca-certificate-id", async () => {
    const e = await refusal({ ca_certificate_id: CLIENT.id });
    expect(e.message).toBe(`--ca-certificate-id ${CLIENT.id} ('prod-client') is a client certificate, not a CA.`);
    expect(e.hint).toBe(
      "For --ca-certificate-id, upload the CA that signed your database's certificate with hyperdrive cert upload certificate-authority --ca-cert ca.pem, and pass its id.",
    );
  });

  it("a CA given as --mtls-certificate-id", async () => {
    const e = await refusal({ mtls_certificate_id: CA.id });
    expect(e.message).toBe(`--mtls-certificate-id ${CA.id} ('prod-ca') is a CA certificate, not a client certificate.`);
    expect(e.hint).toContain("hyperdrive cert upload mtls-certificate --cert client.pem --key client-key.pem");
  });

  it("an id the account does not have (404) names the flag", async () => {
    const e = await refusal({ ca_certificate_id: CA.id, mtls_certificate_id: MISSING });
    expect(e.message).toBe(`--mtls-certificate-id ${MISSING}: no certificate with this id in account ${TEST_ACCOUNT}.`);
    expect(e.hint).toMatch(/^hyperdrive cert list shows the uploaded certificates; or upload the client certificate/);
  });

  it("a certificate without a name is described by its kind only", async () => {
    certificates.push(makeCertificate(4, { name: undefined, ca: false }));
    const e = await refusal({ ca_certificate_id: makeCertificate(4).id });
    expect(e.message).toBe(`--ca-certificate-id ${makeCertificate(4).id} is a client certificate, not a CA.`);
  });

  it("other API failures are not hidden", async () => {
    server.use(http.get(`${BASE}/accounts/:a/mtls_certificates/:id`, () => fail(403, [{ code: 10000, message: "Authentication error" }])));
    await expect(checkCertificateRefs(api(), { ca_certificate_id: CA.id })).rejects.toBeInstanceOf(ApiError);
  });
});
