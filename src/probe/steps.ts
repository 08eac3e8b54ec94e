// How the probe records its steps: each step is timed, passes with a detail (ok or warn) or fails with the code
// Hyperdrive would return; steps that were not reached are recorded as skipped. The password is left out of the report
// by position: the target goes without it, and a quoted connection string has its password's place masked.
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { CODES, connectionTestMessage, fixFor, type TlsVerification } from "../api/contract";
import type { ProbeReport, ProbeStatus, ProbeStep, ProbeStepId, ProbeTarget, ProbeTls } from "./types";

const STEP_TITLES: Readonly<Record<ProbeStepId, string>> = {
  dns: "DNS lookup",
  public: "Public address",
  tcp: "TCP connection",
  tls: "TLS",
  auth: "Authentication",
  database: "Database exists",
  query: "Test query",
  server: "Server",
};

/** What a database session (auth, database, test query) works with. */
export interface SessionContext {
  target: ProbeTarget;
  /** A fresh TCP connection to the origin. */
  socket: Socket;
  tls: ProbeTls;
  mode: TlsVerification;
  timeoutMs: number;
  report: ReportBuilder;
}

/** A step that passed: its detail, and what later steps need from it. */
export interface Passed<T> {
  status?: "ok" | "warn";
  detail: string;
  value: T;
}

/** A step that failed, as the code Hyperdrive would return. */
export class ProbeFailure extends Error {
  readonly code: number;
  /** For 2015: what Hyperdrive would say after "Failed to connect to the provided database: " (default: the detail). */
  readonly hyperdrive?: string;
  readonly hint?: string;
  constructor(code: number, detail: string, extra: { hyperdrive?: string; hint?: string } = {}) {
    super(detail);
    this.code = code;
    this.hyperdrive = extra.hyperdrive;
    this.hint = extra.hint;
  }
}

/** The text of anything thrown, as a detail: its message (OpenSSL's reason for TLS errors) and its code. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, reason } = error as { code?: unknown; reason?: unknown };
  const message = typeof reason === "string" && String(code).startsWith("ERR_SSL") ? reason : error.message;
  return typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message;
}

/** `scheme://user:password@`: the password's place in a connection string. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*(@)/gi;

/**
 * Masks by position, never by searching for the password's value: the report is built from the target without its
 * password, and in any connection string a driver or the network layer quotes, the password's place is masked. So a
 * one-character password 'a' leaves every word "a" as it is (masking those would disclose it), and a database named
 * like the password is shown as the database it is.
 */
function maskUrlPasswords<T>(value: T): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === "string") return item.replace(URL_PASSWORD, "$1********$2");
    if (Array.isArray(item)) return item.map(walk);
    if (item && typeof item === "object") return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    return item;
  };
  return walk(value) as T;
}

export class ReportBuilder {
  private readonly steps: ProbeStep[] = [];
  private failure?: ProbeReport["failure"];
  private server?: ProbeReport["server"];

  constructor(private readonly target: ProbeTarget) {}

  /** Runs and times one step. Resolves with the step's value, or undefined when it failed. */
  async run<T>(id: ProbeStepId, work: () => Promise<Passed<T>> | Passed<T>): Promise<T | undefined> {
    const started = performance.now();
    try {
      const passed = await work();
      this.add({ id, status: passed.status ?? "ok", ms: performance.now() - started, detail: passed.detail });
      return passed.value;
    } catch (error) {
      this.fail(id, performance.now() - started, error);
      return undefined;
    }
  }

  /** Records a step whose timing was measured elsewhere. */
  add({ id, status, ms, detail }: { id: ProbeStepId; status: ProbeStatus; ms: number; detail: string }): void {
    this.steps.push({ id, title: STEP_TITLES[id], status, ms: Math.round(ms), detail });
  }

  /**
   * Records a failed step; anything but a ProbeFailure is Hyperdrive's generic error with the driver's detail. The hint
   * is the step's own, else the CLI's for the code (src/api/contract.ts) in doctor's wording, naming the origin probed.
   */
  fail(id: ProbeStepId, ms: number, error: unknown): void {
    const failure = error instanceof ProbeFailure ? error : new ProbeFailure(CODES.connectionFailed, errorText(error));
    this.steps.push({ id, title: STEP_TITLES[id], status: "fail", ms: Math.round(ms), detail: failure.message, code: failure.code });
    const { host, port, database, user } = this.target;
    this.failure ??= {
      code: failure.code,
      message: connectionTestMessage(failure.code, failure.hyperdrive ?? failure.message),
      detail: failure.message,
      hint: failure.hint ?? fixFor(failure.code, { host, port, database, user, doctor: true }),
    };
  }

  skip(id: ProbeStepId, detail: string): void {
    this.add({ id, status: "skip", ms: 0, detail });
  }

  setServer(server: ProbeReport["server"]): void {
    this.server = server;
  }

  /** The report: steps not reached are skipped, in the usual order; the password has no place in it (maskUrlPasswords). */
  finish(): ProbeReport {
    const stopper = this.steps.findLast((step) => step.status === "fail");
    const reason = stopper ? `not checked: ${stopper.title} failed` : "not checked";
    const steps = (Object.keys(STEP_TITLES) as ProbeStepId[]).map(
      (id) => this.steps.find((step) => step.id === id) ?? { id, title: STEP_TITLES[id], status: "skip" as const, ms: 0, detail: reason },
    );
    const { password: _password, ...target } = this.target;
    const report: ProbeReport = { target, ok: !this.failure, failure: this.failure, steps, server: this.server };
    return maskUrlPasswords(report);
  }
}
