// The probe with injected DNS lookups and socket errors: the codes loopback cannot produce (2008, 2010), the order of
// the steps, timeouts, and that nothing it prints carries the password. No name is resolved and no socket opened here.
import { Socket } from "node:net";
import { describe, expect, test, vi } from "vitest";
import { EXIT_USAGE } from "../../src/errors";
import { runDoctor } from "../../src/probe/doctor";
import { probeOrigin } from "../../src/probe/probe";
import type { ConnectFn, LookupFn, ProbeTarget } from "../../src/probe/types";
import { doctor, statuses } from "./helpers";

/** A public address for the injected lookups; never contacted: every connect here is injected too. */
const PUBLIC_IP = "1.2.3.4";

const target: ProbeTarget = {
  scheme: "postgres",
  host: "db.example.test",
  port: 5432,
  database: "app",
  user: "app",
  password: "s3cret/p@ss word",
};

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} ${PUBLIC_IP}:5432`), { code });
}

const resolvesTo =
  (...addresses: string[]): LookupFn =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("DNS (2008)", () => {
  test("a name that does not resolve: 2008, and nothing is connected", async () => {
    const connect = vi.fn<ConnectFn>();
    const lookup: LookupFn = async (hostname) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    };
    const result = await doctor(target, { lookup, connect });
    expect(connect).not.toHaveBeenCalled();
    expect(result.exitCode).toBe(1);
    expect(result.report.failure).toMatchObject({ code: 2008, message: "Bad hostname." });
    expect(result.report.steps.map((step) => [step.id, step.status])).toEqual([
      ["dns", "fail"],
      ["public", "skip"],
      ["tcp", "skip"],
      ["tls", "skip"],
      ["auth", "skip"],
      ["database", "skip"],
      ["query", "skip"],
      ["server", "skip"],
    ]);
    expect(result.report.steps[1].detail).toBe("not checked: DNS lookup failed");
    expect(result.output).toContain("db.example.test did not resolve: getaddrinfo ENOTFOUND db.example.test");
    expect(result.output).toContain("\n  Fix: 'db.example.test' does not resolve. Check its spelling and that it has a public DNS record.\n");
  });

  test("an answer without A or AAAA records: 2008", async () => {
    const result = await doctor(target, { lookup: resolvesTo() });
    expect(result.report.failure?.code).toBe(2008);
    expect(result.report.failure?.detail).toBe("db.example.test has no A or AAAA record");
  });

  test("a lookup that never answers: 2008 after the step timeout", async () => {
    const result = await doctor(target, { lookup: () => new Promise(() => {}), timeoutMs: 50 });
    expect(result.report.failure?.code).toBe(2008);
    expect(result.report.failure?.detail).toContain("DNS lookup timed out after 0.05 s");
  });

  test("an IP address is not looked up", async () => {
    const lookup = vi.fn<LookupFn>();
    const result = await doctor({ ...target, host: PUBLIC_IP }, { lookup, connect: async () => Promise.reject(socketError("ECONNREFUSED")) });
    expect(lookup).not.toHaveBeenCalled();
    expect(result.report.steps[0]).toMatchObject({ id: "dns", status: "skip", detail: `${PUBLIC_IP} is an IP address: nothing to look up` });
  });
});

describe("public address (2009)", () => {
  test("a name that resolves only to private addresses: 2009, and the connection is still tried", async () => {
    const connect = vi.fn<ConnectFn>(async () => Promise.reject(socketError("ECONNREFUSED")));
    const result = await doctor(target, { lookup: resolvesTo("10.1.2.3", "fd00::5"), connect });
    expect(result.report.failure?.code).toBe(2009);
    expect(result.report.steps[1].detail).toContain("10.1.2.3 is not a public address (private (RFC 1918))");
    expect(result.report.steps[1].detail).toContain("fd00::5 is not a public address (unique local (fc00::/7))");
    expect(result.report.steps[1].detail).toContain("Cloudflare Tunnel");
    expect(connect).toHaveBeenCalledTimes(2);
    expect(statuses(result)).toMatchObject({ public: "fail", tcp: "fail" });
  });

  test("public and private addresses together: a warning, and the public one is tried first", async () => {
    const connect = vi.fn<ConnectFn>(async () => Promise.reject(socketError("ECONNREFUSED")));
    const result = await doctor(target, { lookup: resolvesTo("192.168.0.9", PUBLIC_IP), connect });
    expect(statuses(result)).toMatchObject({ public: "warn" });
    expect(connect.mock.calls.map(([options]) => options.host)).toEqual([PUBLIC_IP, "192.168.0.9"]);
    expect(result.report.failure?.code).toBe(2011);
  });
});

describe("TCP (2010, 2011)", () => {
  test("an unreachable host: 2010", async () => {
    const result = await doctor(target, { lookup: resolvesTo(PUBLIC_IP), connect: async () => Promise.reject(socketError("EHOSTUNREACH")) });
    expect(result.report.failure).toMatchObject({ code: 2010, message: "Cannot connect to the host:port." });
    expect(result.report.failure?.detail).toBe(`${PUBLIC_IP}:5432: connect EHOSTUNREACH ${PUBLIC_IP}:5432`);
    expect(statuses(result)).toMatchObject({ tcp: "fail", tls: "skip", auth: "skip" });
    expect(result.report.failure?.hint).toBe(
      "db.example.test:5432 could not be reached. Check the host and port, and that the database listens on a public interface.",
    );
  });

  test("a connection that never completes: 2010 after the step timeout, and the late socket is closed", async () => {
    const late = new Socket();
    const connect: ConnectFn = () => new Promise((resolve) => setTimeout(() => resolve(late), 100));
    const result = await doctor(target, { lookup: resolvesTo(PUBLIC_IP), connect, timeoutMs: 20 });
    expect(result.report.failure?.code).toBe(2010);
    expect(result.report.failure?.detail).toContain("connecting timed out after 0.02 s");
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(late.destroyed).toBe(true);
  });

  test("a refused connection: 2011 with Hyperdrive's message", async () => {
    const result = await doctor(target, { lookup: resolvesTo(PUBLIC_IP), connect: async () => Promise.reject(socketError("ECONNREFUSED")) });
    expect(result.report.failure?.message).toBe(
      "Network connection to the provided database was refused. Please check that host and port are correct and " +
        "that the database allows connections from public IP addresses.",
    );
    expect(result.report.failure?.hint).toMatch(/^db\.example\.test:5432 refused the connection\. A firewall or access list/);
  });

  test("any other connection error: 2015, and the fix points at the failed step, not at doctor itself", async () => {
    const result = await doctor(target, { lookup: resolvesTo(PUBLIC_IP), connect: async () => Promise.reject(socketError("ECONNRESET")) });
    expect(result.report.failure?.code).toBe(2015);
    expect(statuses(result)).toMatchObject({ tcp: "fail", tls: "skip" });
    expect(result.output).toMatch(/\n  Fix: Hyperdrive would not connect, for the reason in the failed step above: fix that, then check again\.\n$/);
    expect(result.output).not.toContain("hyperdrive doctor");
  });

  test("each connection attempt is given the step timeout", async () => {
    const connect = vi.fn<ConnectFn>(async () => Promise.reject(socketError("ENETUNREACH")));
    await probeOrigin({ ...target, host: PUBLIC_IP }, { connect, timeoutMs: 1234 });
    expect(connect).toHaveBeenCalledWith({ host: PUBLIC_IP, port: 5432, timeoutMs: 1234 });
  });
});

describe("the password", () => {
  test("is masked by position: the report has no target password, a quoted connection string has its password's place masked", async () => {
    const lookup: LookupFn = async () => {
      throw new Error(`bad origin postgres://app:${encodeURIComponent(target.password)}@x/app and mysql://u:${encodeURIComponent("pa:ss")}@y:3306/d`);
    };
    const result = await doctor(target, { lookup });
    expect(result.report.failure?.detail).toBe("db.example.test did not resolve: bad origin postgres://app:********@x/app and mysql://u:********@y:3306/d");
    expect(result.report.target).not.toHaveProperty("password");
    expect(JSON.stringify(result.report)).not.toContain(target.password);
  });

  test("a one-character password 'a' masks no word 'a' (which would disclose it), and a database named like it stays shown", async () => {
    const lookup: LookupFn = async () => {
      throw new Error("a lookup failed for a host");
    };
    const result = await runDoctor({ ...target, password: "a", database: "a" }, { lookup });
    expect(result.report.failure?.detail).toBe("db.example.test did not resolve: a lookup failed for a host");
    expect(result.report.target?.database).toBe("a");
    expect(result.output).not.toContain("********");
    expect(result.output).toContain("public DNS record");
  });
});

describe("runDoctor", () => {
  test("an sslmode Hyperdrive does not have is a usage error (exit 2)", async () => {
    await expect(runDoctor(target, { tls: { sslmode: "prefer" } })).rejects.toMatchObject({ exitCode: EXIT_USAGE });
  });
});
