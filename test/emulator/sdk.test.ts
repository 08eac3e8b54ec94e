// The official `cloudflare` SDK, unchanged, against the emulator: only its base URL and token point elsewhere.
import Cloudflare from "cloudflare";
import { beforeAll, describe, expect, it } from "vitest";
import { parseFaultSpec } from "../../src/emulator/index";
import { makeFixtureSet, type FixtureSet } from "../support/pki";
import { startTestEmulator } from "./helpers";

let pki: FixtureSet;
beforeAll(async () => {
  pki = await makeFixtureSet();
});

async function sdkAgainstEmulator(options: Parameters<typeof startTestEmulator>[0] = {}) {
  const t = await startTestEmulator(options);
  const client = new Cloudflare({ apiToken: t.emulator.token, baseURL: t.emulator.url });
  return { ...t, client, account_id: t.emulator.accountId };
}

const origin = (name: string) => ({
  scheme: "postgres" as const,
  database: "app",
  user: "app_user",
  password: `pw-${name}`,
  host: "db.example.com",
  port: 5432,
});

describe("the cloudflare SDK", () => {
  it("creates, lists with auto-pagination, gets, edits, updates, restarts and deletes Hyperdrive configs", async () => {
    const { client, account_id, probe } = await sdkAgainstEmulator({ maxConfigs: 50 });
    const created = [];
    for (let index = 0; index < 45; index++) {
      created.push(await client.hyperdrive.configs.create({ account_id, name: `cfg-${index}`, origin: origin(`${index}`) }));
    }
    expect(created[0]).toMatchObject({ name: "cfg-0", caching: { disabled: false }, origin_connection_limit: 60 });
    expect(created[0].origin).not.toHaveProperty("password");

    const listed = [];
    for await (const config of client.hyperdrive.configs.list({ account_id })) listed.push(config.id);
    expect(listed).toEqual(created.map((config) => config.id));
    const firstPage = await client.hyperdrive.configs.list({ account_id });
    expect(firstPage.result).toHaveLength(20);
    expect(firstPage.result_info).toMatchObject({ page: 1, per_page: 20, count: 20, total_count: 45 });

    const id = created[0].id;
    expect(await client.hyperdrive.configs.get(id, { account_id })).toEqual(created[0]);
    const edited = await client.hyperdrive.configs.edit(id, {
      account_id,
      caching: { disabled: true },
      origin: { password: "rotated" },
    });
    expect(edited.caching).toEqual({ disabled: true });
    expect(probe.mock.lastCall?.[0].password).toBe("rotated");
    const updated = await client.hyperdrive.configs.update(id, {
      account_id,
      name: "replaced",
      origin: { ...origin("replaced"), host: "db2.example.com" },
    });
    expect(updated).toMatchObject({ name: "replaced", origin: { host: "db2.example.com" }, caching: { disabled: false } });
    const restarted = await client.hyperdrive.configs.restart(id, { account_id });
    expect(restarted.restarted_on).toEqual(expect.any(String));
    expect(await client.hyperdrive.configs.delete(id, { account_id })).toBeNull();
    await expect(client.hyperdrive.configs.get(id, { account_id })).rejects.toMatchObject({
      status: 404,
      errors: [{ code: 10007, message: `Hyperdrive config not found: ${id}` }],
    });
  });

  it("surfaces API errors as the SDK's typed errors", async () => {
    const { client, account_id } = await sdkAgainstEmulator();
    await client.hyperdrive.configs.create({ account_id, name: "taken", origin: origin("a") });
    const duplicate = client.hyperdrive.configs.create({ account_id, name: "taken", origin: origin("b") });
    await expect(duplicate).rejects.toBeInstanceOf(Cloudflare.BadRequestError);
    await expect(
      client.hyperdrive.configs.create({ account_id, name: "taken", origin: origin("b") }),
    ).rejects.toMatchObject({ errors: [{ code: 2017, message: "A Hyperdrive config with the given name already exists" }] });
    const stranger = new Cloudflare({ apiToken: "not-the-token", baseURL: client.baseURL });
    await expect(stranger.hyperdrive.configs.get("x", { account_id })).rejects.toBeInstanceOf(Cloudflare.AuthenticationError);
  });

  it("retries through a 429 and a dropped connection", async () => {
    const { client, account_id, logs } = await sdkAgainstEmulator({
      faults: [parseFaultSpec("429:after=0:count=1:retry-after=0"), parseFaultSpec("drop:nth=2")],
    });
    const config = await client.hyperdrive.configs.create({ account_id, name: "retried", origin: origin("r") });
    expect(config.name).toBe("retried");
    expect(logs.map((line) => line.split(" ")[2])).toEqual(["429", "dropped", "200"]);
  });

  it("uploads, lists, gets and deletes mTLS and CA certificates", async () => {
    const { client, account_id } = await sdkAgainstEmulator();
    const ca = await client.mtlsCertificates.create({ account_id, ca: true, certificates: pki.rootCa.certPem, name: "root" });
    expect(ca).toMatchObject({ ca: true, name: "root", issuer: "CN=Hyperdrive Test Root CA", type: "custom" });
    const leaf = await client.mtlsCertificates.create({
      account_id,
      ca: false,
      certificates: pki.client.certPem,
      private_key: pki.client.keyPem,
    });
    const listed = [];
    for await (const certificate of client.mtlsCertificates.list({ account_id })) listed.push(certificate.id);
    expect(listed).toEqual([ca.id, leaf.id]);
    expect(await client.mtlsCertificates.get(leaf.id!, { account_id })).toMatchObject({ id: leaf.id, ca: false });
    const associations = [];
    for await (const association of client.mtlsCertificates.associations.get(ca.id!, { account_id })) associations.push(association);
    expect(associations).toEqual([]);
    expect(await client.mtlsCertificates.delete(ca.id!, { account_id })).toMatchObject({ id: ca.id, name: "root" });
    await expect(client.mtlsCertificates.get(ca.id!, { account_id })).rejects.toBeInstanceOf(Cloudflare.NotFoundError);
  });

  it("lists the account and the caller's membership of it", async () => {
    const { client, account_id } = await sdkAgainstEmulator();
    const accounts = [];
    for await (const account of client.accounts.list()) accounts.push(account.id);
    expect(accounts).toEqual([account_id]);
    const memberships = [];
    for await (const membership of client.memberships.list()) memberships.push(membership);
    expect(memberships).toMatchObject([{ status: "accepted", account: { id: account_id, name: "Hyperdrive emulator" } }]);
  });
});
