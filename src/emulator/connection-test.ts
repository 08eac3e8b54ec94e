// The connection test Hyperdrive runs before it saves an origin: reach the database with the origin's credentials and
// TLS settings, and refuse the change with the probe's 2008–2016 code when that fails.
import type { ProbeOrigin, ProbeTls } from "../probe/types";
import { API_CODES, CODES } from "../api/contract";
import { ErrorReply } from "./http";
import type { Store, StoredConfig } from "./store";

export interface ConnectionTestOptions {
  store: Store;
  /** Accept every origin without connecting. */
  skip: boolean;
  /** Private, loopback and link-local origin addresses pass (instead of 2009). */
  allowPrivate: boolean;
  /** The probe; by default src/probe's `probeOrigin`, loaded on first use. */
  probe?: ProbeOrigin;
  logger: (line: string) => void;
}

export type ConnectionTest = (config: StoredConfig) => Promise<void>;

export function createConnectionTest(options: ConnectionTestOptions): ConnectionTest {
  return async ({ origin, mtls = {} }) => {
    // Access and Workers VPC origins are reached through Cloudflare's network, which the emulator cannot do: they are
    // accepted without a test. Only a public origin (host and port) is probed.
    if (options.skip || !("port" in origin)) return;
    const ca = mtls.ca_certificate_id ? options.store.certificates.get(mtls.ca_certificate_id) : undefined;
    const client = mtls.mtls_certificate_id ? options.store.certificates.get(mtls.mtls_certificate_id) : undefined;
    const tls: ProbeTls = {
      ...(mtls.sslmode ? { sslmode: mtls.sslmode } : {}),
      ...(ca ? { ca: ca.certificates } : {}),
      ...(client ? { clientCert: client.certificates, clientKey: client.private_key } : {}),
    };
    const probe = options.probe ?? (await import("../probe/probe")).probeOrigin;
    const { scheme, host, port, database, user, password } = origin;
    const connectionFailed = API_CODES.connectionFailed.message;
    let failure: { code: number; message: string } | undefined;
    try {
      const report = await probe(
        { scheme, host, port, database, user, password },
        { tls, allowPrivate: options.allowPrivate },
      );
      if (!report.ok) failure = report.failure ?? { code: CODES.connectionFailed, message: connectionFailed };
    } catch (error) {
      options.logger(`connection test of ${host}:${port} threw: ${(error as Error).message}`);
      failure = { code: CODES.connectionFailed, message: `${connectionFailed}: ${(error as Error).message}` };
    }
    if (failure) throw new ErrorReply(400, [{ code: failure.code, message: failure.message }]);
  };
}
