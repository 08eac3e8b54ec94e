// The local-development journey with the real thing: our CLI creates configs with --local (the in-process emulator,
// whose connection test reaches throwaway PostgreSQL and MariaDB servers on loopback), writes the bindings and the
// local connection strings; then the real `wrangler dev` 4.164 (workerd) runs tiny Workers that query through
// `postgres(env.HYPERDRIVE.connectionString)` and mysql2, and the rows must come back — for wrangler.jsonc (top level
// and `--env staging`, each with its own database) and wrangler.toml (PostgreSQL and MySQL in one Worker).
//
// wrangler and the Workers' drivers come from the test-tools cache (`node scripts/test-tools.mjs --install`, which
// .ci/run runs); without them the test skips itself and says why. wrangler talks to loopback only: local mode, no
// banner (so no update check; its cache is also pre-filled), no metrics or error reports, no `Request.cf` download,
// a dummy token, and the API base URL, HTTP proxy and HTTPS proxy pointing at a loopback socket that never answers.
// wrangler dev starts three times (about 5 s each).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTool } from "../../scripts/test-tools.mjs";
import { startMariadb, startPostgres, type TestDatabase } from "../support/databases";
import { makeFixtureSet } from "../support/pki";
import { hyperdrive, SECRETS, url } from "./support";

const wrangler = findTool("wrangler");
if (!wrangler.ok) console.warn(`Skipping the wrangler dev journey: ${wrangler.reason}`);

const VAR = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_";

let pg: TestDatabase;
let maria: TestDatabase;
let root: string;
let silent: Server;
const held = new Set<Socket>();
let silentUrl: string;

/** Runs SQL as the database's own user (so that it owns what it creates). */
async function asApp(db: TestDatabase, database: string, sql: string[]): Promise<void> {
  if (db.scheme === "mysql") {
    const mysql = await import("mysql2/promise");
    const c = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password, database });
    try {
      for (const statement of sql) await c.query(statement);
    } finally {
      await c.end();
    }
    return;
  }
  const { default: pgLib } = await import("pg");
  const c = new pgLib.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database, ssl: { ca: db.caCertPem, rejectUnauthorized: false } });
  await c.connect();
  try {
    for (const statement of sql) await c.query(statement);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  if (!wrangler.ok) return;
  root = mkdtempSync(join(tmpdir(), "hd-wrangler-dev-"));
  // A loopback socket that accepts and never answers: where any request to "the internet" would go.
  silent = createServer((socket) => {
    held.add(socket);
    socket.on("close", () => held.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  // TLS, as Hyperdrive (and so the local emulator's connection test) requires of an origin.
  const f = await makeFixtureSet();
  const tls = { certPem: f.serverChain.content, keyPem: f.server.keyPem, caPem: f.rootCa.certPem };
  [pg, maria] = await Promise.all([startPostgres({ tls }), startMariadb({ tls })]);
  for (const db of [pg, maria]) SECRETS.add(db.password);
  await pg.admin("CREATE DATABASE staging OWNER app");
  await asApp(pg, "app", ["CREATE TABLE items (id int PRIMARY KEY, name text)", "INSERT INTO items VALUES (1, 'apple'), (2, 'pear')"]);
  await asApp(pg, "staging", ["CREATE TABLE items (id int PRIMARY KEY, name text)", "INSERT INTO items VALUES (1, 'staging-only')"]);
  await asApp(maria, "app", ["CREATE TABLE items (id int PRIMARY KEY, name text)", "INSERT INTO items VALUES (1, 'mysql-row')"]);
}, 120_000);

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => (silent ? silent.close(resolve) : resolve(undefined)));
  await Promise.all([pg?.stop(), maria?.stop()]);
  if (root) rmSync(root, { recursive: true, force: true });
});

const POSTGRES_WORKER = `import postgres from "postgres";
export default {
  async fetch(request, env) {
    const sql = postgres(env.HYPERDRIVE.connectionString, { max: 1, fetch_types: false });
    try {
      const rows = await sql\`SELECT current_database() AS db, name FROM items ORDER BY id\`;
      return Response.json(rows);
    } finally {
      await sql.end({ timeout: 1 });
    }
  },
};
`;

