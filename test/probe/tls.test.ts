// How the probe judges a server certificate under each sslmode, against an in-process TLS server on loopback.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { connect, createServer, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ProbeFailure } from "../../src/probe/steps";
import { assessCertificate, verificationOf, tlsOptions } from "../../src/probe/tls";
import type { ProbeTls } from "../../src/probe/types";
import { makeFixtureSet, type Credential, type FixtureSet } from "../support/pki";

let fixtures: FixtureSet;
const open: TLSSocket[] = [];

beforeAll(async () => {
  fixtures = await makeFixtureSet();
});
afterAll(() => {
  for (const socket of open) socket.destroy();
});

/** A TLS session with a loopback server presenting `server`, as the probe opens it. */
async function handshake(server: Credential, tls: ProbeTls): Promise<TLSSocket> {
  const listener = createServer({ cert: server.certPem, key: server.keyPem }, (socket) => socket.end());
  listener.listen(0, "127.0.0.1");
  await once(listener, "listening");
  const { port } = listener.address() as AddressInfo;
  const secure = connect({ ...tlsOptions("localhost", tls), host: "127.0.0.1", port });
  secure.on("error", () => {});
  await once(secure, "secureConnect");
  listener.close();
  open.push(secure);
  return secure;
}

function failureOf(run: () => unknown): ProbeFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof ProbeFailure) return error;
  }
  throw new Error("expected a ProbeFailure");
}

describe("assessCertificate", () => {
  test("a certificate expiring within 30 days passes verify-full with a warning", async () => {
    const tls = { ca: fixtures.rootCa.certPem };
    const secure = await handshake(fixtures.expiringSoon, tls);
    const passed = assessCertificate(secure, "localhost", tls, "verify-full");
    expect(passed.status).toBe("warn");
    expect(passed.detail).toContain("verified against the given CA, hostname localhost matches");
    expect(passed.detail).toMatch(/the certificate expires in (9|10) days/);
  });

  test("a certificate not valid yet fails verify-ca", async () => {
    const tls = { ca: fixtures.rootCa.certPem };
    const secure = await handshake(fixtures.notYetValid, tls);
    const failure = failureOf(() => assessCertificate(secure, "localhost", tls, "verify-ca"));
    expect(failure.code).toBe(2015);
    expect(failure.hyperdrive).toBe("TLS handshake failed: cert validation failed.");
    expect(failure.message).toContain("the certificate is not valid yet (CERT_NOT_YET_VALID)");
  });

  test("an expired certificate under sslmode require: a warning, not a failure", async () => {
    const secure = await handshake(fixtures.expired, {});
    const passed = assessCertificate(secure, "localhost", {}, "require");
    expect(passed.status).toBe("warn");
    expect(passed.detail).toContain("not verified against public CAs");
  });
});

describe("verificationOf", () => {
  test("PostgreSQL and MySQL spellings; require by default; others refused", () => {
    expect(verificationOf(undefined)).toBe("require");
    expect(verificationOf("REQUIRED")).toBe("require");
    expect(verificationOf("VERIFY_CA")).toBe("verify-ca");
    expect(verificationOf("VERIFY_IDENTITY")).toBe("verify-full");
    expect(verificationOf("verify-full")).toBe("verify-full");
    expect(() => verificationOf("disable")).toThrow("Hyperdrive does not support sslmode disable");
  });
});
