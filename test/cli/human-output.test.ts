// The human output, whole: inline snapshots of the tables, the key/value views, the one-line results, doctor's
// checklist and the error shapes, so that layout drift shows in review. Deterministic: no terminal (so no colour and
// nothing sized to a window), a fixed clock, ids and timings normalised.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http } from "msw";
import { BASE, fail, fakeApi, makeConfig, ok } from "../support/fake-api";
import { makeCertificate } from "../support/cert-api";
import { runCli as run, type CliOptions } from "../support/cli";

const { server, configs } = fakeApi();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  configs.length = 0;
});
afterEach(() => server.resetHandlers());

const NOW = new Date("2026-12-01T12:00:00Z");
/** An empty folder to run in (no wrangler config above it), named <dir> in the snapshots. */
let dir: string;
beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "hd-human-")));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Each distinct id (32 hex, or a certificate's UUID) becomes <id-1>, <id-2>… in order of appearance, padded with "_"
 * to the id's width so that the columns stay where they are; timings and the retry's jittered delay become N.
 */
function normalise(text: string): string {
  const ids = new Map<string, string>();
  return text
    .replaceAll(dir, "<dir>")
    .replace(/\b(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g, (id) => {
      if (!ids.has(id)) ids.set(id, `<id-${ids.size + 1}>`.padEnd(id.length, "_"));
      return ids.get(id)!;
    })
    .replace(/( +)(\d+) ms\b/g, (_, pad: string, n: string) => `${" ".repeat(pad.length + n.length - 1)}N ms`)
    .replace(/ in \d+\.\d s…/g, " in N s…");
}

async function cli(argv: string[], o: CliOptions = {}) {
  const r = await run(argv, { now: NOW, cwd: dir, ...o, env: { NO_COLOR: "1", ...o.env } });
  expect(r.all).not.toMatch(/\x1b\[/);
  return { code: r.code, stdout: normalise(r.stdout), stderr: normalise(r.stderr) };
}

function seed() {
  configs.push(
    makeConfig(1, { name: "prod-db", caching: { disabled: false, max_age: 60, stale_while_revalidate: 15 } }),
    makeConfig(2, {
      name: "analytics",
      origin: { scheme: "mysql", host: "mysql.internal.example.com", port: 3306, database: "events", user: "reporter" },
      caching: { disabled: true },
      origin_connection_limit: 20,
    }),
  );
}

describe("configs", () => {
  it("list", async () => {
    seed();
    const r = await cli(["list"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "id                                name       user      host                        port  scheme      database  caching               mtls  connection limit
      ────────────────────────────────  ─────────  ────────  ──────────────────────────  ────  ──────────  ────────  ────────────────────  ────  ────────────────
      <id-1>__________________________  prod-db    app       db1.example.com             5432  PostgreSQL  app       max_age 60s, swr 15s        60
      <id-2>__________________________  analytics  reporter  mysql.internal.example.com  3306  MySQL       events    disabled                    20
      "
    `);
  });

  it("list at 80 columns (COLUMNS=80, as on a terminal that wide): the least important columns give way, long values end in …", async () => {
    seed();
    configs.push(makeConfig(3, { name: "注文-データベース-本番", origin: { scheme: "postgres", host: "orders.cluster-c9akciq32.eu-west-1.rds.amazonaws.com", port: 5432, database: "orders", user: "app" } }));
    const r = await cli(["list"], { env: { COLUMNS: "80" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "id                                name                host              database
      ────────────────────────────────  ──────────────────  ────────────────  ────────
      <id-1>__________________________  prod-db             db1.example.com   app
      <id-2>__________________________  analytics           mysql.internal.…  events
      <id-3>__________________________  注文-データベース…  orders.cluster-…  orders
      "
    `);
  });

  it("list with a name holding a tab and a newline: one line per config, the characters written out; --json keeps them", async () => {
    seed();
    configs.push(makeConfig(3, { name: "tab\there\nand a newline" }));
    const r = await cli(["list"]);
    expect(r.stdout).toMatchInlineSnapshot(`
      "id                                name                      user      host                        port  scheme      database  caching               mtls  connection limit
      ────────────────────────────────  ────────────────────────  ────────  ──────────────────────────  ────  ──────────  ────────  ────────────────────  ────  ────────────────
      <id-1>__________________________  prod-db                   app       db1.example.com             5432  PostgreSQL  app       max_age 60s, swr 15s        60
      <id-2>__________________________  analytics                 reporter  mysql.internal.example.com  3306  MySQL       events    disabled                    20
      <id-3>__________________________  tab\\there\\nand a newline  app       db3.example.com             5432  PostgreSQL  app       enabled                     60
      "
    `);
    const json = await cli(["list", "--json"]);
    expect(JSON.parse(json.stdout).map((c: { name: string }) => c.name)).toContain("tab\there\nand a newline");
  });

  it("list with no configs", async () => {
    const r = await cli(["list"]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toMatchInlineSnapshot(`
      "No Hyperdrive configs in this account. Create one with: hyperdrive create <name> --connection-string …
      "
    `);
  });

  it("get", async () => {
    seed();
    const r = await cli(["get", "prod-db"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "id                <id-1>__________________________
      name              prod-db
      scheme            postgres
      host              db1.example.com
      port              5432
      database          app
      user              app
      caching           max_age 60s, swr 15s
      connection limit  60
      created           2026-11-01T00:00:00Z
      modified          2026-11-01T00:00:00Z
      "
    `);
  });

  it("get (MySQL, caching off)", async () => {
    seed();
    const r = await cli(["get", "analytics"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "id                <id-1>__________________________
      name              analytics
      scheme            mysql
      host              mysql.internal.example.com
      port              3306
      database          events
      user              reporter
      caching           disabled
      connection limit  20
      created           2026-11-01T00:00:00Z
      modified          2026-11-01T00:00:00Z
      "
    `);
  });

  it("create", async () => {
    const r = await cli(["create", "new-db", "--connection-string", "-", "--max-age", "120"], { stdin: "postgres://app:pw@db.example.com:5432/app" });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "✔ Created Hyperdrive PostgreSQL config 'new-db': <id-1>__________________________

      id                <id-1>__________________________
      name              new-db
      scheme            postgres
      host              db.example.com
      port              5432
      database          app
      user              app
      caching           max_age 120s, swr 15s
      connection limit  60
      created           2026-11-01T00:00:00Z
      modified          2026-11-01T00:00:00Z
      • No wrangler.json, wrangler.jsonc or wrangler.toml in <dir> or the folders above it; add the snippet to your Worker's config, or once it has one, bind it with: hyperdrive bind new-db --binding HYPERDRIVE

      Add this to your Worker's wrangler config:

      {
        "hyperdrive": [
          {
            "binding": "HYPERDRIVE",
            "id": "<id-1>__________________________"
          }
        ]
      }
      "
    `);
    expect(r.stderr).toMatchInlineSnapshot(`""`);
  });

  it("update", async () => {
    seed();
    const r = await cli(["update", "prod-db", "--max-age", "300", "--origin-connection-limit", "40"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "✔ Updated Hyperdrive config 'prod-db' (<id-1>__________________________)
        caching → max_age 300s, swr 15s
        connection limit → 40
      "
    `);
    expect(r.stderr).toMatchInlineSnapshot(`""`);
  });
});

describe("cert list", () => {
  it("lists CA and client certificates", async () => {
    server.use(
      http.get(`${BASE}/accounts/:a/mtls_certificates`, () =>
        ok([makeCertificate(1, { name: "hd-client" }), makeCertificate(2, { name: "prod-ca", expires_on: "2026-12-20T00:00:00Z" })], {
          result_info: { page: 1, per_page: 50, count: 2, total_count: 2 },
        }),
      ),
    );
    const r = await cli(["cert", "list"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "id                                    name       kind    issuer                      expires               days left
      ────────────────────────────────────  ─────────  ──────  ──────────────────────────  ────────────────────  ─────────
      <id-1>______________________________  hd-client  client  CN=Hyperdrive Test Root CA  2030-01-01T00:00:00Z  1126
      <id-2>______________________________  prod-ca    CA      CN=Hyperdrive Test Root CA  2026-12-20T00:00:00Z  18
      "
    `);
  });
});

describe("cert list at 80 columns", () => {
  it("keeps the id, the name and the expiry", async () => {
    server.use(
      http.get(`${BASE}/accounts/:a/mtls_certificates`, () =>
        ok([makeCertificate(1, { name: "hd-client" }), makeCertificate(2, { name: "prod-ca", expires_on: "2026-12-20T00:00:00Z" })], {
          result_info: { page: 1, per_page: 50, count: 2, total_count: 2 },
        }),
      ),
    );
    const r = await cli(["cert", "list"], { env: { COLUMNS: "80" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "id                                    name       expires               days left
      ────────────────────────────────────  ─────────  ────────────────────  ─────────
      <id-1>______________________________  hd-client  2030-01-01T00:00:00Z  1126
      <id-2>______________________________  prod-ca    2026-12-20T00:00:00Z  18
      "
    `);
  });
});

describe("doctor", () => {
  it("an origin that refuses the connection: the checklist and the verdict", async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const r = await cli(["doctor", "postgres://app:pw@127.0.0.1:1/app", "--allow-private"]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatchInlineSnapshot(`
      "Checking postgres://app@127.0.0.1:1/app

        – DNS lookup                127.0.0.1 is an IP address: nothing to look up
        ✔ Public address      N ms  127.0.0.1 is not a public address (loopback); allowed (--allow-private): Hyperdrive must reach it through a Cloudflare Tunnel
        ✖ TCP connection      N ms  127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1 [code: 2011]
        – TLS                       not checked: TCP connection failed
        – Authentication            not checked: TCP connection failed
        – Database exists           not checked: TCP connection failed
        – Test query                not checked: TCP connection failed
        – Server                    not checked: TCP connection failed

      ✖ Hyperdrive would refuse this origin: [code: 2011] Network connection to the provided database was refused. Please check that host and port are correct and that the database allows connections from public IP addresses.
        Fix: 127.0.0.1:1 refused the connection. A firewall or access list is likely rejecting Hyperdrive: allow connections from the public Internet on that port, and check that the port is right.
      "
    `);
  });
});

describe("errors", () => {
  it("a usage error (commander's)", async () => {
    const r = await cli(["lst"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "error: unknown command 'lst'
      (Did you mean list?)
      (run with --help for usage)
      "
    `);
  });

  it("a usage error (the command's)", async () => {
    const r = await cli(["create", "x", "--connection-string", "postgres://u:p#ss@h/d"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ Invalid --connection-string: the password contains an unencoded '#'.
        Percent-encode it as %23 (for example pa%23ss), or pass the password with --origin-password and the other parts as flags.
      "
    `);
  });

  it("an API error with its hint and where it happened", async () => {
    server.use(http.post(`${BASE}/accounts/:a/hyperdrive/configs`, () => fail(400, [{ code: 2011, message: "Network connection to the provided database was refused." }])));
    const r = await cli(["create", "x", "--connection-string", "postgres://u:p@db.example.com:5432/d"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ Network connection to the provided database was refused. [code: 2011]
        db.example.com:5432 refused the connection. A firewall or access list is likely rejecting Hyperdrive: allow connections from the public Internet on that port, and check that the port is right.
        POST /accounts/<id-1>__________________________/hyperdrive/configs → HTTP 400
      "
    `);
  });

  it("a network error", async () => {
    const refused = async () => {
      throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    };
    const r = await cli(["list"], { transport: refused });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatchInlineSnapshot(`
      "Retrying after ECONNREFUSED (attempt 2) in N s…
      Retrying after ECONNREFUSED (attempt 3) in N s…
      ✖ GET /client/v4/accounts/<id-1>__________________________/hyperdrive/configs failed: api.cloudflare.com refused the connection.
        Check the network (and HTTPS_PROXY / NO_PROXY if you use a proxy), or CLOUDFLARE_API_BASE_URL if you set it.
      "
    `);
  });
});
