// User journeys: the built CLI as a child process, against the emulator (itself `hyperdrive emulator`, a child
// process) whose connection test reaches real PostgreSQL and MariaDB servers on loopback.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMariadb, startPostgres, type TestDatabase } from "../support/databases";
import { makeFixtureSet, type FixtureSet } from "../support/pki";
import { hyperdrive, SECRETS, startEmulatorProcess, url, type RunningEmulator } from "./support";

let fixtures: FixtureSet;
let pg: TestDatabase; // TLS with the test CA
let pgPlain: TestDatabase; // no TLS
let maria: TestDatabase; // TLS with the test CA
let emu: RunningEmulator; // private origins allowed (the databases are on loopback)
let dir: string;

const tlsOf = (f: FixtureSet) => ({ certPem: f.serverChain.content, keyPem: f.server.keyPem, caPem: f.rootCa.certPem });

beforeAll(async () => {
  fixtures = await makeFixtureSet();
  [pg, pgPlain, maria, emu] = await Promise.all([
    startPostgres({ tls: tlsOf(fixtures) }),
    startPostgres(),
    startMariadb({ tls: tlsOf(fixtures) }),
    startEmulatorProcess(["--allow-private-origins"]),
  ]);
  for (const db of [pg, pgPlain, maria]) SECRETS.add(db.password);
  SECRETS.add(emu.env.CLOUDFLARE_API_TOKEN);
}, 180_000);

afterAll(async () => {
  await Promise.all([pg?.stop(), pgPlain?.stop(), maria?.stop(), emu?.stop()]);
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hd-e2e-"));
  return () => rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[], o: { stdin?: string; env?: Record<string, string> } = {}) => hyperdrive(args, { cwd: dir, ...o, env: { ...emu.env, ...o.env } });

describe("PostgreSQL journey", () => {
  it("create from a connection string → bind into wrangler.jsonc → list → rotate password → caching → get → delete", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), '{\n\t// my worker\n\t"name": "shop",\n\t"compatibility_date": "2026-11-01",\n}\n');
    const created = await run(["create", "shop-db", "--connection-string", "-", "--update-config", "--json"], { stdin: url("postgres", pg) + "\n" });
    expect(created.code, created.stderr).toBe(0);
    const config = created.json();
    expect(config).toMatchObject({ name: "shop-db", origin: { host: "127.0.0.1", port: pg.port, database: pg.database, user: pg.user } });
    expect(config.binding).toMatchObject({ status: "written", binding: "HYPERDRIVE" });
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(
      `{\n\t// my worker\n\t"name": "shop",\n\t"compatibility_date": "2026-11-01",\n\t"hyperdrive": [\n\t\t{\n\t\t\t"binding": "HYPERDRIVE",\n\t\t\t"id": "${config.id}"\n\t\t}\n\t],\n}\n`,
    );

    const list = await run(["list", "--json"]);
    expect(list.json().map((c: { name: string }) => c.name)).toContain("shop-db");

    // Rotate: the database gets a new password; the old one now fails the connection test (2013), the new one passes.
    const next = `n3w-${pg.password}`;
    SECRETS.add(next);
    await pg.admin(`ALTER ROLE "${pg.user}" PASSWORD '${next}'`);
    const stale = await run(["update", "shop-db", "--origin-password", "-"], { stdin: pg.password });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/\[code: 2013\]/);
    expect(stale.stderr).toMatch(new RegExp(`rejected '${pg.user}'`));
    const rotated = await run(["update", "shop-db", "--origin-password", "-"], { stdin: `${next}\n` });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/origin password → changed/);
    await pg.admin(`ALTER ROLE "${pg.user}" PASSWORD '${pg.password}'`);

    expect((await run(["update", "shop-db", "--caching-disabled"])).code).toBe(0);
    expect((await run(["get", "shop-db", "--json"])).json().caching).toEqual({ disabled: true });
    expect((await run(["update", config.id, "--caching-disabled", "false", "--max-age", "30", "--swr", "5"])).code).toBe(0);
    const got = await run(["get", "shop-db"]);
    expect(got.stdout).toMatch(/^caching\s+max_age 30s, swr 5s$/m);

    const refused = await run(["delete", "shop-db"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    expect((await run(["delete", "shop-db", "--yes"])).code).toBe(0);
    expect((await run(["get", config.id])).code).toBe(1);
  });

  it("create from discrete flags, with the password from stdin", async () => {
    const r = await run(
      ["create", "flags-db", "--origin-host", pg.host, "--origin-port", String(pg.port), "--database", pg.database, "--origin-user", pg.user, "--origin-password", "-", "--no-update-config"],
      { stdin: pg.password },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Created Hyperdrive PostgreSQL config 'flags-db'/);
    expect((await run(["delete", "flags-db", "-y"])).code).toBe(0);
  });

  it("CA upload → create with verify-full → deleting the CA is refused while in use", async () => {
    writeFileSync(join(dir, "ca.pem"), fixtures.rootCa.certPem);
    const ca = await run(["cert", "upload", "certificate-authority", "--ca-cert", "ca.pem", "--name", "test-root", "--json"]);
    expect(ca.code, ca.stderr).toBe(0);
    const caId = ca.json().id;
    const created = await run(["create", "tls-db", "--connection-string", "-", "--ca-certificate-id", caId, "--sslmode", "verify-full", "--json"], { stdin: url("postgres", pg) });
    expect(created.code, created.stderr).toBe(0);
    expect(created.json().mtls).toEqual({ ca_certificate_id: caId, sslmode: "verify-full" });

    const inUse = await run(["cert", "delete", caId, "--yes"]);
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toMatch(/in use|used by/i);

    // The wrong CA fails verification in the connection test.
    writeFileSync(join(dir, "other.pem"), fixtures.otherCa.certPem);
    const other = (await run(["cert", "upload", "certificate-authority", "--ca-cert", "other.pem", "--json"])).json().id;
    const wrong = await run(["update", "tls-db", "--ca-certificate-id", other]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/\[code: 2015\]/);

    expect((await run(["delete", "tls-db", "--yes"])).code).toBe(0);
    expect((await run(["cert", "delete", caId, "--yes"])).code).toBe(0);
    expect((await run(["cert", "delete", other, "--yes"])).code).toBe(0);
  });

  it("a CA chain (intermediate and root, with openssl's subject= lines around them) verifies the database", async () => {
    const annotated = `subject=CN=${fixtures.intermediateCa.cn}\n${fixtures.intermediateCa.certPem}subject=CN=${fixtures.rootCa.cn}\n${fixtures.rootCa.certPem}`;
    writeFileSync(join(dir, "chain.pem"), annotated);
    const ca = await run(["cert", "upload", "certificate-authority", "--ca-cert", "chain.pem", "--json"]);
    expect(ca.code, ca.stderr).toBe(0);
    expect(ca.stderr).toMatch(/chain\.pem holds text outside its PEM blocks; it is not sent, only the 2 certificates\./);
    expect(ca.json().certificates).toBe((fixtures.intermediateCa.certPem + fixtures.rootCa.certPem).trimEnd());
    const created = await run(["create", "chain-db", "--connection-string", "-", "--ca-certificate-id", ca.json().id, "--sslmode", "verify-full", "--json"], { stdin: url("postgres", pg) });
    expect(created.code, created.stderr).toBe(0);
    expect((await run(["delete", "chain-db", "--yes"])).code).toBe(0);
    expect((await run(["cert", "delete", ca.json().id, "--yes"])).code).toBe(0);
  });
});

