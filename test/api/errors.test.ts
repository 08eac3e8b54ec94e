import { describe, expect, it } from "vitest";
import { ApiError, hintFor } from "../../src/api/errors";

const ctx = { context: { name: "prod-db", host: "db.example.com", port: 5432, database: "app", user: "app", write: true } };

describe("hintFor: a plain remediation for every code users meet", () => {
  it.each([
    [2007, /Workers VPC/],
    [2008, /could not resolve 'db.example.com'/],
    [2009, /Cloudflare Tunnel/],
    [2010, /could not reach db.example.com:5432/],
    [2011, /refused the connection/],
    [2012, /TLS/],
    [2013, /rejected 'app'.*hyperdrive update prod-db --origin-password -/],
    [2014, /'app' does not exist on db.example.com:5432/],
    [2015, /hyperdrive doctor/],
    [2016, /GRANT/],
    [2017, /'prod-db' already exists/],
    [10000, /Account · Hyperdrive · Edit/],
    [9106, /CLOUDFLARE_API_TOKEN/],
    [9109, /account/],
    [6003, /malformed/],
    [6111, /malformed/],
    [1000, /invalid or was revoked/],
    [7003, /account id or the config id/],
  ])("%i", (code, hint) => {
    expect(hintFor(code, ctx)).toMatch(hint);
  });

  it("reading needs only Read", () => {
    expect(hintFor(10000, { context: { write: false } })).toMatch(/Hyperdrive · Read/);
  });

  it("HTTP status hints when the code has none (404, 429 with Retry-After, 5xx)", () => {
    const e = (status: number, retryAfter?: number) => new ApiError({ status, method: "GET", path: "/p", errors: [{ code: 1, message: "x" }], retryAfter });
    expect(e(404).details()[0].hint).toMatch(/Not found/);
    expect(e(429, 12).details()[0].hint).toMatch(/Wait 12 s/);
    expect(e(503).details()[0].hint).toMatch(/retry in a minute/);
  });
});
