import { describe, expect, it } from "vitest";
import { ConfigSchema, EnvelopeSchema } from "../../src/api/schemas";
import { configBody, errorsOf, publicOrigin, startTestEmulator } from "./helpers";

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe("creating a Hyperdrive config", () => {
  it("answers the config in the envelope, with defaults and without the password", async () => {
    const { api, account } = await startTestEmulator();
    const answer = await api("POST", `${account}/hyperdrive/configs`, configBody());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ success: true, errors: [], messages: [] });
    const config = answer.body.result;
    expect(config.id).toMatch(/^[0-9a-f]{32}$/);
    expect(config).toEqual({
      id: config.id,
      name: "my-config",
      origin: { scheme: "postgres", database: "app", user: "app_user", host: "db.example.com", port: 5432 },
      caching: { disabled: false },
      origin_connection_limit: 60,
      created_on: config.created_on,
      modified_on: config.created_on,
    });
    expect(config.created_on).toMatch(RFC3339_UTC);
    expect(answer.text).not.toContain("s3cret-pw");
    // The client's own response schemas accept it.
    expect(EnvelopeSchema.parse(answer.body).success).toBe(true);
    expect(ConfigSchema.parse(config)).toEqual(config);
  });

  it("answers the Access and Workers VPC origins without their secrets", async () => {
    const { api, account, probe } = await startTestEmulator();
    const database = { scheme: "postgresql", database: "app", user: "app_user", password: "s3cret-pw" };
    const access = await api("POST", `${account}/hyperdrive/configs`, {
      name: "over-access",
      origin: { ...database, host: "db.internal.example", access_client_id: "abc.access", access_client_secret: "access-s3cret" },
    });
    expect(access.body.result.origin).toEqual({
      scheme: "postgresql",
      database: "app",
      user: "app_user",
      host: "db.internal.example",
      access_client_id: "abc.access",
    });
    expect(access.text).not.toContain("access-s3cret");
    const vpc = await api("POST", `${account}/hyperdrive/configs`, {
      name: "over-vpc",
      origin: { ...database, service_id: "0199295bb3ac77608246bca40877b3e9" },
    });
    expect(vpc.body.result.origin).toEqual({
      scheme: "postgresql",
      database: "app",
      user: "app_user",
      service_id: "0199295bb3ac77608246bca40877b3e9",
    });
    // Neither can be reached from here: no connection test.
    expect(probe).not.toHaveBeenCalled();
  });

  it("echoes explicit caching and drops max_age and swr when caching is disabled", async () => {
    const { api, account } = await startTestEmulator();
    const custom = await api("POST", `${account}/hyperdrive/configs`, {
      ...configBody("custom"),
      caching: { max_age: 30, stale_while_revalidate: 15 },
      origin_connection_limit: 20,
    });
    expect(custom.body.result.caching).toEqual({ disabled: false, max_age: 30, stale_while_revalidate: 15 });
    expect(custom.body.result.origin_connection_limit).toBe(20);
    const disabled = await api("POST", `${account}/hyperdrive/configs`, {
      ...configBody("disabled"),
      caching: { disabled: true, max_age: 30, stale_while_revalidate: 15 },
    });
    expect(disabled.body.result.caching).toEqual({ disabled: true });
  });

  it("ignores the read-only fields a client may send", async () => {
    const { api, account } = await startTestEmulator();
    const answer = await api("POST", `${account}/hyperdrive/configs`, {
      ...configBody(),
      id: "f".repeat(32),
      created_on: "2000-01-01T00:00:00Z",
    });
    expect(answer.status).toBe(200);
    expect(answer.body.result.id).not.toBe("f".repeat(32));
    expect(answer.body.result.created_on).not.toBe("2000-01-01T00:00:00Z");
  });

  it("accepts and drops fields it does not know, as the real API does (alchemy sends origin.query, dev, adopt)", async () => {
    const { api, account } = await startTestEmulator();
    const body = {
      ...configBody("alchemy-style", { origin: publicOrigin({ query: "sslmode=require", sslmode: "require" }) }),
      caching: { disabled: false, extra: 1 },
      mtls: { sslmode: "require", note: "x" },
      dev: { origin: "postgres://u:p@localhost:5432/app", remote: false },
      adopt: true,
    };
    const created = await api("POST", `${account}/hyperdrive/configs`, body);
    expect(created.status).toBe(200);
    expect(created.body.result.origin).toEqual({ scheme: "postgres", database: "app", user: "app_user", host: "db.example.com", port: 5432 });
    expect(created.body.result).not.toHaveProperty("dev");
    expect(created.body.result).not.toHaveProperty("adopt");
    expect(created.text).not.toContain("query");
    const id = created.body.result.id;
    const put = await api("PUT", `${account}/hyperdrive/configs/${id}`, { ...body, name: "alchemy-style-2" });
    expect(put.status).toBe(200);
    const patched = await api("PATCH", `${account}/hyperdrive/configs/${id}`, { unknown: 1, origin: { query: "" } });
    expect(patched.status).toBe(200);
    expect(patched.body.result.name).toBe("alchemy-style-2");
  });

  it.each([
    ["no body", undefined, ["2001 body: Invalid input: expected object, received undefined"]],
    ["an array", [], ["2001 body: Invalid input: expected object, received array"]],
    ["no name", { origin: publicOrigin() }, ["2001 name: Invalid input: expected string, received undefined"]],
    ["an empty name", configBody(""), ["2001 name: Too small: expected string to have >=1 characters"]],
    ["no origin", { name: "x" }, ["2001 origin: Invalid input: expected object, received undefined"]],
    [
      "no network part",
      { name: "x", origin: { scheme: "postgres", database: "d", user: "u", password: "p" } },
      ["2001 origin: needs host and port, host with access_client_id and access_client_secret, or service_id"],
    ],
    [
      "a host without a port",
      { name: "x", origin: publicOrigin({ port: undefined }) },
      ["2001 origin.port: required: the network part of an origin is sent whole (host and port)"],
    ],
    [
      "Access with a port",
      { name: "x", origin: publicOrigin({ access_client_id: "id", access_client_secret: "s" }) },
      ["2001 origin.port: an origin behind Cloudflare Access (access_client_id, access_client_secret) takes no port"],
    ],
    [
      "Access without its secret",
      { name: "x", origin: publicOrigin({ port: undefined, access_client_id: "id" }) },
      [
        "2001 origin.access_client_secret: required: the network part of an origin is sent whole (host, access_client_id and access_client_secret)",
      ],
    ],
    [
      "service_id with a host",
      { name: "x", origin: publicOrigin({ port: undefined, service_id: "svc" }) },
      [
        "2001 origin.service_id: a Workers VPC origin (service_id) takes no host, port, access_client_id or access_client_secret",
      ],
    ],
    [
      "an unknown scheme",
      { name: "x", origin: publicOrigin({ scheme: "mongodb" }) },
      ['2001 origin.scheme: Invalid option: expected one of "postgres"|"postgresql"|"mysql"'],
    ],
    [
      "no password",
      { name: "x", origin: publicOrigin({ password: undefined }) },
      ["2001 origin.password: Invalid input: expected string, received undefined"],
    ],
    ["a port out of range", { name: "x", origin: publicOrigin({ port: 70000 }) }, ["2001 origin.port: Too big: expected number to be <=65535"]],
    ["a field of the wrong type inside a known object", { name: "x", origin: publicOrigin(), caching: { disabled: "yes" } }, ["2001 caching.disabled: Invalid input: expected boolean, received string"]],
    ["max_age over an hour", configBody("x", { caching: { max_age: 3601 } }), ["2001 caching.max_age: Too big: expected number to be <=3600"]],
    [
      "a connection limit under 5",
      configBody("x", { origin_connection_limit: 4 }),
      ["2001 origin_connection_limit: Too small: expected number to be >=5"],
    ],
    [
      "an unknown sslmode",
      configBody("x", { mtls: { sslmode: "prefer" } }),
      [
        '2001 mtls.sslmode: Invalid option: expected one of "require"|"verify-ca"|"verify-full"|"REQUIRED"|"VERIFY_CA"|"VERIFY_IDENTITY"',
      ],
    ],
    [
      "several problems",
      { name: 7, origin: publicOrigin({ port: undefined }), caching: { max_age: -1 } },
      [
        "2001 origin.port: required: the network part of an origin is sent whole (host and port)",
        "2001 name: Invalid input: expected string, received number",
        "2001 caching.max_age: Too small: expected number to be >=0",
      ],
    ],
  ])("refuses %s with HTTP 400, one error per field", async (_, body, errors) => {
    const { api, account, probe } = await startTestEmulator();
    const answer = await api("POST", `${account}/hyperdrive/configs`, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ success: false, errors: expect.any(Array), messages: [], result: null });
    expect(errorsOf(answer)).toEqual(errors);
    expect(probe).not.toHaveBeenCalled();
    expect((await api("GET", `${account}/hyperdrive/configs`)).body.result).toEqual([]);
  });

  it("refuses mTLS on a Workers VPC origin with 2007", async () => {
    const { api, account } = await startTestEmulator();
    const answer = await api("POST", `${account}/hyperdrive/configs`, {
      name: "vpc",
      origin: { scheme: "postgres", database: "d", user: "u", password: "p", service_id: "svc" },
      mtls: { sslmode: "require" },
    });
    expect(answer.status).toBe(400);
    expect(errorsOf(answer)).toEqual(["2007 mtls cannot be used with service_id."]);
  });

  it("refuses a second config with the same name (2017)", async () => {
    const { api, account } = await startTestEmulator();
    await api("POST", `${account}/hyperdrive/configs`, configBody("taken"));
    const answer = await api("POST", `${account}/hyperdrive/configs`, configBody("taken"));
    expect(answer.status).toBe(400);
    expect(errorsOf(answer)).toEqual(["2017 A Hyperdrive config with the given name already exists"]);
  });

  it("refuses configs over the account's limit (2018) until one is deleted", async () => {
    const { api, account } = await startTestEmulator({ maxConfigs: 2 });
    const first = await api("POST", `${account}/hyperdrive/configs`, configBody("one"));
    await api("POST", `${account}/hyperdrive/configs`, configBody("two"));
    const third = await api("POST", `${account}/hyperdrive/configs`, configBody("three"));
    expect(third.status).toBe(400);
    expect(errorsOf(third)).toEqual(["2018 This account already has the maximum of 2 Hyperdrive configs"]);
    await api("DELETE", `${account}/hyperdrive/configs/${first.body.result.id}`);
    expect((await api("POST", `${account}/hyperdrive/configs`, configBody("three"))).status).toBe(200);
  });

  it("allows 25 configs by default", async () => {
    const { api, account } = await startTestEmulator();
    for (let index = 0; index < 25; index++) {
      expect((await api("POST", `${account}/hyperdrive/configs`, configBody(`config-${index}`))).status).toBe(200);
    }
    expect(errorsOf(await api("POST", `${account}/hyperdrive/configs`, configBody("one-too-many")))).toEqual([
      "2018 This account already has the maximum of 25 Hyperdrive configs",
    ]);
  });
});