describe("MySQL journey", () => {
  it("create → list → update (caching, verify_identity with an uploaded CA) → get → delete", async () => {
    const created = await run(["create", "maria-db", "--connection-string", "-", "--json"], { stdin: url("mysql", maria, "?ssl-mode=required") });
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()).toMatchObject({ origin: { scheme: "mysql", port: maria.port }, mtls: { sslmode: "REQUIRED" } });
    expect((await run(["list"])).stdout).toMatch(/maria-db\s+app\s+127\.0\.0\.1\s+\d+\s+MySQL/);

    writeFileSync(join(dir, "ca.pem"), fixtures.rootCa.certPem);
    const caId = (await run(["cert", "upload", "certificate-authority", "--ca-cert", "ca.pem", "--json"])).json().id;
    const updated = await run(["update", "maria-db", "--sslmode", "verify_identity", "--ca-certificate-id", caId, "--max-age", "90"]);
    expect(updated.code, updated.stderr).toBe(0);
    expect((await run(["get", "maria-db", "--json"])).json()).toMatchObject({ caching: { max_age: 90 }, mtls: { sslmode: "VERIFY_IDENTITY", ca_certificate_id: caId } });
    expect((await run(["delete", "maria-db", "--yes"])).code).toBe(0);
    expect((await run(["cert", "delete", caId, "--yes"])).code).toBe(0);
  });
});

