// Starts an emulator on an ephemeral loopback port with a fake probe (no database needed) and talks to it with the
// global fetch. Every emulator started here is closed after the test.
import { afterEach, vi } from "vitest";
import type { ProbeOrigin, ProbeReport } from "../../src/probe/types";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index";

export interface Answer {
  status: number;
  headers: Headers;
  /** The envelope, loosely typed: tests assert on its shape. */
  body: any;
  text: string;
}

export interface TestEmulator {
  emulator: Emulator;
  probe: ReturnType<typeof vi.fn<ProbeOrigin>>;
  /** Lines the emulator logged. */
  logs: string[];
  /** `/accounts/{accountId}` */
  account: string;
  /** A request with the emulator's token unless `headers` says otherwise; objects are sent as JSON. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
}

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

export const PASSING: ProbeReport = { ok: true, steps: [] };

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const probe = vi.fn<ProbeOrigin>(async () => PASSING);
  const logs: string[] = [];
  const emulator = await startEmulator({ port: 0, probe, logger: (line) => logs.push(line), ...options });
  running.push(emulator);
  return {
    emulator,
    probe,
    logs,
    account: `/accounts/${emulator.accountId}`,
    api: (method, path, body, headers) => request(emulator, method, path, body, headers),
  };
}

export async function request(
  emulator: Emulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${emulator.token}` },
): Promise<Answer> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
}

/** A valid public PostgreSQL origin with its password. */
export function publicOrigin(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    scheme: "postgres",
    database: "app",
    user: "app_user",
    password: "s3cret-pw",
    host: "db.example.com",
    port: 5432,
    ...overrides,
  };
}

export function configBody(name = "my-config", overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, origin: publicOrigin(), ...overrides };
}

/** The `errors` of a failure envelope as "code message" strings. */
export function errorsOf(answer: Answer): string[] {
  return answer.body.errors.map((error: { code: number; message: string }) => `${error.code} ${error.message}`);
}
