import { describe, expect, it } from "vitest";
import { buildCreateBody, buildPatchBody, checkCreateMtls, completePatch, parseSslmode, patchNeedsStored, redactSecrets } from "../../src/origin/body";
import type { HyperdriveConfig } from "../../src/api/schemas";
import { UsageError } from "../../src/errors";

const base = { originHost: "db.example.com", originPort: "5432", database: "app", originUser: "app", originPassword: "pw" };

function usage(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error("expected a UsageError");
}

describe("create bodies", () => {
  it("public origin from flags, default scheme postgresql", () => {
    expect(buildCreateBody("n", base).body).toEqual({
      name: "n",
      origin: { scheme: "postgresql", database: "app", user: "app", password: "pw", host: "db.example.com", port: 5432 },
    });
  });

  it("from a connection string, sslmode from the query, unknown parameters warned by name", () => {
    const { body, warnings } = buildCreateBody("n", { connectionString: "postgres://u:p%40ss@h:6543/d?sslmode=verify-full&application_name=x" });
    expect(body).toEqual({
      name: "n",
      origin: { scheme: "postgres", database: "d", user: "u", password: "p@ss", host: "h", port: 6543 },
      mtls: { sslmode: "verify-full" },
    });
    expect(warnings).toEqual(["Ignored connection-string parameter: application_name."]);
  });

  it("a mode that verifies the server needs a CA certificate: refused without --ca-certificate-id, naming where it came from", () => {
    const check = (o: Parameters<typeof buildCreateBody>[1]) => checkCreateMtls(buildCreateBody("n", o).body, o);
    const flag = usage(() => check({ ...base, sslmode: "verify-ca" }));
    expect(flag.message).toBe("--sslmode verify-ca verifies the database's certificate against a CA certificate, and none was given.");
    expect(flag.hint).toMatch(/--ca-certificate-id <id> .*hyperdrive cert upload certificate-authority --ca-cert ca\.pem.*, or use --sslmode require\.$/);
    expect(usage(() => check({ connectionString: "postgres://u:p@h/d?sslmode=verify-full" })).message).toMatch(/^sslmode=verify-full in --connection-string verifies/);
    const mysql = usage(() => check({ connectionString: "mysql://u:p@h/d?ssl-mode=VERIFY_CA" }));
    expect(mysql.message).toMatch(/^ssl-mode=VERIFY_CA in --connection-string verifies/);
    expect(mysql.hint).toMatch(/or use --sslmode REQUIRED\.$/);
    for (const ok of [{ ...base, sslmode: "verify-full", caCertificateId: "ca-1" }, { ...base, sslmode: "require" }, base]) expect(() => check(ok)).not.toThrow();
    // doctor checks against a local --ca-cert file: the body alone does not refuse.
    expect(buildCreateBody("n", { ...base, sslmode: "verify-full" }).body.mtls).toEqual({ sslmode: "verify-full" });
  });

  it("--sslmode wins over the connection string's", () => {
    const { body } = buildCreateBody("n", { connectionString: "postgres://u:p@h/d?sslmode=verify-full", sslmode: "require" });
    expect(body.mtls).toEqual({ sslmode: "require" });
  });

  it("sslmode=prefer in a connection string is ignored with a warning (Hyperdrive always uses TLS)", () => {
    const { body, warnings } = buildCreateBody("n", { connectionString: "postgres://u:p@h/d?sslmode=prefer" });
    expect(body.mtls).toBeUndefined();
    expect(warnings[0]).toMatch(/always connects with TLS/);
  });

  it("MySQL: ssl-mode and --sslmode case-insensitive, sent upper case", () => {
    expect(buildCreateBody("n", { connectionString: "mysql://u:p@h/d?ssl-mode=verify_identity" }).body.mtls).toEqual({ sslmode: "VERIFY_IDENTITY" });
    expect(buildCreateBody("n", { ...base, originScheme: "mysql", sslmode: "required" }).body).toMatchObject({
      origin: { scheme: "mysql" },
      mtls: { sslmode: "REQUIRED" },
    });
    expect(usage(() => buildCreateBody("n", { ...base, originScheme: "mysql", sslmode: "verify-full" })).message).toMatch(/not valid for a MySQL origin/);
    expect(usage(() => buildCreateBody("n", { ...base, sslmode: "VERIFY_CA" })).message).toMatch(/not valid for a PostgreSQL origin/);
  });

  it("Access (Tunnel) origin has no port", () => {
    const { body } = buildCreateBody("n", {
      originHost: "db.internal",
      database: "d",
      originUser: "u",
      originPassword: "p",
      accessClientId: "id.access",
      accessClientSecret: "sec",
    });
    expect(body.origin).toEqual({ scheme: "postgresql", database: "d", user: "u", password: "p", host: "db.internal", access_client_id: "id.access", access_client_secret: "sec" });
  });

  it("Workers VPC origin", () => {
    const { body } = buildCreateBody("n", { serviceId: "svc", database: "d", originUser: "u", originPassword: "p", originScheme: "mysql" });
    expect(body.origin).toEqual({ scheme: "mysql", database: "d", user: "u", password: "p", service_id: "svc" });
  });

  it("caching, mTLS and connection limit", () => {
    const { body } = buildCreateBody("n", {
      ...base,
      maxAge: "30",
      swr: "15",
      caCertificateId: "ca-1",
      mtlsCertificateId: "cl-1",
      sslmode: "verify-full",
      originConnectionLimit: "25",
    });
    expect(body).toMatchObject({
      caching: { max_age: 30, stale_while_revalidate: 15 },
      mtls: { ca_certificate_id: "ca-1", mtls_certificate_id: "cl-1", sslmode: "verify-full" },
      origin_connection_limit: 25,
    });
    expect(buildCreateBody("n", { ...base, cachingDisabled: true }).body.caching).toEqual({ disabled: true });
  });

  it("--origin-scheme beside a connection string of the same product is accepted, and the string's scheme is sent (as wrangler)", () => {
    expect(buildCreateBody("n", { connectionString: "postgres://u:p@h/d", originScheme: "postgresql" }).body.origin).toMatchObject({ scheme: "postgres" });
    expect(buildPatchBody({ connectionString: "mysql://u:p@h/d", originScheme: "mysql" }).body.origin).toMatchObject({ scheme: "mysql", port: 3306 });
  });

  it.each([
    [{ connectionString: "postgres://u:p@h/d", originHost: "x" }, /--connection-string cannot be combined with --origin-host/],
    [{ connectionString: "postgres://u:p@h/d", originScheme: "mysql" }, /--origin-scheme mysql contradicts --connection-string, which is a PostgreSQL origin \(postgres:\/\/\)/],
    [{ connectionString: "mysql://u:p@h/d", originScheme: "postgresql", originHost: "x" }, /--connection-string cannot be combined with --origin-host\./],
    [{ connectionString: "postgres://u@h/d" }, /password is missing/],
    [{ ...base, database: undefined }, /--database is missing/],
    [{ ...base, originUser: undefined }, /--origin-user is missing/],
    [{ ...base, originPassword: undefined }, /--origin-password is missing/],
    [{ ...base, originPort: undefined }, /--origin-port is missing/],
    [{ ...base, originHost: undefined }, /--origin-host is missing/],
    [{ database: "d", originUser: "u", originPassword: "p" }, /network location is missing/],
    [{ ...base, originHost: "" }, /--origin-host must not be empty/],
    [{ ...base, originPort: "abc" }, /--origin-port must be a whole number from 1 to 65535, got 'abc'/],
    [{ ...base, originPort: "0" }, /--origin-port must be between 1 and 65535/],
    [{ ...base, originScheme: "mongodb" }, /--origin-scheme must be one of/],
    [{ ...base, accessClientId: "i", accessClientSecret: "s" }, /--origin-port and --access-client-id cannot be used together/],
    [{ ...base, originPort: undefined, accessClientId: "i" }, /--access-client-secret is missing/],
    [{ ...base, originPort: undefined, accessClientSecret: "s" }, /--access-client-id is missing/],
    [{ ...base, originHost: undefined, originPort: undefined, accessClientId: "i", accessClientSecret: "s" }, /--origin-host is missing: an origin behind Cloudflare Access/],
    [{ ...base, serviceId: "svc" }, /--service-id and --origin-host cannot be used together/],
    [{ database: "d", originUser: "u", originPassword: "p", serviceId: "s", originPort: "1" }, /--service-id and --origin-port/],
    [{ database: "d", originUser: "u", originPassword: "p", serviceId: "s", accessClientId: "i", accessClientSecret: "x" }, /--service-id and --access-client-id/],
    [{ database: "d", originUser: "u", originPassword: "p", serviceId: "s", sslmode: "require" }, /--service-id and --sslmode .*Workers VPC/],
    [{ database: "d", originUser: "u", originPassword: "p", serviceId: "s", caCertificateId: "c" }, /--service-id and --ca-certificate-id/],
    [{ ...base, maxAge: "3601" }, /--max-age must be between 0 and 3600, got 3601/],
    [{ ...base, maxAge: "-1" }, /--max-age must be a whole number from 0 to 3600, got '-1'/],
    [{ ...base, maxAge: "1.5" }, /--max-age must be a whole number/],
    [{ ...base, swr: "x" }, /--swr must be a whole number/],
    [{ ...base, cachingDisabled: true, maxAge: "10" }, /--max-age cannot be set when caching is disabled/],
    [{ ...base, cachingDisabled: true, swr: "10" }, /--swr cannot be set when caching is disabled/],
    [{ ...base, originConnectionLimit: "4" }, /--origin-connection-limit must be at least 5, got 4/],
    [{ ...base, originConnectionLimit: "ten" }, /--origin-connection-limit must be a whole number/],
    [{ ...base, sslmode: "disable" }, /'disable' is not valid .* always connects with TLS/],
  ])("rejects %o", (options, message) => {
    expect(usage(() => buildCreateBody("n", options)).message).toMatch(message);
  });

  it("never puts a secret in an error message", () => {
    const e = usage(() => buildCreateBody("n", { ...base, originPassword: "hunter2-secret", maxAge: "9999" }));
    expect(`${e.message}${e.hint}`).not.toContain("hunter2-secret");
  });
});

