// What other clients call besides configs and certificates: the user (wrangler whoami), the PlanetScale signature
// (wrangler hyperdrive planetscale signature), and the plan's documented limits (--plan free|paid).
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { configBody, errorsOf, startTestEmulator } from "./helpers";

describe("GET /user", () => {
  it("answers the user behind the credentials, as wrangler whoami reads it", async () => {
    const { api } = await startTestEmulator();
    const answer = await api("GET", "/user");
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/), email: "emulator@example.com", suspended: false });
    expect((await api("GET", "/user", undefined, { authorization: "Bearer wrong" })).status).toBe(401);
  });
});

describe("POST …/hyperdrive/integrationsOperations/planetScale/createDatabaseSignature", () => {
  it("answers {account_id, timestamp, signature} for planetScale, with no body sent", async () => {
    const { api, account, emulator } = await startTestEmulator();
    const answer = await api("POST", `${account}/hyperdrive/integrationsOperations/planetScale/createDatabaseSignature`);
    expect(answer.status).toBe(200);
    const { account_id, timestamp, signature } = answer.body.result;
    expect(Object.keys(answer.body.result)).toEqual(["account_id", "timestamp", "signature"]);
    expect(account_id).toBe(emulator.accountId);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(signature).toBe(createHmac("sha256", emulator.token).update(`planetScale:${account_id}:${timestamp}`).digest("hex"));
    const other = await api("POST", `${account}/hyperdrive/integrationsOperations/neon/createDatabaseSignature`);
    expect(other.status).toBe(400);
    expect(errorsOf(other)).toEqual(['2001 integration: must be one of planetScale, got "neon"']);
  });
});

describe("--plan", () => {
  it("free: 10 configs, a pool of at most 20 connections (also its default)", async () => {
    const { api, account } = await startTestEmulator({ plan: "free" });
    const first = await api("POST", `${account}/hyperdrive/configs`, configBody("c0"));
    expect(first.body.result.origin_connection_limit).toBe(20);
    const big = await api("POST", `${account}/hyperdrive/configs`, configBody("big", { origin_connection_limit: 21 }));
    expect(big.status).toBe(400);
    expect(errorsOf(big)).toEqual(["2001 origin_connection_limit: at most 20 on the Free plan, got 21"]);
    const patched = await api("PATCH", `${account}/hyperdrive/configs/${first.body.result.id}`, { origin_connection_limit: 25 });
    expect(patched.status).toBe(400);
    for (let i = 1; i < 10; i++) expect((await api("POST", `${account}/hyperdrive/configs`, configBody(`c${i}`))).status).toBe(200);
    const eleventh = await api("POST", `${account}/hyperdrive/configs`, configBody("c10"));
    expect(errorsOf(eleventh)).toEqual(["2018 This account already has the maximum of 10 Hyperdrive configs"]);
  });

  it("paid (the default): default pool 60, and no most below what the API accepts", async () => {
    const { api, account } = await startTestEmulator();
    expect((await api("POST", `${account}/hyperdrive/configs`, configBody("a"))).body.result.origin_connection_limit).toBe(60);
    const large = await api("POST", `${account}/hyperdrive/configs`, configBody("b", { origin_connection_limit: 1500 }));
    expect(large.status).toBe(200);
    expect(large.body.result.origin_connection_limit).toBe(1500);
  });
});
