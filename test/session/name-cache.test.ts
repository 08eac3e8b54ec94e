// Shell completion's cache of config names (src/session/name-cache.ts): what a Tab may offer, for how long, from
// which account, and what the file on disk holds.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedNames, NAME_CACHE_TTL_MS, nameCacheDir, scopeKey, updateNameCache, type NameCacheTarget } from "../../src/session/name-cache";

let dir: string;
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "hyperdrive-name-cache-"));
  dir = join(root, "cache", "hyperdrive", "completion");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
const ACCOUNT_A = "a".repeat(32);
const ACCOUNT_B = "b".repeat(32);
const here = scopeKey({ cwd: "/work/app", env: {} });
const target = (over: Partial<NameCacheTarget> = {}): NameCacheTarget => ({ dir, scope: here, account: ACCOUNT_A, where: "api:https://api.cloudflare.com/client/v4", now: T0, ...over });
const names = (scope = here, now = T0) => cachedNames(dir, scope, now).configs.map((c) => c.name);
const orders = { id: "6b7efc370ea34ded8327fa20698dfe3a", name: "orders" };
const billing = { id: "aa11bb22cc33dd44ee55ff6677889900", name: "billing" };

describe("where the cache is", () => {
  it("is ${XDG_CACHE_HOME:-~/.cache}/hyperdrive/completion; a relative XDG_CACHE_HOME is ignored, as XDG says", () => {
    expect(nameCacheDir({ XDG_CACHE_HOME: "/x/cache" }, "/home/me")).toBe("/x/cache/hyperdrive/completion");
    expect(nameCacheDir({}, "/home/me")).toBe("/home/me/.cache/hyperdrive/completion");
    expect(nameCacheDir({ XDG_CACHE_HOME: "rel/cache" }, "/home/me")).toBe("/home/me/.cache/hyperdrive/completion");
    expect(nameCacheDir({}, undefined)).toBeUndefined();
  });
});

describe("what a Tab is offered", () => {
  it("the names the last list saw, in the same scope, for 10 minutes", () => {
    updateNameCache(target(), "configs", { all: [orders, billing] });
    expect(names()).toEqual(["orders", "billing"]);
    expect(names(here, T0 + NAME_CACHE_TTL_MS)).toEqual(["orders", "billing"]);
    expect(names(here, T0 + NAME_CACHE_TTL_MS + 1)).toEqual([]);
    expect(NAME_CACHE_TTL_MS).toBe(10 * 60 * 1000);
  });

  it("nothing when there is no cache yet, or the file is not one of ours", () => {
    expect(names()).toEqual([]);
    updateNameCache(target(), "configs", { all: [orders] });
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file), "{not json");
    expect(names()).toEqual([]);
    writeFileSync(join(dir, file), JSON.stringify({ format: 99, configs: [orders], scopes: {} }));
    expect(names()).toEqual([]);
  });

  it("a list replaces the names; get, create and update add one; delete removes one", () => {
    updateNameCache(target(), "configs", { all: [orders, billing] });
    updateNameCache(target({ now: T0 + 1000 }), "configs", { all: [orders] });
    expect(names(here, T0 + 1000)).toEqual(["orders"]);
    updateNameCache(target({ now: T0 + 2000 }), "configs", { seen: [{ id: orders.id, name: "orders-v2" }, billing] });
    expect(names(here, T0 + 2000)).toEqual(["orders-v2", "billing"]);
    updateNameCache(target({ now: T0 + 3000 }), "configs", { gone: billing.id });
    expect(names(here, T0 + 3000)).toEqual(["orders-v2"]);
  });

  it("each name for 10 minutes after a command last saw it", () => {
    updateNameCache(target(), "configs", { all: [orders] });
    updateNameCache(target({ now: T0 + 9 * 60_000 }), "configs", { seen: [billing] });
    expect(names(here, T0 + 11 * 60_000)).toEqual(["billing"]);
  });

  it("a delete with no cache writes none", () => {
    updateNameCache(target(), "configs", { gone: orders.id });
    expect(() => readdirSync(dir)).toThrow();
  });

  it("another account's names are not offered: the scope's latest account wins, other scopes see their own", () => {
    const other = scopeKey({ cwd: "/work/app", env: { CLOUDFLARE_ACCOUNT_ID: ACCOUNT_B } });
    updateNameCache(target(), "configs", { all: [orders] });
    updateNameCache(target({ account: ACCOUNT_B, scope: other, now: T0 + 1 }), "configs", { all: [billing] });
    expect(names(here, T0 + 2)).toEqual(["orders"]);
    expect(names(other, T0 + 2)).toEqual(["billing"]);
    // The same directory now resolving to account B (a wrangler config's account_id changed): B's names, not A's.
    updateNameCache(target({ account: ACCOUNT_B, now: T0 + 3 }), "configs", { all: [billing] });
    expect(names(here, T0 + 4)).toEqual(["billing"]);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it("one account's file serves every scope that used it: a delete anywhere is seen everywhere", () => {
    const elsewhere = scopeKey({ cwd: "/work/other", env: {} });
    updateNameCache(target(), "configs", { all: [orders, billing] });
    updateNameCache(target({ scope: elsewhere, now: T0 + 1 }), "configs", { gone: orders.id });
    expect(names(here, T0 + 2)).toEqual(["billing"]);
    expect(names(elsewhere, T0 + 2)).toEqual(["billing"]);
  });

  it("the local emulator's configs are apart from the API's, and one project's local state from another's", () => {
    const local = scopeKey({ cwd: "/work/app", local: true, env: {} });
    updateNameCache(target(), "configs", { all: [orders] });
    updateNameCache(target({ scope: local, where: "local:/work/app/.hyperdrive/local-state.json", account: "0".repeat(32) }), "configs", { all: [billing] });
    expect(names(here)).toEqual(["orders"]);
    expect(names(local)).toEqual(["billing"]);
    expect(names(scopeKey({ cwd: "/work/elsewhere", local: true, env: {} }))).toEqual([]);
  });
});