describe("reading, restarting and deleting", () => {
  it("gets a config by id and answers 404 10007 for an unknown one, on every verb", async () => {
    const { api, account } = await startTestEmulator();
    const created = (await api("POST", `${account}/hyperdrive/configs`, configBody())).body.result;
    expect((await api("GET", `${account}/hyperdrive/configs/${created.id}`)).body.result).toEqual(created);
    const unknown = `${account}/hyperdrive/configs/${"0".repeat(32)}`;
    for (const [method, path, body] of [
      ["GET", unknown, undefined],
      ["PUT", unknown, configBody()],
      ["PATCH", unknown, { name: "x" }],
      ["DELETE", unknown, undefined],
      ["POST", `${unknown}/restart`, undefined],
    ] as const) {
      const answer = await api(method, path, body);
      expect(answer.status, method).toBe(404);
      expect(answer.body).toEqual({
        success: false,
        errors: [{ code: 10007, message: `Hyperdrive config not found: ${"0".repeat(32)}` }],
        messages: [],
        result: null,
      });
    }
  });

  it("deletes with result null", async () => {
    const { api, account } = await startTestEmulator();
    const { id } = (await api("POST", `${account}/hyperdrive/configs`, configBody())).body.result;
    const deleted = await api("DELETE", `${account}/hyperdrive/configs/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ success: true, errors: [], messages: [], result: null });
    expect((await api("GET", `${account}/hyperdrive/configs/${id}`)).status).toBe(404);
  });

  it("restarts: restarted_on appears, nothing else changes", async () => {
    const { api, account } = await startTestEmulator();
    const created = (await api("POST", `${account}/hyperdrive/configs`, configBody())).body.result;
    expect(created).not.toHaveProperty("restarted_on");
    const restarted = (await api("POST", `${account}/hyperdrive/configs/${created.id}/restart`)).body.result;
    expect(restarted).toEqual({ ...created, restarted_on: expect.stringMatching(RFC3339_UTC) });
    expect((await api("GET", `${account}/hyperdrive/configs/${created.id}`)).body.result).toEqual(restarted);
  });
});

describe("listing", () => {
  it("pages through 250 configs in creation order with a correct result_info and an empty page past the end", async () => {
    const { api, account } = await startTestEmulator({ maxConfigs: 300 });
    const names = Array.from({ length: 250 }, (_, index) => `config-${String(index).padStart(3, "0")}`);
    for (const name of names) await api("POST", `${account}/hyperdrive/configs`, configBody(name));

    const first = await api("GET", `${account}/hyperdrive/configs`);
    expect(first.body.result).toHaveLength(20);
    expect(first.body.result_info).toEqual({ page: 1, per_page: 20, count: 20, total_count: 250, total_pages: 13 });
    const last = await api("GET", `${account}/hyperdrive/configs?page=13`);
    expect(last.body.result_info).toEqual({ page: 13, per_page: 20, count: 10, total_count: 250, total_pages: 13 });
    const past = await api("GET", `${account}/hyperdrive/configs?page=14`);
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ success: true, result: [] });
    expect(past.body.result_info).toEqual({ page: 14, per_page: 20, count: 0, total_count: 250, total_pages: 13 });

    const listed: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const answer = await api("GET", `${account}/hyperdrive/configs?page=${page}&per_page=100`);
      listed.push(...answer.body.result.map((config: { name: string }) => config.name));
    }
    expect(listed).toEqual(names);
    expect(listed.join()).not.toContain("s3cret-pw");
  });

  it("answers an empty account with an empty list", async () => {
    const { api, account } = await startTestEmulator();
    const answer = await api("GET", `${account}/hyperdrive/configs`);
    expect(answer.body).toEqual({
      success: true,
      errors: [],
      messages: [],
      result: [],
      result_info: { page: 1, per_page: 20, count: 0, total_count: 0, total_pages: 0 },
    });
  });

  it.each([
    ["per_page=101", "per_page: must be an integer from 1 to 100, got \"101\""],
    ["per_page=0", "per_page: must be an integer from 1 to 100, got \"0\""],
    ["page=0", "page: must be an integer from 1 to 9007199254740991, got \"0\""],
    ["page=two", "page: must be an integer from 1 to 9007199254740991, got \"two\""],
  ])("refuses %s with 400 1001", async (query, message) => {
    const { api, account } = await startTestEmulator();
    const answer = await api("GET", `${account}/hyperdrive/configs?${query}`);
    expect(answer.status).toBe(400);
    expect(errorsOf(answer)).toEqual([`1001 ${message}`]);
  });
});

describe("PATCH (edit)", () => {
  async function withConfig(body: Record<string, unknown> = configBody()) {
    const emulator = await startTestEmulator();
    const created = (await emulator.api("POST", `${emulator.account}/hyperdrive/configs`, body)).body.result;
    emulator.probe.mockClear();
    const patch = (change: unknown) => emulator.api("PATCH", `${emulator.account}/hyperdrive/configs/${created.id}`, change);
    return { ...emulator, created, patch };
  }

  it("merges database fields and keeps the stored password, testing the merged origin", async () => {
    const { patch, probe } = await withConfig();
    const answer = await patch({ origin: { user: "rotated_user" } });
    expect(answer.body.result.origin).toEqual({
      scheme: "postgres",
      database: "app",
      user: "rotated_user",
      host: "db.example.com",
      port: 5432,
    });
    expect(probe).toHaveBeenCalledOnce();
    expect(probe.mock.calls[0][0]).toEqual({
      scheme: "postgres",
      host: "db.example.com",
      port: 5432,
      database: "app",
      user: "rotated_user",
      password: "s3cret-pw",
    });
  });

  it("rotates the password: the new one is tested and stored, never returned", async () => {
    const { patch, probe } = await withConfig();
    const answer = await patch({ origin: { password: "new-s3cret" } });
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain("new-s3cret");
    expect(probe.mock.calls[0][0].password).toBe("new-s3cret");
    await patch({ origin: { database: "other" } });
    expect(probe.mock.calls[1][0]).toMatchObject({ database: "other", password: "new-s3cret" });
  });

  it("replaces the whole network part when a variant is sent: public → Access → VPC → public", async () => {
    const { patch, probe } = await withConfig();
    const access = await patch({ origin: { host: "tunnel.example", access_client_id: "id.access", access_client_secret: "sec" } });
    expect(access.body.result.origin).toEqual({
      scheme: "postgres",
      database: "app",
      user: "app_user",
      host: "tunnel.example",
      access_client_id: "id.access",
    });
    const vpc = await patch({ origin: { service_id: "svc-1" } });
    expect(vpc.body.result.origin).toEqual({ scheme: "postgres", database: "app", user: "app_user", service_id: "svc-1" });
    expect(probe).not.toHaveBeenCalled();
    const back = await patch({ origin: { host: "db2.example.com", port: 6432 } });
    expect(back.body.result.origin).toEqual({
      scheme: "postgres",
      database: "app",
      user: "app_user",
      host: "db2.example.com",
      port: 6432,
    });
    expect(probe.mock.calls[0][0]).toMatchObject({ host: "db2.example.com", port: 6432, password: "s3cret-pw" });
  });

  it("renames without a connection test and bumps modified_on only", async () => {
    const { patch, probe, created } = await withConfig();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const answer = await patch({ name: "renamed" });
    expect(answer.body.result).toEqual({ ...created, name: "renamed", modified_on: expect.stringMatching(RFC3339_UTC) });
    expect(answer.body.result.modified_on > created.modified_on).toBe(true);
    expect(probe).not.toHaveBeenCalled();
  });

  it("accepts an empty PATCH (wrangler sends one for `update` without flags)", async () => {
    const { patch, created, probe } = await withConfig();
    const answer = await patch({});
    expect(answer.status).toBe(200);
    expect(answer.body.result).toEqual({ ...created, modified_on: expect.any(String) });
    expect(probe).not.toHaveBeenCalled();
  });

  it("replaces caching as a whole, and disabling drops max_age and swr", async () => {
    const { patch } = await withConfig(configBody("cached", { caching: { max_age: 30, stale_while_revalidate: 15 } }));
    expect((await patch({ caching: { stale_while_revalidate: 5 } })).body.result.caching).toEqual({
      disabled: false,
      stale_while_revalidate: 5,
    });
    expect((await patch({ caching: { disabled: true, max_age: 120 } })).body.result.caching).toEqual({ disabled: true });
    expect((await patch({ caching: { disabled: false } })).body.result.caching).toEqual({ disabled: false });
  });

  it("changes the connection limit to any whole number from 5: the API schema sets no maximum", async () => {
    const { patch } = await withConfig();
    expect((await patch({ origin_connection_limit: 100 })).body.result.origin_connection_limit).toBe(100);
    expect((await patch({ origin_connection_limit: 1500 })).body.result.origin_connection_limit).toBe(1500);
    expect(errorsOf(await patch({ origin_connection_limit: 2 }))).toEqual([
      "2001 origin_connection_limit: Too small: expected number to be >=5",
    ]);
  });

  it.each([
    [{ origin: { host: "only-host.example" } }, ["2001 origin.port: required: the network part of an origin is sent whole (host and port)"]],
    [{ origin: { port: 5433 } }, ["2001 origin.host: required: the network part of an origin is sent whole (host and port)"]],
    [
      { origin: { access_client_id: "id", port: 1 } },
      ["2001 origin.port: an origin behind Cloudflare Access (access_client_id, access_client_secret) takes no port"],
    ],
    [{ origin: { service_id: "s", access_client_id: "a" } }, [
      "2001 origin.service_id: a Workers VPC origin (service_id) takes no host, port, access_client_id or access_client_secret",
    ]],
    [{ origin_connection_limit: "50" }, ["2001 origin_connection_limit: Invalid input: expected number, received string"]],
    [{ caching: { max_age: 4000 } }, ["2001 caching.max_age: Too big: expected number to be <=3600"]],
  ])("refuses %j", async (change, errors) => {
    const { patch, created, api, account } = await withConfig();
    const answer = await patch(change);
    expect(answer.status).toBe(400);
    expect(errorsOf(answer)).toEqual(errors);
    expect((await api("GET", `${account}/hyperdrive/configs/${created.id}`)).body.result).toEqual(created);
  });

  it("refuses a rename onto another config's name (2017) but not onto its own", async () => {
    const { patch, api, account } = await withConfig();
    await api("POST", `${account}/hyperdrive/configs`, configBody("other"));
    expect(errorsOf(await patch({ name: "other" }))).toEqual(["2017 A Hyperdrive config with the given name already exists"]);
    expect((await patch({ name: "my-config" })).status).toBe(200);
  });

  it("refuses a switch to a VPC origin while mTLS is set (2007)", async () => {
    const { patch } = await withConfig(configBody("tls", { mtls: { sslmode: "require" } }));
    expect(errorsOf(await patch({ origin: { service_id: "svc" } }))).toEqual(["2007 mtls cannot be used with service_id."]);
  });
});

describe("PUT (replace)", () => {
  it("requires name and the complete origin with its password", async () => {
    const { api, account } = await startTestEmulator();
    const { id } = (await api("POST", `${account}/hyperdrive/configs`, configBody())).body.result;
    const answer = await api("PUT", `${account}/hyperdrive/configs/${id}`, {
      name: "my-config",
      origin: publicOrigin({ password: undefined }),
    });
    expect(answer.status).toBe(400);
    expect(errorsOf(answer)).toEqual(["2001 origin.password: Invalid input: expected string, received undefined"]);
  });

  it("resets omitted caching to its defaults, keeps the omitted connection limit and mtls, and tests the origin", async () => {
    const { api, account, probe } = await startTestEmulator();
    const created = (
      await api("POST", `${account}/hyperdrive/configs`, {
        ...configBody(),
        caching: { max_age: 30 },
        origin_connection_limit: 25,
        mtls: { sslmode: "require" },
      })
    ).body.result;
    probe.mockClear();
    const answer = await api("PUT", `${account}/hyperdrive/configs/${created.id}`, {
      name: "replaced",
      origin: publicOrigin({ host: "db3.example.com", password: "put-s3cret" }),
    });
    expect(answer.body.result).toEqual({
      ...created,
      name: "replaced",
      origin: { ...created.origin, host: "db3.example.com" },
      caching: { disabled: false },
      origin_connection_limit: 25,
      mtls: { sslmode: "require" },
      modified_on: expect.any(String),
    });
    expect(answer.text).not.toContain("put-s3cret");
    expect(probe).toHaveBeenCalledOnce();
    expect(probe.mock.calls[0]).toEqual([
      expect.objectContaining({ host: "db3.example.com", password: "put-s3cret" }),
      { tls: { sslmode: "require" }, allowPrivate: false },
    ]);
  });

  it("refuses a rename onto another config's name (2017)", async () => {
    const { api, account } = await startTestEmulator();
    await api("POST", `${account}/hyperdrive/configs`, configBody("first"));
    const { id } = (await api("POST", `${account}/hyperdrive/configs`, configBody("second"))).body.result;
    const answer = await api("PUT", `${account}/hyperdrive/configs/${id}`, configBody("first"));
    expect(errorsOf(answer)).toEqual(["2017 A Hyperdrive config with the given name already exists"]);
  });
});
