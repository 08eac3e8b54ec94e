import { createServer } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { makeFixtureSet, type FixtureSet } from "../support/pki";
import { PASSING, configBody, errorsOf, startTestEmulator } from "./helpers";

const REFUSED = {
  ok: false,
  failure: {
    code: 2011,
    message:
      "Network connection to the provided database was refused. Please check that host and port are correct and that the database allows connections from public IP addresses.",
    detail: "connect ECONNREFUSED 203.0.113.7:5432",
  },
  steps: [],
};

let pki: FixtureSet;
beforeAll(async () => {
  pki = await makeFixtureSet();
});

describe("the connection test", () => {
  it("probes a public origin with its credentials before creating, private addresses refused by default", async () => {
    const { api, account, probe } = await startTestEmulator();
    await api("POST", `${account}/hyperdrive/configs`, configBody());
    expect(probe.mock.calls).toEqual([
      [
        { scheme: "postgres", host: "db.example.com", port: 5432, database: "app", user: "app_user", password: "s3cret-pw" },
        { tls: {}, allowPrivate: false },
      ],
    ]);
  });

  it("lets private origins through with allowPrivateOrigins", async () => {
    const { api, account, probe } = await startTestEmulator({ allowPrivateOrigins: true });
    await api("POST", `${account}/hyperdrive/configs`, configBody());
    expect(probe.mock.calls[0][1]).toEqual({ tls: {}, allowPrivate: true });
  });

  it("answers the probe's failure as HTTP 400 with its code and message, and saves nothing", async () => {
    const { api, account, probe } = await startTestEmulator();
    probe.mockResolvedValueOnce(REFUSED);
    const answer = await api("POST", `${account}/hyperdrive/configs`, configBody());
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      success: false,
      errors: [{ code: REFUSED.failure.code, message: REFUSED.failure.message }],
      messages: [],
      result: null,
    });
    expect((await api("GET", `${account}/hyperdrive/configs`)).body.result).toEqual([]);
  });

  it("keeps the stored origin when the test of a PATCH fails", async () => {
    const { api, account, probe } = await startTestEmulator();
    const created = (await api("POST", `${account}/hyperdrive/configs`, configBody())).body.result;
    probe.mockResolvedValueOnce({ ...REFUSED, failure: { code: 2013, message: "Invalid database credentials" } });
    const answer = await api("PATCH", `${account}/hyperdrive/configs/${created.id}`, { origin: { password: "wrong" } });
    expect(errorsOf(answer)).toEqual(["2013 Invalid database credentials"]);
    expect((await api("GET", `${account}/hyperdrive/configs/${created.id}`)).body.result).toEqual(created);
    await api("PATCH", `${account}/hyperdrive/configs/${created.id}`, { origin: { user: "u2" } });
    expect(probe.mock.lastCall?.[0].password).toBe("s3cret-pw");
  });

  it("answers a probe that throws, or fails without a reason, with 2015", async () => {
    const { api, account, probe, logs } = await startTestEmulator();
    probe.mockRejectedValueOnce(new Error("boom"));
    expect(errorsOf(await api("POST", `${account}/hyperdrive/configs`, configBody("a")))).toEqual([
      "2015 Failed to connect to the provided database: boom",
    ]);
    expect(logs.some((line) => line.includes("connection test of db.example.com:5432 threw: boom"))).toBe(true);
    probe.mockResolvedValueOnce({ ok: false, steps: [] });
    expect(errorsOf(await api("POST", `${account}/hyperdrive/configs`, configBody("b")))).toEqual([
      "2015 Failed to connect to the provided database",
    ]);
  });

  it("is skipped with skipOriginCheck", async () => {
    const { api, account, probe } = await startTestEmulator({ skipOriginCheck: true });
    probe.mockResolvedValue(REFUSED);
    expect((await api("POST", `${account}/hyperdrive/configs`, configBody())).status).toBe(200);
    expect(probe).not.toHaveBeenCalled();
  });

  it("runs on PATCH of origin or mtls only", async () => {
    const { api, account, probe } = await startTestEmulator();
    const { id } = (await api("POST", `${account}/hyperdrive/configs`, configBody())).body.result;
    probe.mockClear();
    const patch = (change: unknown) => api("PATCH", `${account}/hyperdrive/configs/${id}`, change);
    await patch({ name: "n2", caching: { disabled: true }, origin_connection_limit: 10 });
    expect(probe).not.toHaveBeenCalled();
    await patch({ mtls: { sslmode: "require" } });
    expect(probe).toHaveBeenCalledTimes(1);
    expect(probe.mock.lastCall?.[1]).toEqual({ tls: { sslmode: "require" }, allowPrivate: false });
    await patch({ origin: { database: "db2" } });
    expect(probe).toHaveBeenCalledTimes(2);
  });

  it("presents the uploaded CA and client certificate with its key", async () => {
    const { api, account, probe } = await startTestEmulator();
    const ca = (await api("POST", `${account}/mtls_certificates`, { ca: true, certificates: pki.rootCa.certPem })).body.result;
    const client = (
      await api("POST", `${account}/mtls_certificates`, {
        ca: false,
        certificates: pki.client.certPem,
        private_key: pki.client.keyPem,
      })
    ).body.result;
    probe.mockResolvedValue(PASSING);
    const answer = await api("POST", `${account}/hyperdrive/configs`, {
      ...configBody(),
      mtls: { ca_certificate_id: ca.id, mtls_certificate_id: client.id, sslmode: "verify-full" },
    });
    expect(answer.status).toBe(200);
    expect(probe.mock.lastCall?.[1]).toEqual({
      tls: {
        sslmode: "verify-full",
        ca: pki.rootCa.certPem.trimEnd(),
        clientCert: pki.client.certPem.trimEnd(),
        clientKey: pki.client.keyPem,
      },
      allowPrivate: false,
    });
  });
});

describe("the connection test with the real probe (src/probe, imported on first use)", () => {
  /** A loopback port nobody listens on. */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it("refuses a loopback origin with 2009, and with allowPrivateOrigins reaches it and reports 2011", async () => {
    const port = await closedPort();
    const body = configBody("loopback", { origin: { scheme: "postgres", database: "d", user: "u", password: "p", host: "127.0.0.1", port } });
    const strict = await startTestEmulator({ probe: undefined });
    const refused = await strict.api("POST", `${strict.account}/hyperdrive/configs`, body);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error: { code: number }) => error.code)).toEqual([2009]);
    const lenient = await startTestEmulator({ probe: undefined, allowPrivateOrigins: true });
    const unreachable = await lenient.api("POST", `${lenient.account}/hyperdrive/configs`, body);
    expect(unreachable.status).toBe(400);
    expect(unreachable.body.errors.map((error: { code: number }) => error.code)).toEqual([2011]);
    expect((await lenient.api("GET", `${lenient.account}/hyperdrive/configs`)).body.result).toEqual([]);
  });
});