describe("certificates, beside the configs", () => {
  const ca = { id: "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60", name: "rds-ca", ca: true };
  const client = { id: "7c1d3e2f-aaaa-4bbb-8ccc-0123456789ab", ca: false };
  const certs = (scope = here, now = T0) => cachedNames(dir, scope, now).certificates;

  it("are their own kind: a cert list replaces them and leaves the configs, a config list leaves them", () => {
    updateNameCache(target(), "configs", { all: [orders] });
    updateNameCache(target({ now: T0 + 1 }), "certificates", { all: [ca, client] });
    expect(cachedNames(dir, here, T0 + 1)).toEqual({ configs: [{ ...orders, seen: T0 }], certificates: [{ ...ca, seen: T0 + 1 }, { ...client, seen: T0 + 1 }] });
    updateNameCache(target({ now: T0 + 2 }), "configs", { all: [billing] });
    expect(certs(here, T0 + 2)).toHaveLength(2);
    expect(names(here, T0 + 2)).toEqual(["billing"]);
  });

  it("an upload or a get adds one, a delete removes one; each for 10 minutes after it was last seen", () => {
    updateNameCache(target(), "certificates", { all: [ca] });
    updateNameCache(target({ now: T0 + 5 * 60_000 }), "certificates", { seen: [client] });
    expect(certs(here, T0 + 5 * 60_000).map((c) => c.id)).toEqual([ca.id, client.id]);
    expect(certs(here, T0 + 11 * 60_000).map((c) => c.id)).toEqual([client.id]);
    updateNameCache(target({ now: T0 + 6 * 60_000 }), "certificates", { gone: client.id });
    expect(certs(here, T0 + 6 * 60_000).map((c) => c.id)).toEqual([ca.id]);
    expect(names(here, T0 + 6 * 60_000)).toEqual([]);
  });

  it("the file holds a certificate's id, name and kind only, and a config's scheme, whatever a caller passes", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----";
    const key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----";
    const whole = { ...ca, certificates: pem, private_key: key, issuer: "CN=Hyperdrive Test Root CA", expires_on: "2027-12-02T09:00:00Z" };
    updateNameCache(target(), "certificates", { all: [whole as typeof ca] });
    const config = { ...orders, scheme: "mysql" as const, origin: { host: "db.example.com", password: "pw-never" } };
    updateNameCache(target({ now: T0 + 1 }), "configs", { seen: [config, { ...billing, scheme: "oracle" as never }] });
    const [file] = readdirSync(dir);
    const text = readFileSync(join(dir, file), "utf8");
    expect(JSON.parse(text)).toEqual({
      format: 1,
      account: ACCOUNT_A,
      configs: [
        { ...orders, scheme: "mysql", seen: T0 + 1 },
        { ...billing, seen: T0 + 1 },
      ],
      certificates: [{ ...ca, seen: T0 }],
      scopes: { [here]: T0 + 1 },
    });
    for (const secret of ["BEGIN", "MIIB", "MIGH", "Hyperdrive Test Root CA", "2027", "db.example.com", "pw-never"]) expect(text).not.toContain(secret);
  });

  it("a file written before certificates were cached still serves its configs; malformed entries are dropped", () => {
    updateNameCache(target(), "configs", { all: [orders] });
    const [file] = readdirSync(dir);
    const old = JSON.parse(readFileSync(join(dir, file), "utf8"));
    expect(old.certificates).toBeUndefined();
    expect(cachedNames(dir, here, T0)).toEqual({ configs: [{ ...orders, seen: T0 }], certificates: [] });
    writeFileSync(join(dir, file), JSON.stringify({ ...old, certificates: [{ id: 7, ca: true, seen: T0 }, { id: ca.id, seen: T0 }, null, { ...ca, seen: T0 }] }));
    expect(certs()).toEqual([{ ...ca, seen: T0 }]);
  });
});

