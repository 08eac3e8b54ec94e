// Reaches an origin database the way Hyperdrive does — DNS, public address, TCP, TLS, authentication, database, test
// query — and predicts the code Hyperdrive would return for the first failure.
import type { Socket } from "node:net";
import type { TlsVerification } from "../api/contract";
import { isIP } from "node:net";
import { mysqlSession } from "./mysql";
import { defaultConnect, defaultLookup, nonPublicKind, withTimeout } from "./network";
import { displayVersion, serverNotes } from "./notes";
import { postgresSession } from "./postgres";
import { errorText, ProbeFailure, ReportBuilder, type Passed, type SessionContext } from "./steps";
import { assessCertificate, tlsOptions, verificationOf } from "./tls";
import type { LookupFn, ProbeOrigin, ProbeTarget, ProbeTls } from "./types";
import { CLIENT_SSL, MysqlGreetingError, mysqlSslRequest, readMysqlGreeting, requestPostgresTls, startTls, type MysqlHandshake } from "./wire";

export const DEFAULT_TIMEOUT_MS = 10_000;

const UNREACHABLE = new Set(["ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN"]);

function hostPort(address: string, port: number): string {
  return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

async function resolveHost(host: string, lookup: LookupFn, timeoutMs: number): Promise<Passed<string[]>> {
  let addresses: string[];
  try {
    addresses = [...new Set((await withTimeout(lookup(host), timeoutMs, "DNS lookup")).map(({ address }) => address))];
  } catch (error) {
    throw new ProbeFailure(2008, `${host} did not resolve: ${errorText(error)}`);
  }
  if (!addresses.length) throw new ProbeFailure(2008, `${host} has no A or AAAA record`);
  return { detail: `${host} → ${addresses.join(", ")}`, value: addresses };
}

function checkPublic(addresses: string[], allowPrivate: boolean): Passed<void> {
  const nonPublic = addresses.flatMap((address) => {
    const kind = nonPublicKind(address);
    return kind ? [`${address} is not a public address (${kind})`] : [];
  });
  if (!nonPublic.length) return { detail: `${addresses.join(", ")} ${addresses.length > 1 ? "are" : "is"} public`, value: undefined };
  const described = nonPublic.join("; ");
  if (allowPrivate) {
    return { detail: `${described}; allowed (--allow-private): Hyperdrive must reach it through a Cloudflare Tunnel`, value: undefined };
  }
  if (nonPublic.length < addresses.length) {
    return { status: "warn", detail: `${described}; Hyperdrive connects only to public addresses`, value: undefined };
  }
  throw new ProbeFailure(
    2009,
    `${described}. Hyperdrive reaches private databases only through a Cloudflare Tunnel ` +
      "(--access-client-id/--access-client-secret)",
  );
}

/** Connects to the first address that answers; the failure code follows the errors seen (refused before unreachable). */
async function connectAny(
  addresses: string[],
  port: number,
  open: (address: string) => Promise<Socket>,
): Promise<Passed<{ socket: Socket; address: string }>> {
  const failures: Array<{ address: string; error: unknown }> = [];
  for (const address of addresses) {
    try {
      const socket = await open(address);
      return { detail: `connected to ${hostPort(address, port)}`, value: { socket, address } };
    } catch (error) {
      failures.push({ address, error });
    }
  }
  const codes = failures.map(({ error }) => (error as { code?: string }).code ?? "");
  const detail = failures.map(({ address, error }) => `${hostPort(address, port)}: ${errorText(error)}`).join("; ");
  if (codes.includes("ECONNREFUSED")) throw new ProbeFailure(2011, detail);
  if (codes.some((code) => UNREACHABLE.has(code))) throw new ProbeFailure(2010, detail);
  throw new ProbeFailure(2015, detail);
}

/** Asks for TLS in the database's own protocol, runs the handshake and judges the certificate. */
async function negotiateTls(
  socket: Socket,
  target: ProbeTarget,
  tls: ProbeTls,
  mode: TlsVerification,
  timeoutMs: number,
): Promise<Passed<{ greeting?: MysqlHandshake }>> {
  let greeting: MysqlHandshake | undefined;
  if (target.scheme === "mysql") {
    try {
      greeting = await readMysqlGreeting(socket, timeoutMs);
    } catch (error) {
      if (error instanceof MysqlGreetingError) {
        throw new ProbeFailure(2015, `the server refused the connection: ${error.message} (${error.errno})`);
      }
      throw new ProbeFailure(2015, `no MySQL handshake from the server: ${errorText(error)}`);
    }
    if (!(greeting.capabilities & CLIENT_SSL)) {
      throw new ProbeFailure(2012, `the server (${greeting.serverVersion}) does not offer TLS: no SSL capability in its handshake`);
    }
    socket.write(mysqlSslRequest());
  } else {
    const answer = await requestPostgresTls(socket, timeoutMs);
    if (answer === "N") throw new ProbeFailure(2012, "the server answered the SSLRequest with N: TLS is off (ssl = off)");
    if (answer !== "S") {
      throw new ProbeFailure(2015, `unexpected answer to the SSLRequest (${JSON.stringify(answer)}): is this a PostgreSQL server?`);
    }
  }
  let secure;
  try {
    secure = await startTls(socket, tlsOptions(target.host, tls), timeoutMs);
  } catch (error) {
    throw new ProbeFailure(2015, `TLS handshake failed: ${errorText(error)}`);
  }
  try {
    return { ...assessCertificate(secure, target.host, tls, mode), value: { greeting } };
  } finally {
    secure.destroy();
  }
}

/**
 * Probes the origin and reports every step; never throws for what it finds (a TypeError only for an sslmode Hyperdrive
 * does not have). A non-public address fails with 2009 but the later steps still run; DNS, TCP, TLS and login failures
 * end the probe. Every socket it opens, through `options.connect`, is closed before it resolves.
 */
export const probeOrigin: ProbeOrigin = async (target, options = {}) => {
  const tls = options.tls ?? {};
  const mode = verificationOf(tls.sslmode);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connect = options.connect ?? defaultConnect;
  const report = new ReportBuilder(target);

  let addresses: string[] | undefined = [target.host];
  if (isIP(target.host)) report.skip("dns", `${target.host} is an IP address: nothing to look up`);
  else addresses = await report.run("dns", () => resolveHost(target.host, options.lookup ?? defaultLookup, timeoutMs));
  if (!addresses) return report.finish();
  const resolved = addresses;

  await report.run("public", () => checkPublic(resolved, options.allowPrivate === true));
  const candidates = [...resolved.filter((a) => !nonPublicKind(a)), ...resolved.filter((a) => nonPublicKind(a))];
  const open = async (address: string) => {
    const socket = await withTimeout(connect({ host: address, port: target.port, timeoutMs }), timeoutMs, "connecting", (late) =>
      late.destroy(),
    );
    // Whoever reads the socket listens for its errors; this keeps a late one from crashing the process.
    return socket.on("error", () => {});
  };

  const tcp = await report.run("tcp", () => connectAny(candidates, target.port, open));
  if (!tcp) return report.finish();
  let negotiated: { greeting?: MysqlHandshake } | undefined;
  try {
    negotiated = await report.run("tls", () => negotiateTls(tcp.socket, target, tls, mode, timeoutMs));
  } finally {
    tcp.socket.destroy();
  }
  if (!negotiated) return report.finish();

  let socket: Socket;
  try {
    socket = await open(tcp.address);
  } catch (error) {
    report.fail("auth", 0, new ProbeFailure(2015, `could not connect again: ${errorText(error)}`));
    return report.finish();
  }
  const session: SessionContext = { target, socket, tls, mode, timeoutMs, report };
  const facts = negotiated.greeting ? await mysqlSession(session, negotiated.greeting) : await postgresSession(session);
  if (facts.version) {
    await report.run("server", () => serverNotes(facts, target, options.originConnectionLimit));
    report.setServer({
      product: facts.product,
      version: displayVersion(facts.product, facts.version),
      authMethod: facts.authMethod,
      maxConnections: facts.maxConnections,
    });
  }
  return report.finish();
};