describe("update bodies (PATCH: only what was given)", () => {
  it.each([
    [{ originPassword: "new" }, { origin: { password: "new" } }],
    [{ originUser: "u2", originPassword: "p2" }, { origin: { user: "u2", password: "p2" } }],
    [{ name: "renamed" }, { name: "renamed" }],
    [{ cachingDisabled: true }, { caching: { disabled: true } }],
    [{ cachingDisabled: false }, { caching: { disabled: false } }],
    [{ cachingDisabled: false, maxAge: "120", swr: "30" }, { caching: { disabled: false, max_age: 120, stale_while_revalidate: 30 } }],
    [{ maxAge: "30" }, { caching: { max_age: 30 } }],
    [{ swr: "0" }, { caching: { stale_while_revalidate: 0 } }],
    [{ originConnectionLimit: "40" }, { origin_connection_limit: 40 }],
    [{ sslmode: "verify-ca", caCertificateId: "abc" }, { mtls: { sslmode: "verify-ca", ca_certificate_id: "abc" } }],
    [{ sslmode: "verify_identity" }, { mtls: { sslmode: "VERIFY_IDENTITY" } }],
    [{ originHost: "h2", originPort: "6432" }, { origin: { host: "h2", port: 6432 } }],
    [{ originHost: "t", accessClientId: "i", accessClientSecret: "s" }, { origin: { host: "t", access_client_id: "i", access_client_secret: "s" } }],
    [{ serviceId: "svc" }, { origin: { service_id: "svc" } }],
    [{ originScheme: "mysql" }, { origin: { scheme: "mysql" } }],
    [{ connectionString: "mysql://u:p@h/d" }, { origin: { scheme: "mysql", database: "d", user: "u", password: "p", host: "h", port: 3306 } }],
  ])("%o → %o", (options, body) => {
    expect(buildPatchBody(options).body).toEqual(body);
  });

  it("an update with nothing to change is an error", () => {
    expect(usage(() => buildPatchBody({})).message).toMatch(/Nothing to update/);
  });

  it("a host without its port is an error (the network part is never partial)", () => {
    expect(usage(() => buildPatchBody({ originHost: "h" })).message).toMatch(/--origin-port is missing/);
    expect(usage(() => buildPatchBody({ originPort: "1" })).message).toMatch(/--origin-host is missing/);
  });
});