describe("the scope of a command line", () => {
  it("is the directory and the account settings; an explicit --account-id does not depend on the directory", () => {
    const base = { cwd: "/work/app", env: {} };
    expect(scopeKey(base)).toBe(scopeKey({ ...base }));
    expect(scopeKey(base)).not.toBe(scopeKey({ ...base, cwd: "/work/other" }));
    expect(scopeKey(base)).not.toBe(scopeKey({ ...base, env: { CLOUDFLARE_ACCOUNT_ID: ACCOUNT_B } }));
    expect(scopeKey(base)).not.toBe(scopeKey({ ...base, envName: "staging" }));
    expect(scopeKey(base)).not.toBe(scopeKey({ ...base, profile: "work" }));
    expect(scopeKey(base)).not.toBe(scopeKey({ ...base, env: { CLOUDFLARE_API_BASE_URL: "http://127.0.0.1:8787/client/v4" } }));
    expect(scopeKey(base)).not.toBe(scopeKey({ ...base, local: true }));
    expect(scopeKey({ ...base, config: "wrangler.toml" })).toBe(scopeKey({ ...base, config: "/work/app/wrangler.toml" }));
    expect(scopeKey({ ...base, accountId: ACCOUNT_A })).toBe(scopeKey({ cwd: "/elsewhere", accountId: ACCOUNT_A, env: { CLOUDFLARE_ACCOUNT_ID: ACCOUNT_B } }));
  });
});

describe("the file", () => {
  it("is 0600 in a 0700 folder, one version left after each write, holding ids, names and hashes only", () => {
    updateNameCache(target(), "configs", { all: [orders] });
    updateNameCache(target({ now: T0 + 1 }), "configs", { seen: [billing] });
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^${ACCOUNT_A}-[0-9a-f]{16}\\.[0-9a-z]{9}\\.[0-9a-z]+\\.json$`));
    expect(statSync(join(dir, files[0])).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const text = readFileSync(join(dir, files[0]), "utf8");
    expect(JSON.parse(text)).toEqual({
      format: 1,
      account: ACCOUNT_A,
      configs: [
        { ...orders, seen: T0 },
        { ...billing, seen: T0 + 1 },
      ],
      scopes: { [here]: T0 + 1 },
    });
    expect(text).not.toContain("/work/app");
    expect(text).not.toContain("cloudflare.com");
  });

  it("a reader takes the newest version that parses: one still being written leaves the one before it in use", () => {
    updateNameCache(target(), "configs", { all: [orders] });
    const [file] = readdirSync(dir);
    const key = file.slice(0, file.indexOf("."));
    writeFileSync(join(dir, `${key}.zzzzzzzzz.half.json`), '{"format":1,"account":"aaa');
    expect(names()).toEqual(["orders"]);
    // the next write starts from the last whole version and removes the others
    updateNameCache(target({ now: T0 + 1 }), "configs", { seen: [billing] });
    expect(names(here, T0 + 1)).toEqual(["orders", "billing"]);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it("a write removes the files no Tab can use any more: other accounts' and APIs' not written for 11 minutes", () => {
    const emulator = (port: number) => ({ where: `api:http://127.0.0.1:${port}/client/v4` });
    updateNameCache(target(emulator(40001)), "configs", { all: [orders] });
    updateNameCache(target({ ...emulator(40002), now: T0 + 5 * 60_000 }), "configs", { all: [billing] });
    expect(readdirSync(dir)).toHaveLength(2);
    updateNameCache(target({ ...emulator(40003), now: T0 + 11 * 60_000 + 1 }), "certificates", { all: [] });
    // the first is gone; the second, written 6 minutes before, stays
    expect(readdirSync(dir)).toHaveLength(2);
    updateNameCache(target({ ...emulator(40003), now: T0 + 16 * 60_000 + 2 }), "configs", { seen: [orders] });
    expect(readdirSync(dir)).toHaveLength(1);
    expect(names(here, T0 + 16 * 60_000 + 2)).toEqual(["orders"]);
  });

  it("a failure to write is silent: the folder cannot be made, or the disk refuses", () => {
    writeFileSync(join(root, "cache"), "a file where the folder should be");
    expect(() => updateNameCache(target(), "configs", { all: [orders] })).not.toThrow();
    expect(() => updateNameCache(target({ dir: undefined }), "configs", { all: [orders] })).not.toThrow();
    expect(cachedNames(dir, here, T0)).toEqual({ configs: [], certificates: [] });
  });
});