describe("connection-test failures: exit 1 and the hint", () => {
  it.each([
    ["2011 refused", () => url("postgres", { ...pg, port: 1 }), /\[code: 2011\][\s\S]*127\.0\.0\.1:1 refused the connection/],
    ["2012 no TLS", () => url("postgres", pgPlain), /\[code: 2012\][\s\S]*does not accept TLS/],
    ["2013 credentials", () => url("postgres", { ...pg, password: "wrong-password" }), /\[code: 2013\][\s\S]*rejected/],
    ["2014 no database", () => url("postgres", { ...pg, database: "nope" }), /\[code: 2014\][\s\S]*'nope' does not exist/],
    ["2013 MySQL credentials", () => url("mysql", { ...maria, password: "wrong-password" }), /\[code: 2013\]/],
    ["2014 MySQL database", () => url("mysql", { ...maria, database: "nope" }), /\[code: 2014\]/],
  ])("%s", async (_, conn, expected) => {
    const r = await run(["create", "failing", "--connection-string", "-"], { stdin: conn() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(expected);
    expect((await run(["list", "--json"])).json().map((c: { name: string }) => c.name)).not.toContain("failing");
  });

  it("2009: a loopback origin, with an emulator that checks like Cloudflare", async () => {
    const strict = await startEmulatorProcess();
    try {
      const r = await hyperdrive(["create", "private", "--connection-string", "-", "--json"], { cwd: dir, env: strict.env, stdin: url("postgres", pg) });
      expect(r.code).toBe(1);
      expect(r.json().errors[0]).toMatchObject({ code: 2009, hint: expect.stringMatching(/Cloudflare Tunnel/) });
    } finally {
      await strict.stop();
    }
  });

  it("--preflight predicts the failure and sends nothing", async () => {
    const r = await run(["create", "pre", "--connection-string", "-", "--preflight"], { stdin: url("postgres", pgPlain) });
    expect(r.code).toBe(1);
    // Loopback is itself a refusal (2009) for the real Hyperdrive; the checklist shows the missing TLS too.
    expect(r.stderr).toMatch(/TLS .*\[code: 2012\]/);
    expect(r.stderr).toMatch(/Preflight predicts .*\. Nothing was sent\. \[code: 2009\]/);
    expect((await run(["list", "--json"])).json().map((c: { name: string }) => c.name)).not.toContain("pre");
  });
});

describe("retries through --fault", () => {
  it("a GET is retried after 503 and 429; a POST is not retried after a 503", async () => {
    const flaky = await startEmulatorProcess(["--skip-origin-check", "--fault", "503:nth=1", "--fault", "429:nth=2:retry-after=1"]);
    try {
      const list = await hyperdrive(["list", "--json"], { cwd: dir, env: flaky.env });
      expect(list.code, list.stderr).toBe(0);
      expect(list.stderr.match(/Retrying after/g)).toHaveLength(2);
      expect(list.stderr).toMatch(/Retrying after HTTP 503[\s\S]*Retrying after HTTP 429/);
    } finally {
      await flaky.stop();
    }
    const failing = await startEmulatorProcess(["--skip-origin-check", "--fault", "503:nth=1"]);
    try {
      const create = await hyperdrive(["create", "x", "--connection-string", "-"], { cwd: dir, env: failing.env, stdin: "postgres://u:p@db.example.com/d" });
      expect(create.code).toBe(1);
      expect(create.stderr).not.toMatch(/Retrying/);
      expect(create.stderr).toMatch(/HTTP 503/);
    } finally {
      await failing.stop();
    }
  });
});

describe("--local (the README's first command)", () => {
  it("runs against an in-process emulator with state in .hyperdrive/ beside the wrangler config, testing the real origin", async () => {
    writeFileSync(join(dir, "wrangler.toml"), 'name = "w"\n');
    const env = { HOME: dir }; // no credentials at all
    const created = await hyperdrive(["--local", "create", "local-db", "--connection-string", "-", "--update-config", "--json"], { cwd: dir, env, stdin: url("postgres", pg) });
    expect(created.code, created.stderr).toBe(0);
    expect(readFileSync(join(dir, "wrangler.toml"), "utf8")).toBe(`name = "w"\n\n[[hyperdrive]]\nbinding = "HYPERDRIVE"\nid = "${created.json().id}"\n`);
    const listed = await hyperdrive(["--local", "list", "--json"], { cwd: dir, env });
    expect(listed.json().map((c: { name: string }) => c.name)).toEqual(["local-db"]);
    const state = readFileSync(join(dir, ".hyperdrive", "local-state.json"), "utf8");
    expect(state).toContain("local-db");
    const refused = await hyperdrive(["--local", "create", "bad", "--connection-string", "-"], { cwd: dir, env, stdin: url("postgres", { ...pg, password: "nope" }) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\[code: 2013\]/);
  });

  it("HYPERDRIVE_LOCAL_ORIGIN_CHECK=off accepts an origin without connecting", async () => {
    const r = await hyperdrive(["--local", "create", "demo", "--connection-string", "postgres://app:secret@db.example.com:5432/app"], {
      cwd: dir,
      env: { HOME: dir, HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off" },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Created Hyperdrive PostgreSQL config 'demo'/);
  });
});