describe("completePatch: an update's mtls and caching completed from the stored config", () => {
  const stored = (extra: Partial<HyperdriveConfig> = {}): HyperdriveConfig => ({
    id: "0".repeat(32),
    name: "prod-db",
    origin: { scheme: "postgres", host: "db.example.com", port: 5432, database: "app", user: "app" },
    caching: { disabled: false, max_age: 600, stale_while_revalidate: 30 },
    mtls: { ca_certificate_id: "ca-1", mtls_certificate_id: "client-1", sslmode: "verify-full" },
    ...extra,
  });
  const patch = (options: Parameters<typeof buildPatchBody>[0]) => buildPatchBody(options).body;

  it("--swr alone keeps the stored max-age, --max-age alone the stored swr (disabled is left to the API)", () => {
    expect(completePatch(patch({ swr: "5" }), stored()).caching).toEqual({ max_age: 600, stale_while_revalidate: 5 });
    expect(completePatch(patch({ maxAge: "60" }), stored()).caching).toEqual({ max_age: 60, stale_while_revalidate: 30 });
  });

  it("--sslmode alone keeps the stored CA and client certificate; a given id replaces the stored one", () => {
    expect(completePatch(patch({ sslmode: "verify-ca" }), stored()).mtls).toEqual({ ca_certificate_id: "ca-1", mtls_certificate_id: "client-1", sslmode: "verify-ca" });
    expect(completePatch(patch({ caCertificateId: "ca-2" }), stored({ mtls: null })).mtls).toEqual({ ca_certificate_id: "ca-2" });
    expect(completePatch(patch({ mtlsCertificateId: "client-2" }), stored()).mtls).toEqual({ ca_certificate_id: "ca-1", mtls_certificate_id: "client-2", sslmode: "verify-full" });
  });

  it("refuses --max-age or --swr on a config whose caching is disabled, naming the flag and the way out", () => {
    const off = stored({ caching: { disabled: true } });
    for (const [options, flag] of [[{ swr: "5" }, "--swr"], [{ maxAge: "60" }, "--max-age"], [{ maxAge: "60", swr: "5" }, "--max-age"]] as const) {
      const e = usage(() => completePatch(patch(options), off));
      expect(e.message).toBe(`Caching is disabled on 'prod-db', so ${flag} would not apply.`);
      expect(e.hint).toBe("Add --caching-disabled false to enable caching with these settings.");
    }
  });

  it("--caching-disabled false with --swr enables caching on such a config; --caching-disabled is sent as given", () => {
    const off = stored({ caching: { disabled: true, max_age: 60 } });
    expect(completePatch(patch({ cachingDisabled: false, swr: "5" }), off).caching).toEqual({ disabled: false, max_age: 60, stale_while_revalidate: 5 });
    expect(completePatch(patch({ cachingDisabled: true }), stored()).caching).toEqual({ disabled: true });
    expect(patchNeedsStored(patch({ cachingDisabled: true }))).toBe(false);
  });

  it("leaves the rest of the patch alone and does not change the patch it is given", () => {
    const given = patch({ name: "renamed", originPassword: "pw", swr: "5" });
    const before = structuredClone(given);
    expect(completePatch(given, stored())).toEqual({ ...before, caching: { max_age: 600, stale_while_revalidate: 5 } });
    expect(given).toEqual(before);
    expect(completePatch(patch({ originPassword: "pw" }), stored())).toEqual({ origin: { password: "pw" } });
    expect(patchNeedsStored(patch({ originPassword: "pw" }))).toBe(false);
    expect(patchNeedsStored(patch({ sslmode: "require" }))).toBe(true);
  });

  it("a config without stored caching or mtls: the patch as given", () => {
    expect(completePatch(patch({ swr: "5", sslmode: "require" }), stored({ caching: undefined, mtls: null }))).toEqual({
      caching: { stale_while_revalidate: 5 },
      mtls: { sslmode: "require" },
    });
  });
});

describe("parseSslmode and redactSecrets", () => {
  it("accepts either family when the scheme is unknown", () => {
    expect(parseSslmode("verify-full", undefined)).toBe("verify-full");
    expect(parseSslmode("verify_ca", undefined)).toBe("VERIFY_CA");
    expect(() => parseSslmode("random", undefined)).toThrow(/Valid values|not valid/);
  });

  it("redacts every secret at any depth", () => {
    expect(redactSecrets({ origin: { password: "a", access_client_secret: "b", user: "u" }, private_key: "k", list: [{ password: "c" }] })).toEqual({
      origin: { password: "<redacted>", access_client_secret: "<redacted>", user: "u" },
      private_key: "<redacted>",
      list: [{ password: "<redacted>" }],
    });
  });
});
