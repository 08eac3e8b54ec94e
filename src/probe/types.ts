// The contract of the origin probe (src/probe/), shared by `hyperdrive doctor`, `create/update --preflight` and the
// emulator's connection test. The probe reaches a database the way Hyperdrive does and classifies the first failure
// as the code Hyperdrive would return (2008–2016).
import type { LookupAddress } from "node:dns";
import type { Socket } from "node:net";
import type { Scheme } from "../api/contract";

/** A database reached directly (host and port). Access and VPC origins cannot be probed from here. */
export interface ProbeTarget {
  scheme: Scheme;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

export interface ProbeTls {
  /** PostgreSQL `require | verify-ca | verify-full`, MySQL `REQUIRED | VERIFY_CA | VERIFY_IDENTITY`; default require. */
  sslmode?: string;
  /** PEM of the CA that must have signed the server certificate (verify-ca / verify-full). */
  ca?: string;
  /** PEM client certificate chain and key presented to the server (mTLS). */
  clientCert?: string;
  clientKey?: string;
}

export type LookupFn = (hostname: string) => Promise<LookupAddress[]>;
export type ConnectFn = (options: { host: string; port: number; timeoutMs: number }) => Promise<Socket>;

export interface ProbeOptions {
  tls?: ProbeTls;
  /** Private, loopback and link-local addresses are accepted (a Tunnel, the local emulator). */
  allowPrivate?: boolean;
  /** Per-step timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Injected for tests: DNS lookup of every A/AAAA address. */
  lookup?: LookupFn;
  /** Injected for tests: opens the TCP socket. */
  connect?: ConnectFn;
  /** The config's origin_connection_limit, compared with the server's max_connections (default 20, the Free plan's). */
  originConnectionLimit?: number;
}

export type ProbeStepId = "dns" | "public" | "tcp" | "tls" | "auth" | "database" | "query" | "server";
export type ProbeStatus = "ok" | "warn" | "fail" | "skip";

export interface ProbeStep {
  id: ProbeStepId;
  title: string;
  status: ProbeStatus;
  ms: number;
  detail: string;
  /** The Hyperdrive error code this step predicts, when it failed. */
  code?: number;
}

export interface ProbeReport {
  /** The origin probed, without its password. */
  target?: Omit<ProbeTarget, "password">;
  /** True when Hyperdrive would accept the origin. */
  ok: boolean;
  /** The first predicted failure, as Hyperdrive's code and message. */
  failure?: {
    code: number;
    message: string;
    detail?: string;
    /** One-line remediation. */
    hint?: string;
  };
  steps: ProbeStep[];
  server?: { product: "postgresql" | "mysql" | "mariadb"; version: string; authMethod?: string; maxConnections?: number };
}

export type ProbeOrigin = (target: ProbeTarget, options?: ProbeOptions) => Promise<ProbeReport>;
