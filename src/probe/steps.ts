// How the probe records its steps: each step is timed, passes with a detail (ok or warn) or fails with the code
// Hyperdrive would return; steps that were not reached are recorded as skipped. The password is scrubbed from every
// text that leaves the probe.
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

/** Below this length a password is masked only where it stands alone: inside a word it discloses nothing. */
const SHORT_PASSWORD = 8;

/**
 * Replaces the password (as typed, and URL-encoded as in a connection string) in every string inside `value`. A short
 * one is replaced only where no letter or digit touches it, so that a password "b" leaves "database" readable, while
 * postgres://app:b@host and 'b' are still masked.
 */
function scrub<T>(value: T, password: string): T {
  if (!password) return value;
  const forms = [...new Set([password, encodeURIComponent(password)])].sort((a, b) => b.length - a.length);
  const mask = (text: string, form: string): string =>
    form.length >= SHORT_PASSWORD
      ? text.split(form).join("********")
      : text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "gu"), "********");
  const walk = (item: unknown): unknown => {
    if (typeof item === "string") return forms.reduce(mask, item);
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

  /** The report: steps not reached are skipped, in the usual order; every text is scrubbed of the password. */
  finish(): ProbeReport {
    const stopper = this.steps.findLast((step) => step.status === "fail");
    const reason = stopper ? `not checked: ${stopper.title} failed` : "not checked";
    const steps = (Object.keys(STEP_TITLES) as ProbeStepId[]).map(
      (id) => this.steps.find((step) => step.id === id) ?? { id, title: STEP_TITLES[id], status: "skip" as const, ms: 0, detail: reason },
    );
    const { password: _password, ...target } = this.target;
    const report: ProbeReport = { target, ok: !this.failure, failure: this.failure, steps, server: this.server };
    return scrub(report, this.target.password);
  }
}
