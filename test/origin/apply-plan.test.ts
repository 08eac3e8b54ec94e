import { describe, expect, it } from "vitest";
import { buildPatchBody } from "../../src/origin/body";
import { changeLine, planApply } from "../../src/origin/apply-plan";
import type { HyperdriveConfig } from "../../src/api/schemas";

const stored = {
  id: "a".repeat(32),
  name: "pr-1",
  origin: { scheme: "postgres", host: "db.example.com", port: 5432, database: "app", user: "app" },
  caching: { disabled: false, max_age: 60, stale_while_revalidate: 15 },
  mtls: { sslmode: "verify-full", ca_certificate_id: "ca-1" },
  origin_connection_limit: 60,
} as unknown as HyperdriveConfig;

const wanted = (o: Record<string, string | boolean>) => buildPatchBody(o).body;

describe("planApply", () => {
  it("equal settings: no change, nothing to send", () => {
    const plan = planApply(wanted({ originHost: "db.example.com", originPort: "5432", database: "app", originUser: "app", maxAge: "60", sslmode: "verify-full", originConnectionLimit: "60" }), stored);
    expect(plan).toEqual({ changes: [] });
  });

  it("a password is always sent and reported as write-only", () => {
    const plan = planApply(wanted({ connectionString: "postgres://app:pw@db.example.com:5432/app" }), stored);
    expect(plan.changes).toEqual([{ field: "origin.password", sent: "write-only" }]);
    expect(plan.body).toEqual({ origin: { password: "pw" } });
    expect(changeLine(plan.changes[0])).toBe("origin.password: sent (write-only)");
  });

  it("a new port is sent with its host; equal fields are left out", () => {
    const plan = planApply(wanted({ originHost: "db.example.com", originPort: "6543", database: "app" }), stored);
    expect(plan.changes).toEqual([{ field: "origin.port", old: 5432, new: 6543 }]);
    expect(plan.body).toEqual({ origin: { host: "db.example.com", port: 6543 } });
    expect(changeLine(plan.changes[0])).toBe("origin.port: 5432 → 6543");
  });

  it("caching and mtls: only the differing field is compared, the stored rest is sent with it", () => {
    const plan = planApply(wanted({ swr: "30", maxAge: "60", mtlsCertificateId: "client-1" }), stored);
    expect(plan.changes).toEqual([
      { field: "caching.stale_while_revalidate", old: 15, new: 30 },
      { field: "mtls.mtls_certificate_id", old: null, new: "client-1" },
    ]);
    expect(plan.body).toEqual({
      caching: { max_age: 60, stale_while_revalidate: 30 },
      mtls: { sslmode: "verify-full", ca_certificate_id: "ca-1", mtls_certificate_id: "client-1" },
    });
  });

  it("unset caching fields compare as the API's defaults; a connection limit change is a PATCH of that field", () => {
    const bare = { ...stored, caching: { disabled: false } } as unknown as HyperdriveConfig;
    expect(planApply(wanted({ maxAge: "60", swr: "15", cachingDisabled: false }), bare)).toEqual({ changes: [] });
    const plan = planApply(wanted({ originConnectionLimit: "20" }), bare);
    expect(plan).toEqual({ changes: [{ field: "origin_connection_limit", old: 60, new: 20 }], body: { origin_connection_limit: 20 } });
  });

  it("an Access secret sends the whole Tunnel origin", () => {
    const tunnel = { ...stored, origin: { scheme: "postgres", host: "t.example.com", access_client_id: "id.access", database: "app", user: "app" } } as unknown as HyperdriveConfig;
    const plan = planApply(wanted({ originHost: "t.example.com", accessClientId: "id.access", accessClientSecret: "shh" }), tunnel);
    expect(plan.changes).toEqual([{ field: "origin.access_client_secret", sent: "write-only" }]);
    expect(plan.body).toEqual({ origin: { host: "t.example.com", access_client_id: "id.access", access_client_secret: "shh" } });
  });
});
