// Authentication, database and test query on PostgreSQL, through `pg` (imported only when a probe runs), classified
// the way Hyperdrive reports them.
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { CLIENT_CERT_FIX, CONNECTION_FAILURE_DETAILS } from "../api/contract";
import { CLOSE_TIMEOUT_MS, withTimeout } from "./network";
import type { ServerFacts } from "./notes";
import { errorText, ProbeFailure, type SessionContext } from "./steps";
import { driverTlsOptions } from "./tls";
import type { ProbeStepId } from "./types";

const UNSUPPORTED_METHODS: Readonly<Record<string, string>> = { "2": "Kerberos V5", "7": "GSSAPI", "9": "SSPI" };

function pgErrorText(error: unknown): string {
  const detail = (error as { detail?: unknown }).detail;
  return typeof detail === "string" ? `${errorText(error)} — ${detail}` : errorText(error);
}

/** Which step a pg error belongs to and the code Hyperdrive would return for it. */
export function classifyPostgresError(error: unknown, authenticated: boolean): { step: ProbeStepId; failure: ProbeFailure } {
  const { code, message = "" } = error as { code?: string; message?: string };
  const text = pgErrorText(error);
  if (code === "3D000") return { step: "database", failure: new ProbeFailure(2014, text) };
  if (code === "42501") {
    return { step: "query", failure: new ProbeFailure(2016, `the session could not start: ${text}`) };
  }
  if (code?.startsWith("28")) {
    if (/certificate/i.test(message)) {
      return { step: "auth", failure: new ProbeFailure(2015, text, { hyperdrive: CONNECTION_FAILURE_DETAILS.serverClosed, hint: CLIENT_CERT_FIX }) };
    }
    return { step: "auth", failure: new ProbeFailure(2013, text) };
  }
  const method = /Unknown authenticationOk message type (\d+)/.exec(message)?.[1];
  if (method || message.startsWith("SASL: Only mechanism")) {
    const name = method ? (UNSUPPORTED_METHODS[method] ?? `method ${method}`) : "a SASL mechanism other than SCRAM-SHA-256";
    const detail = `the server asks for ${name}; Hyperdrive supports SCRAM-SHA-256, md5 and password authentication`;
    return { step: "auth", failure: new ProbeFailure(2015, detail, { hint: "Allow SCRAM-SHA-256 or md5 for this user in pg_hba.conf." }) };
  }
  if (code?.startsWith("ERR_SSL") || /alert/i.test(message)) {
    return { step: "auth", failure: new ProbeFailure(2015, text, { hyperdrive: CONNECTION_FAILURE_DETAILS.serverClosed, hint: CLIENT_CERT_FIX }) };
  }
  if (/terminated unexpectedly/.test(message)) {
    return {
      step: authenticated ? "database" : "auth",
      failure: new ProbeFailure(2015, text, { hyperdrive: "Connection closed unexpectedly by the database server" }),
    };
  }
  return { step: authenticated ? "database" : "auth", failure: new ProbeFailure(2015, text) };
}

/** pg connects the stream it is given; hand it the socket the probe already opened. */
function alreadyConnected(socket: Socket): Socket {
  socket.connect = (() => {
    process.nextTick(() => socket.emit("connect"));
    return socket;
  }) as Socket["connect"];
  return socket;
}

const FACTS_QUERY = `SELECT current_setting('server_version') AS version,
  current_setting('max_connections')::int AS max_connections,
  current_setting('superuser_reserved_connections')::int AS reserved,
  (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory')::int AS advisory_locks`;

/** Logs in, runs Hyperdrive's test query (`;`) and reads the server's settings; records auth, database and query. */
export async function postgresSession({ target, socket, tls, mode, timeoutMs, report }: SessionContext): Promise<ServerFacts> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    ssl: driverTlsOptions(target.host, tls, mode),
    stream: () => alreadyConnected(socket),
    application_name: "hyperdrive probe",
  });
  client.on("error", () => {});
  const facts: ServerFacts = { product: "postgresql", authMethod: "none requested (trust or client certificate)" };
  let authenticatedAt: number | undefined;
  client.connection.on("authenticationCleartextPassword", () => (facts.authMethod = "password"));
  client.connection.on("authenticationMD5Password", () => (facts.authMethod = "md5"));
  client.connection.on("authenticationSASL", ({ mechanisms }: { mechanisms: string[] }) => {
    facts.authMethod = mechanisms.includes("SCRAM-SHA-256") ? "SCRAM-SHA-256" : mechanisms.join(", ");
  });
  client.connection.on("authenticationOk", () => (authenticatedAt = performance.now()));
  const started = performance.now();
  let connected = false;
  try {
    try {
      await withTimeout(client.connect(), timeoutMs, "logging in");
      connected = true;
    } catch (error) {
      const failedAt = performance.now();
      const { step, failure } = classifyPostgresError(error, authenticatedAt !== undefined);
      if (authenticatedAt === undefined) {
        report.fail(step, failedAt - started, failure);
        return facts;
      }
      report.add({ id: "auth", status: "ok", ms: authenticatedAt - started, detail: `${facts.authMethod} as ${target.user}` });
      if (step === "query") {
        report.add({ id: "database", status: "ok", ms: failedAt - authenticatedAt, detail: `${target.database} exists` });
        report.fail(step, 0, failure);
      } else {
        report.fail(step, failedAt - authenticatedAt, failure);
      }
      return facts;
    }
    const connectedAt = performance.now();
    const authenticated = authenticatedAt ?? connectedAt;
    report.add({ id: "auth", status: "ok", ms: authenticated - started, detail: `${facts.authMethod} as ${target.user}` });
    report.add({ id: "database", status: "ok", ms: connectedAt - authenticated, detail: `${target.database} exists` });
    await report.run("query", async () => {
      try {
        await withTimeout(client.query(";"), timeoutMs, "the test query");
      } catch (error) {
        throw new ProbeFailure(2016, pgErrorText(error));
      }
      return { detail: "empty query (;) answered, as in Hyperdrive's test", value: undefined };
    });
    try {
      const { rows } = await withTimeout(client.query(FACTS_QUERY), timeoutMs, "reading settings");
      const [row] = rows as Array<{ version: string; max_connections: number; reserved: number; advisory_locks: number }>;
      facts.version = row.version;
      facts.maxConnections = row.max_connections;
      facts.reservedConnections = row.reserved;
      facts.advisoryLocks = row.advisory_locks;
    } catch {
      // Notes are optional: without the settings, the server step says less.
    }
    return facts;
  } finally {
    if (connected) await withTimeout(client.end(), CLOSE_TIMEOUT_MS, "closing").catch(() => {});
    socket.destroy();
  }
}
