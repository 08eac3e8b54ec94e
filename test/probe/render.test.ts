// The checklist a person reads, and the exit code.
import kleur from "kleur";
import { afterEach, describe, expect, test } from "vitest";
import { doctorExitCode, renderProbeReport } from "../../src/probe/render";
import type { ProbeReport } from "../../src/probe/types";

const refused: ProbeReport = {
  target: { scheme: "postgres", host: "db.example.test", port: 5432, user: "app", database: "app" },
  ok: false,
  failure: {
    code: 2013,
    message: "Invalid database credentials.",
    detail: 'password authentication failed for user "app" (28P01)',
    hint: "The database rejected 'app'. Check that the user exists and the password is right (case-sensitive).",
  },
  steps: [
    { id: "dns", title: "DNS lookup", status: "ok", ms: 3, detail: "db.example.test → 1.2.3.4" },
    { id: "public", title: "Public address", status: "ok", ms: 0, detail: "1.2.3.4 is public" },
    { id: "tcp", title: "TCP connection", status: "ok", ms: 21, detail: "connected to 1.2.3.4:5432" },
    { id: "tls", title: "TLS", status: "warn", ms: 35, detail: "TLSv1.3; the certificate expires in 9 days" },
    { id: "auth", title: "Authentication", status: "fail", ms: 1204, detail: 'password authentication failed for user "app" (28P01)', code: 2013 },
    { id: "database", title: "Database exists", status: "skip", ms: 0, detail: "not checked: Authentication failed" },
    { id: "query", title: "Test query", status: "skip", ms: 0, detail: "not checked: Authentication failed" },
    { id: "server", title: "Server", status: "skip", ms: 0, detail: "not checked: Authentication failed" },
  ],
};

const accepted: ProbeReport = {
  ok: true,
  steps: [{ id: "server", title: "Server", status: "ok", ms: 1, detail: "PostgreSQL 16.4\nmax_connections 100" }],
};

const colourWasEnabled = kleur.enabled;
afterEach(() => {
  kleur.enabled = colourWasEnabled;
});

describe("renderProbeReport", () => {
  test("a refused origin: the checklist with timings, then the code and the fix", () => {
    expect(renderProbeReport(refused, { color: false })).toBe(
      [
        "Checking postgres://app@db.example.test:5432/app",
        "",
        "  ✔ DNS lookup          3 ms  db.example.test → 1.2.3.4",
        "  ✔ Public address      0 ms  1.2.3.4 is public",
        "  ✔ TCP connection     21 ms  connected to 1.2.3.4:5432",
        "  ⚠ TLS                35 ms  TLSv1.3; the certificate expires in 9 days",
        '  ✖ Authentication   1204 ms  password authentication failed for user "app" (28P01) [code: 2013]',
        "  – Database exists           not checked: Authentication failed",
        "  – Test query                not checked: Authentication failed",
        "  – Server                    not checked: Authentication failed",
        "",
        "✖ Hyperdrive would refuse this origin: [code: 2013] Invalid database credentials.",
        "  Fix: The database rejected 'app'. Check that the user exists and the password is right (case-sensitive).",
        "",
      ].join("\n"),
    );
  });

  test("an accepted origin; a detail of several lines is indented under the first", () => {
    expect(renderProbeReport(accepted, { color: false })).toBe(
      [
        "  ✔ Server              1 ms  PostgreSQL 16.4",
        "                              max_connections 100",
        "",
        "✔ Hyperdrive would accept this origin.",
        "",
      ].join("\n"),
    );
  });

  test("colour only when asked", () => {
    kleur.enabled = true;
    expect(renderProbeReport(refused, { color: false })).not.toContain("\u001b[");
    const coloured = renderProbeReport(refused, { color: true });
    expect(coloured).toContain(`${kleur.green("✔")} DNS lookup`);
    expect(coloured).toContain(`${kleur.red("✖")} Authentication`);
    expect(coloured).toContain(`${kleur.yellow("⚠")} TLS`);
  });
});

describe("doctorExitCode", () => {
  test("0 when Hyperdrive would accept the origin, 1 when a failure is predicted", () => {
    expect(doctorExitCode(accepted)).toBe(0);
    expect(doctorExitCode(refused)).toBe(1);
  });
});
