// Authentication, database and test query on MySQL and MariaDB, through `mysql2` (imported only when a probe runs),
// classified the way Hyperdrive reports them.
import { performance } from "node:perf_hooks";
import { CLIENT_CERT_FIX, CONNECTION_FAILURE_DETAILS } from "../api/contract";
import { CLOSE_TIMEOUT_MS, withTimeout } from "./network";
import type { ServerFacts } from "./notes";
import { errorText, ProbeFailure, type SessionContext } from "./steps";
import type { ProbeStepId } from "./types";
import type { MysqlHandshake } from "./wire";

/** The authentication plugins Hyperdrive speaks. */
const SUPPORTED_PLUGINS = ["caching_sha2_password", "mysql_native_password"];
/** Plugins mysql2 could switch to; a switch to any other one surfaces as mysql2's "unknown plugin" error. */
const SWITCHABLE_PLUGINS = ["caching_sha2_password", "mysql_native_password", "sha256_password", "mysql_clear_password"];
const AUTH_SWITCH_UNSUPPORTED = "Hyperdrive does not currently support MySQL AuthSwitchRequest messages";

/** Which step a mysql2 error belongs to and the code Hyperdrive would return; `switchedTo` is a plugin switch seen. */
export function classifyMysqlError(
  error: unknown,
  defaultPlugin: string,
  switchedTo?: string,
): { step: ProbeStepId; failure: ProbeFailure } {
  const { errno, code = "", message = "" } = error as { errno?: number; code?: string; message?: string };
  const plugin = switchedTo ?? /unknown plugin (\S+)/.exec(message)?.[1];
  if (plugin) {
    const detail =
      `the server asked to switch authentication to ${plugin} (AuthSwitchRequest): the user's plugin is not ` +
      `the server's default, ${defaultPlugin}`;
    return {
      step: "auth",
      failure: new ProbeFailure(2015, detail, {
        hyperdrive: AUTH_SWITCH_UNSUPPORTED,
        hint: `Give the user the server's default plugin: ALTER USER … IDENTIFIED WITH ${defaultPlugin} BY '…'.`,
      }),
    };
  }
  const text = errorText(error);
  // 1045 access denied; 1862 password expired and the client may not change it.
  if (errno === 1045 || errno === 1862) return { step: "auth", failure: new ProbeFailure(2013, text) };
  if (errno === 1049) return { step: "database", failure: new ProbeFailure(2014, text) };
  if (errno === 1044) {
    const detail = `${text}: MySQL says this both when the database does not exist and when the user may not use it`;
    return { step: "database", failure: new ProbeFailure(2014, detail) };
  }
  if (code.startsWith("ERR_SSL") || /alert/i.test(message)) {
    return { step: "auth", failure: new ProbeFailure(2015, text, { hyperdrive: CONNECTION_FAILURE_DETAILS.serverClosed, hint: CLIENT_CERT_FIX }) };
  }
  return { step: "auth", failure: new ProbeFailure(2015, text) };
}

/** Logs in, runs a test query (SELECT 1) and reads the server's settings; records auth, database and query. */
export async function mysqlSession(
  { target, socket, tls, mode, timeoutMs, report }: SessionContext,
  greeting: MysqlHandshake,
): Promise<ServerFacts> {
  const defaultPlugin = greeting.authPlugin ?? "none";
  const facts: ServerFacts = {
    product: greeting.serverVersion.includes("MariaDB") ? "mariadb" : "mysql",
    version: greeting.serverVersion,
    authMethod: defaultPlugin,
  };
  if (!SUPPORTED_PLUGINS.includes(defaultPlugin)) {
    socket.destroy();
    const detail = `the server's default authentication plugin is ${defaultPlugin}; Hyperdrive speaks only ${SUPPORTED_PLUGINS.join(" and ")}`;
    report.fail("auth", 0, new ProbeFailure(2015, detail, { hint: "Set default_authentication_plugin to one of them." }));
    return facts;
  }
  const { createConnection } = await import("mysql2");
  let switchedTo: string | undefined;
  const authPlugins = Object.fromEntries(
    SWITCHABLE_PLUGINS.filter((name) => name !== defaultPlugin).map((name) => [
      name,
      () => {
        switchedTo = name;
        throw new Error(`AuthSwitchRequest to ${name}`);
      },
    ]),
  );
  const connection = createConnection({
    stream: socket,
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    // The hostname was checked in the TLS step; mysql2 would check an IP address against "localhost".
    ssl: { ca: tls.ca, cert: tls.clientCert, key: tls.clientKey, rejectUnauthorized: mode !== "require" },
    connectTimeout: timeoutMs,
    authPlugins,
  });
  connection.on("error", () => {});
  const started = performance.now();
  let connected = false;
  try {
    try {
      const login = new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
      await withTimeout(login, timeoutMs, "logging in");
      connected = true;
    } catch (error) {
      const { step, failure } = classifyMysqlError(error, defaultPlugin, switchedTo);
      const ms = performance.now() - started;
      if (step === "database") report.add({ id: "auth", status: "ok", ms, detail: `${defaultPlugin} as ${target.user}` });
      report.fail(step, step === "database" ? 0 : ms, failure);
      return facts;
    }
    report.add({ id: "auth", status: "ok", ms: performance.now() - started, detail: `${defaultPlugin} as ${target.user}` });
    report.add({ id: "database", status: "ok", ms: 0, detail: `${target.database} exists (checked at login)` });
    const db = connection.promise();
    await report.run("query", async () => {
      try {
        await withTimeout(db.query("SELECT 1"), timeoutMs, "the test query");
      } catch (error) {
        throw new ProbeFailure(2016, errorText(error));
      }
      return { detail: "SELECT 1 answered", value: undefined };
    });
    try {
      const [rows] = await withTimeout(
        db.query("SELECT @@max_connections AS max_connections, @@character_set_server AS charset"),
        timeoutMs,
        "reading settings",
      );
      const [row] = rows as Array<{ max_connections: number | string; charset: string }>;
      facts.maxConnections = Number(row.max_connections);
      facts.characterSet = row.charset;
    } catch {
      // Notes are optional: without the settings, the server step says less.
    }
    return facts;
  } finally {
    if (connected) await withTimeout(connection.promise().end(), CLOSE_TIMEOUT_MS, "closing").catch(() => {});
    socket.destroy();
  }
}