const BOTH_WORKER = `import postgres from "postgres";
import { createConnection } from "mysql2/promise";
export default {
  async fetch(request, env) {
    const sql = postgres(env.HYPERDRIVE.connectionString, { max: 1, fetch_types: false });
    let pg;
    try {
      pg = await sql\`SELECT name FROM items ORDER BY id\`;
    } finally {
      await sql.end({ timeout: 1 });
    }
    const c = await createConnection({
      host: env.MYSQL.host, port: env.MYSQL.port, user: env.MYSQL.user, password: env.MYSQL.password,
      database: env.MYSQL.database, disableEval: true,
    });
    try {
      const [mysql] = await c.query("SELECT DATABASE() AS db, name FROM items ORDER BY id");
      return Response.json({ pg, mysql });
    } finally {
      await c.end();
    }
  },
};
`;

/** A Worker project: its config, its entry, and node_modules from the test-tools folder (the drivers). */
function project(name: string, configName: string, config: string, worker: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, configName), config);
  writeFileSync(join(dir, "src", "index.js"), worker);
  if (wrangler.ok) symlinkSync(join(wrangler.dir, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/** Our CLI with --local, in the project; the local emulator tests the real origin. */
async function cli(dir: string, args: string[], stdin?: string) {
  const r = await hyperdrive(["--local", ...args], { cwd: dir, stdin, timeoutMs: 60_000 });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r;
}

interface Dev {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** `wrangler dev --local` on a free loopback port; resolves once it is ready. */
function wranglerDev(dir: string, args: string[] = []): Promise<Dev> {
  if (!wrangler.ok) throw new Error("no wrangler");
  const home = join(root, "home");
  const tmp = join(root, "tmp");
  mkdirSync(join(tmp, "update-check"), { recursive: true });
  // wrangler's npm update check answers from this cache instead of asking the registry.
  writeFileSync(join(tmp, "update-check", "wrangler-latest.json"), JSON.stringify({ latest: wrangler.version, lastUpdate: Date.now() }));
  const env = {
    PATH: `${join(wrangler.node, "..")}:/usr/bin:/bin`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    TMPDIR: tmp,
    CI: "true",
    NO_COLOR: "1",
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_SEND_ERROR_REPORTS: "false",
    WRANGLER_HIDE_BANNER: "true",
    DO_NOT_TRACK: "1",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    MINIFLARE_CACHE_DIR: join(tmp, "miniflare"),
    WRANGLER_REGISTRY_PATH: join(tmp, "registry"),
    WRANGLER_LOG_PATH: join(tmp, "logs"),
    CLOUDFLARE_API_TOKEN: "dummy-token-for-local-dev",
    CLOUDFLARE_ACCOUNT_ID: "0123456789abcdef0123456789abcdef",
    CLOUDFLARE_API_BASE_URL: `${silentUrl}/client/v4`,
    HTTP_PROXY: silentUrl,
    HTTPS_PROXY: silentUrl,
    NO_PROXY: "127.0.0.1,localhost,::1",
  };
  const child: ChildProcess = spawn(
    wrangler.node,
    [wrangler.bin, "dev", "--local", "--ip", "127.0.0.1", "--port", "0", "--inspector-port", "0", "--show-interactive-dev-session=false", ...args],
    { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let out = "";
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      try {
        process.kill(-child.pid!, "SIGTERM"); // wrangler and the workerd it started
      } catch {
        resolve();
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // gone
        }
      }, 5_000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`wrangler dev did not become ready within 60 s:\n${out}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /Ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (ready) {
        clearTimeout(timer);
        resolve({ url: ready[1], output: () => out, stop });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`wrangler dev exited with ${code}:\n${out}`));
    });
  });
}

/** Starts wrangler dev, asks the Worker once, stops it. */
async function rowsFrom(dir: string, args: string[] = []): Promise<{ body: unknown; output: string }> {
  const dev = await wranglerDev(dir, args);
  try {
    const response = await fetch(dev.url, { signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    expect(response.status, `${text}\n${dev.output()}`).toBe(200);
    return { body: JSON.parse(text), output: dev.output() };
  } finally {
    await dev.stop();
  }
}

describe.skipIf(!wrangler.ok)("wrangler dev 4.164 runs Workers against the configs and local strings our CLI wrote", () => {
  it("wrangler.jsonc: the top level and --env staging each reach their own database", async () => {
    const dir = project(
      "jsonc",
      "wrangler.jsonc",
      `{
  // a Worker
  "name": "orders",
  "main": "src/index.js",
  "compatibility_date": "2025-09-01",
  "compatibility_flags": ["nodejs_compat"],
  "env": { "staging": { "name": "orders-staging" } }
}
`,
      POSTGRES_WORKER,
    );
    // The same servers for wrangler dev, which connects without TLS unless the string asks for it.
    const top = url("postgres", { ...pg, database: "app" }, "?sslmode=require");
    const staging = url("postgres", { ...pg, database: "staging" }, "?sslmode=require");
    await cli(dir, ["create", "orders-db", "--connection-string", top, "--binding", "HYPERDRIVE", "--local-connection-string", "-"], top);
    const created = await cli(dir, ["--env", "staging", "create", "orders-staging-db", "--connection-string", staging, "--binding", "HYPERDRIVE", "--local-connection-string", "-", "--json"], staging);
    // Each id is one the local emulator made: said so, so it never reaches a deploy.
    expect(created.json().binding.localDev.warnings.map((w: { code: string }) => w.code)).toContain("local-emulator-id");
    expect(readFileSync(join(dir, ".env"), "utf8")).toBe(`${VAR}HYPERDRIVE='${top}'\n`);
    expect(readFileSync(join(dir, ".env.staging"), "utf8")).toBe(`${VAR}HYPERDRIVE='${staging}'\n`);
    const config = readFileSync(join(dir, "wrangler.jsonc"), "utf8");
    expect(config).toContain("// a Worker");
    expect(config).not.toContain(pg.password);

    const plain = await rowsFrom(dir);
    expect(plain.body).toEqual([
      { db: "app", name: "apple" },
      { db: "app", name: "pear" },
    ]);
    const env = await rowsFrom(dir, ["--env", "staging"]);
    expect(env.body).toEqual([{ db: "staging", name: "staging-only" }]);
    expect(env.output).toContain(`Found a non-empty ${VAR}HYPERDRIVE variable for binding`);
  }, 150_000);

  it("wrangler.toml: one Worker reaching PostgreSQL through postgres and MariaDB through mysql2", async () => {
    const dir = project(
      "toml",
      "wrangler.toml",
      `# a Worker
name = "shop"
main = "src/index.js"
compatibility_date = "2025-09-01"
compatibility_flags = ["nodejs_compat"]
`,
      BOTH_WORKER,
    );
    const pgUrl = url("postgres", pg, "?sslmode=require");
    // MariaDB also takes plain connections, as a local one usually does. (Through miniflare's TLS proxy,
    // ?ssl-mode=REQUIRED, mysql2 fails here with "Client does not support authentication protocol".)
    const myUrl = url("mysql", maria);
    await cli(dir, ["create", "shop-pg", "--connection-string", pgUrl, "--binding", "HYPERDRIVE", "--local-connection-string", "-"], pgUrl);
    await cli(dir, ["create", "shop-mysql", "--connection-string", myUrl, "--binding", "MYSQL", "--local-connection-string", "-"], myUrl);
    const toml = readFileSync(join(dir, "wrangler.toml"), "utf8");
    expect(toml).toMatch(/^# a Worker\n[\s\S]*\[\[hyperdrive\]\]\nbinding = "HYPERDRIVE"\nid = "[0-9a-f]{32}"\n\n\[\[hyperdrive\]\]\nbinding = "MYSQL"\nid = "[0-9a-f]{32}"\n$/);
    expect(readFileSync(join(dir, ".env"), "utf8")).toBe(`${VAR}HYPERDRIVE='${pgUrl}'\n${VAR}MYSQL='${myUrl}'\n`);

    const { body } = await rowsFrom(dir);
    expect(body).toEqual({ pg: [{ name: "apple" }, { name: "pear" }], mysql: [{ db: "app", name: "mysql-row" }] });
  }, 150_000);
});
