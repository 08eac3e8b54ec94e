// create --preflight against a real PostgreSQL whose max_connections is 40: a connection limit above what the server
// leaves for clients is a warning (the command goes on), and a predicted refusal in --json mode carries its code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPostgres, type TestDatabase } from "../support/databases";
import { makeFixtureSet } from "../support/pki";
import { runCli } from "../support/cli";

let pg: TestDatabase;
let plain: TestDatabase;
let dir: string;
beforeAll(async () => {
  const f = await makeFixtureSet();
  [pg, plain] = await Promise.all([
    startPostgres({ tls: { certPem: f.serverChain.content, keyPem: f.server.keyPem, caPem: f.rootCa.certPem } }),
    startPostgres(),
  ]);
  dir = mkdtempSync(join(tmpdir(), "hyperdrive-preflight-"));
}, 180_000);
afterAll(async () => {
  await Promise.all([pg?.stop(), plain?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const origin = (db: TestDatabase) => ["--origin-host", db.host, "--origin-port", String(db.port), "--database", db.database, "--origin-user", db.user, "--origin-password", "-"];

describe("create --preflight and the server's max_connections", () => {
  it("warns when --origin-connection-limit 100 is above what max_connections 40 leaves, and goes on", async () => {
    const r = await runCli(["--local", "create", "big", ...origin(pg), "--origin-connection-limit", "100", "--preflight", "--dry-run", "--cwd", dir], { stdin: pg.password });
    expect(r.code, r.all).toBe(0);
    expect(r.stderr).toMatch(/Preflight: Server: [\s\S]*max_connections 40 leaves \d+ for clients, fewer than the origin connection limit \(100\)/);
    expect(r.stderr).toContain("looks acceptable to Hyperdrive, with the warning(s) above.");
    expect(r.stdout).toContain('"origin_connection_limit": 100');
  });

  it("says nothing of max_connections when the limit fits", async () => {
    const r = await runCli(["--local", "create", "small", ...origin(pg), "--origin-connection-limit", "10", "--preflight", "--dry-run", "--cwd", dir], { stdin: pg.password });
    expect(r.code, r.all).toBe(0);
    expect(r.stderr).not.toMatch(/fewer than/);
  });

  it("a predicted refusal in --json mode has its code", async () => {
    const r = await runCli(["--local", "create", "plain", ...origin(plain), "--preflight", "--json", "--cwd", dir], { stdin: plain.password });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(JSON.stringify(doc)).toMatch(/"code":2012/);
  });
});
