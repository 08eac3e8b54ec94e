// Shared by the probe tests: targets for the test databases, and the check that a password never leaks.
import { expect } from "vitest";
import { runDoctor, type DoctorOptions, type DoctorResult } from "../../src/probe/doctor";
import type { ProbeTarget } from "../../src/probe/types";
import type { TestDatabase, TlsSetup } from "../support/databases";
import type { Credential, FixtureSet } from "../support/pki";

export function targetOf(db: TestDatabase, overrides: Partial<ProbeTarget> = {}): ProbeTarget {
  const { scheme, host, port, user, password, database } = db;
  return { scheme, host, port, user, password, database, ...overrides };
}

/** The server side of TLS for a test database: `server` (default: the fixture server chain) and the root CA. */
export function serverTls(fixtures: FixtureSet, server?: Credential): TlsSetup {
  return server
    ? { certPem: server.certPem, keyPem: server.keyPem, caPem: fixtures.rootCa.certPem }
    : { certPem: fixtures.serverChain.content, keyPem: fixtures.server.keyPem, caPem: fixtures.rootCa.certPem };
}

/** Runs the doctor and checks that the password appears neither in its checklist nor in the report's JSON. */
export async function doctor(target: ProbeTarget, options: DoctorOptions = {}): Promise<DoctorResult> {
  const result = await runDoctor(target, options);
  expect(result.output).not.toContain(target.password);
  expect(JSON.stringify(result.report)).not.toContain(target.password);
  return result;
}

export function statuses(result: DoctorResult): Record<string, string> {
  return Object.fromEntries(result.report.steps.map((step) => [step.id, step.status]));
}
