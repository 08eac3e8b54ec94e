// Throwaway PostgreSQL 15 and MariaDB servers for tests: each in its own temporary directory, listening on 127.0.0.1
// and a free ephemeral port, ready when the start function resolves, and removed by stop() (or at process exit).
// Both refuse to run as root, so as root they run as the user their Debian package creates (postgres, mysql).
// initdb and mariadb-install-db take seconds, so each runs once per test process and later servers copy its result.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { atExit } from "./pki";

const PG_BIN = "/usr/lib/postgresql/15/bin";
const MARIADB_INSTALL_DB = "/usr/bin/mariadb-install-db";
const MARIADBD = "/usr/sbin/mariadbd";
const HOST = "127.0.0.1";
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** TLS for a test server: what it presents, the CA that verifies that, and optionally the CA for client certificates. */
export interface TlsSetup {
  /** Certificate chain the server presents, leaf first. */
  certPem: string;
  keyPem: string;
  /** The CA that verifies certPem; returned as `caCertPem`. */
  caPem: string;
  /** When set, the server requires clients to present a certificate signed by this CA. */
  clientCaPem?: string;
}

export interface TestDatabase {
  scheme: "postgres" | "mysql";
  host: string;
  port: number;
  /** A login with a password (scram-sha-256 on PostgreSQL) that owns `database`. */
  user: string;
  password: string;
  database: string;
  caCertPem?: string;
  /**
   * A login that authenticates and finds `database` but cannot run a query there: on PostgreSQL it lacks the CONNECT
   * privilege on the database; on MariaDB its password has expired, so every statement fails (ER_MUST_CHANGE_PASSWORD).
   */
  restricted: { user: string; password: string };
  /** Runs SQL as the superuser, over the server's Unix socket. */
  admin(sql: string): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

interface Account {
  uid: number;
  gid: number;
}

interface Process {
  child: ChildProcess;
  /** The last lines it printed. */
  log: () => string;
}

// What is left at exit (a test that never called stop()) is killed and removed.
const children = new Set<ChildProcess>();
const dirs = new Set<string>();
atExit(() => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function requireBinary(path: string, aptPackage: string): void {
  if (!existsSync(path)) throw new Error(`${path} not found: install the Debian package ${aptPackage} (apt-get install -y ${aptPackage})`);
}

/** As root, the account the server must run as (created by the Debian package); otherwise the current user. */
function serviceAccount(name: string, aptPackage: string): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) throw new Error(`user ${name} does not exist: it is created by the Debian package ${aptPackage}`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

function makeDir(prefix: string, account: Account | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (account) chownSync(dir, account.uid, account.gid);
  dirs.add(dir);
  return dir;
}

function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** Writes a file the server reads (keys must be private to the server's user). */
function writePrivate(path: string, content: string, account: Account | undefined): void {
  writeFileSync(path, content, { mode: 0o600 });
  if (account) chownSync(path, account.uid, account.gid);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function start(command: string, args: string[], account: Account | undefined): Process {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...account });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, log: () => output };
}

/** Runs a setup program to completion (bounded), failing with its output. */
async function runToEnd(command: string, args: string[], account?: Account): Promise<void> {
  const { child, log } = start(command, args, account);
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} did not finish within ${READY_TIMEOUT_MS} ms:\n${log()}`));
    }, READY_TIMEOUT_MS);
    child.once("error", reject);
    child.once("exit", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  if (code !== 0) throw new Error(`${command} exited with ${code}:\n${log()}`);
}

const templates = new Map<string, Promise<string>>();

/** Copies into `dir`/data a data directory that `initialise` made once for this test process. */
async function dataDir(kind: string, dir: string, account: Account | undefined, initialise: (data: string) => Promise<void>) {
  let template = templates.get(kind);
  if (!template) {
    const data = join(makeDir(`hyperdrive-${kind}-template-`, account), "data");
    template = initialise(data).then(() => data);
    templates.set(kind, template);
  }
  const data = join(dir, "data");
  await runToEnd("cp", ["-a", await template, data]);
  return data;
}

/** Polls `attempt` until it succeeds, the server exits, or READY_TIMEOUT_MS passes. */
async function waitReady(server: Process, what: string, attempt: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`${what} exited during start:\n${server.log()}`);
    }
    try {
      await attempt();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} not ready after ${READY_TIMEOUT_MS} ms (${String(error)}):\n${server.log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function stopProcess({ child }: Process, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Runs `setup`, which starts a server in `dir` and records it in `launched`; a failed start is cleaned up. */
async function launch(
  dir: string,
  stopSignal: NodeJS.Signals,
  setup: (launched: { server?: Process }) => Promise<Omit<TestDatabase, "stop">>,
): Promise<TestDatabase> {
  const launched: { server?: Process } = {};
  const stop = async (signal: NodeJS.Signals) => {
    if (launched.server) await stopProcess(launched.server, signal);
    removeDir(dir);
  };
  try {
    return { ...(await setup(launched)), stop: () => stop(stopSignal) };
  } catch (error) {
    await stop("SIGKILL");
    throw error;
  }
}

function secret(): string {
  return `pw-${randomBytes(12).toString("hex")}`;
}

/** Starts PostgreSQL 15 (TLS when `tls` is given) with a database `app` owned by user `app`. */
export async function startPostgres(options: { tls?: TlsSetup } = {}): Promise<TestDatabase> {
  requireBinary(join(PG_BIN, "postgres"), "postgresql");
  const account = serviceAccount("postgres", "postgresql");
  const dir = makeDir("hyperdrive-pg-", account);
  return launch(dir, "SIGINT", async (launched) => {
    const data = await dataDir("pg", dir, account, (target) =>
      runToEnd(
        join(PG_BIN, "initdb"),
        ["-D", target, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
        account,
      ),
    );
    const { tls } = options;
    const hostType = tls ? "hostssl" : "host";
    const clientCert = tls?.clientCaPem ? " clientcert=verify-ca" : "";
    writePrivate(
      join(data, "pg_hba.conf"),
      `local all postgres trust\n${hostType} all all ${HOST}/32 scram-sha-256${clientCert}\n`,
      account,
    );
    const settings = [`listen_addresses=${HOST}`, `unix_socket_directories=${dir}`, "fsync=off", "max_connections=40"];
    if (tls) {
      writePrivate(join(data, "server.crt"), tls.certPem, account);
      writePrivate(join(data, "server.key"), tls.keyPem, account);
      settings.push("ssl=on", "ssl_cert_file=server.crt", "ssl_key_file=server.key");
      if (tls.clientCaPem) {
        writePrivate(join(data, "client-ca.crt"), tls.clientCaPem, account);
        settings.push("ssl_ca_file=client-ca.crt");
      }
    }
    const port = await freePort();
    const server = (launched.server = start(
      join(PG_BIN, "postgres"),
      ["-D", data, "-p", String(port), ...settings.flatMap((setting) => ["-c", setting])],
      account,
    ));
    const { default: pg } = await import("pg");
    const admin = async (sql: string) => {
      const client = new pg.Client({ host: dir, port, user: "postgres", database: "postgres" });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await waitReady(server, "postgres", () => admin("SELECT 1"));
    const password = secret();
    const restricted = { user: "restricted", password: secret() };
    await admin(`CREATE ROLE app LOGIN PASSWORD '${password}'`);
    await admin("CREATE DATABASE app OWNER app");
    await admin(`CREATE ROLE ${restricted.user} LOGIN PASSWORD '${restricted.password}'`);
    await admin("REVOKE CONNECT ON DATABASE app FROM PUBLIC");
    return { scheme: "postgres", host: HOST, port, user: "app", password, database: "app", caCertPem: tls?.caPem, restricted, admin };
  });
}

/** Starts MariaDB (TLS when `tls` is given) with a database `app` on which user `app` has every privilege. */
export async function startMariadb(options: { tls?: TlsSetup } = {}): Promise<TestDatabase> {
  requireBinary(MARIADBD, "mariadb-server");
  requireBinary(MARIADB_INSTALL_DB, "mariadb-server");
  const account = serviceAccount("mysql", "mariadb-server");
  const dir = makeDir("hyperdrive-mariadb-", account);
  const socket = join(dir, "mysqld.sock");
  return launch(dir, "SIGTERM", async (launched) => {
    const data = await dataDir("mariadb", dir, account, (target) =>
      runToEnd(
        MARIADB_INSTALL_DB,
        ["--no-defaults", `--datadir=${target}`, "--auth-root-authentication-method=normal", "--skip-test-db"],
        account,
      ),
    );
    const { tls } = options;
    const flags = [
      "--no-defaults",
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--pid-file=${join(dir, "mysqld.pid")}`,
      `--bind-address=${HOST}`,
      "--skip-name-resolve",
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_general_ci",
      "--innodb-buffer-pool-size=32M",
      "--max-connections=40",
    ];
    if (tls) {
      writePrivate(join(dir, "server.crt"), tls.certPem, account);
      writePrivate(join(dir, "server.key"), tls.keyPem, account);
      flags.push(`--ssl-cert=${join(dir, "server.crt")}`, `--ssl-key=${join(dir, "server.key")}`);
      if (tls.clientCaPem) {
        writePrivate(join(dir, "client-ca.crt"), tls.clientCaPem, account);
        flags.push(`--ssl-ca=${join(dir, "client-ca.crt")}`);
      }
    } else {
      flags.push("--skip-ssl");
    }
    const port = await freePort();
    const server = (launched.server = start(MARIADBD, [...flags, `--port=${port}`], account));
    const mysql = await import("mysql2/promise");
    const admin = async (sql: string) => {
      const connection = await mysql.createConnection({ socketPath: socket, user: "root" });
      try {
        await connection.query(sql);
      } finally {
        await connection.end();
      }
    };
    await waitReady(server, "mariadbd", () => admin("SELECT 1"));
    const password = secret();
    const restricted = { user: "restricted", password: secret() };
    const requireCert = tls?.clientCaPem ? " REQUIRE X509" : "";
    // Only root over the Unix socket may log in without a password.
    await admin("DELETE FROM mysql.global_priv WHERE User = 'root' AND Host <> 'localhost'");
    await admin("FLUSH PRIVILEGES");
    await admin("CREATE DATABASE app");
    await admin(`CREATE USER 'app'@'%' IDENTIFIED BY '${password}'${requireCert}`);
    await admin("GRANT ALL ON app.* TO 'app'@'%'");
    await admin(`CREATE USER '${restricted.user}'@'%' IDENTIFIED BY '${restricted.password}'${requireCert} PASSWORD EXPIRE`);
    await admin(`GRANT ALL ON app.* TO '${restricted.user}'@'%'`);
    return { scheme: "mysql", host: HOST, port, user: "app", password, database: "app", caCertPem: tls?.caPem, restricted, admin };
  });
}
