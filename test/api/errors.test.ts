import { describe, expect, it } from "vitest";
import { fixFor } from "../../src/api/contract";
import { ApiError } from "../../src/api/errors";

const ctx = { name: "prod-db", host: "db.example.com", port: 5432, database: "app", user: "app", write: true };

describe("fixFor: a plain remediation for every code users meet", () => {
  it.each([
    [2007, /Workers VPC/],
    [2008, /could not resolve 'db.example.com'/],
    [2009, /Cloudflare Tunnel/],
    [2010, /could not reach db.example.com:5432/],
    [2011, /refused the connection/],
    [2012, /TLS/],
    [2013, /rejected 'app'.*hyperdrive update prod-db --origin-password -/],
    [2014, /'app' does not exist on db.example.com:5432\. Check the database name .*and that 'app' may use it/],
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
    expect(fixFor(code, ctx)).toMatch(hint);
  });

  it("without a config name, the command to change the password shows a placeholder", () => {
    expect(fixFor(2013, { user: "app" })).toMatch(/hyperdrive update <config> --origin-password -$/);
  });

  it("reading needs only Read", () => {
    expect(fixFor(10000, { write: false })).toMatch(/Hyperdrive · Read/);
  });

  it("HTTP status hints when the code has none (404, 429 with Retry-After, 5xx)", () => {
    const e = (status: number, retryAfter?: number) => new ApiError({ status, method: "GET", path: "/p", errors: [{ code: 1, message: "x" }], retryAfter });
    expect(e(404).details()[0].hint).toMatch(/Not found/);
    expect(e(429, 12).details()[0].hint).toMatch(/Wait 12 s/);
    expect(e(503).details()[0].hint).toMatch(/retry in a minute/);
  });
});

describe("fixFor in doctor's wording (doctor: true): the origin was checked from here, and there may be no config", () => {
  const here = { host: "db.example.com", port: 5432, database: "app", user: "app", doctor: true };

  it.each([2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016])("%i suggests neither doctor nor a config command, nor names a config", (code) => {
    const hint = fixFor(code, here) ?? "";
    expect(hint).not.toMatch(/hyperdrive (doctor|update)|<config>/);
  });

  it("still names the origin", () => {
    expect(fixFor(2008, here)).toBe("'db.example.com' does not resolve. Check its spelling and that it has a public DNS record.");
    expect(fixFor(2010, here)).toMatch(/^db\.example\.com:5432 could not be reached\. Check the host and port/);
    expect(fixFor(2013, here)).toBe("The database rejected 'app'. Check that the user exists and the password is right (case-sensitive).");
  });

  it("2009 says where the Tunnel flags go (doctor itself takes none)", () => {
    expect(fixFor(2009, here)).toMatch(/Cloudflare Tunnel: create the config with --origin-host <tunnel host> --access-client-id <id>/);
  });

  it("2015 points at the failed step of the checklist", () => {
    expect(fixFor(2015, here)).toBe("Hyperdrive would not connect, for the reason in the failed step above: fix that, then check again.");
  });
});
