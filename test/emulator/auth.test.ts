import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { DEFAULT_ACCOUNT_ID, DEFAULT_TOKEN, startEmulator } from "../../src/emulator/index";
import { CliError, UsageError } from "../../src/errors";
import { configBody, errorsOf, request, startTestEmulator } from "./helpers";

describe("starting", () => {
  it("listens on an ephemeral loopback port with the documented defaults", async () => {
    const { emulator } = await startTestEmulator();
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}/client/v4`);
    expect(emulator.token).toBe(DEFAULT_TOKEN);
    expect(emulator.accountId).toBe(DEFAULT_ACCOUNT_ID);
    expect(DEFAULT_ACCOUNT_ID).toMatch(/^[0-9a-f]{32}$/);
  });

  it("refuses bad options and a port in use", async () => {
    await expect(startEmulator({ port: 0, token: "has space" })).rejects.toBeInstanceOf(UsageError);
    await expect(startEmulator({ port: 0, accountId: "ABC" })).rejects.toThrow(/Invalid account id "ABC": an account id is 32 hexadecimal digits, got 3 characters\./);
    await expect(startEmulator({ port: 0, maxConfigs: -1 })).rejects.toBeInstanceOf(UsageError);
    const { emulator } = await startTestEmulator();
    const busy = startEmulator({ port: emulator.port });
    await expect(busy).rejects.toBeInstanceOf(CliError);
    await expect(busy).rejects.toThrow(`Cannot listen on 127.0.0.1:${emulator.port}`);
    // For --json: a socket failure, kind network, with the system's code.
    await expect(busy).rejects.toMatchObject({ kind: "network", errno: "EADDRINUSE", exitCode: 1 });
  });
});

describe("authentication", () => {
  const configs = `/accounts/${DEFAULT_ACCOUNT_ID}/hyperdrive/configs`;

  it("accepts the bearer token (any case of 'Bearer') and the global key with an e-mail", async () => {
    const { emulator } = await startTestEmulator();
    for (const headers of [
      { authorization: `Bearer ${DEFAULT_TOKEN}` } as Record<string, string>,
      { authorization: `bearer ${DEFAULT_TOKEN}` },
      { "x-auth-email": "dev@example.com", "x-auth-key": DEFAULT_TOKEN },
    ]) {
      expect((await request(emulator, "GET", configs, undefined, headers)).status).toBe(200);
    }
  });

  it("answers missing credentials with 400 9106", async () => {
    const { emulator } = await startTestEmulator();
    for (const headers of [{}, { "x-auth-key": DEFAULT_TOKEN }, { "x-auth-email": "dev@example.com" }] as Record<string, string>[]) {
      const answer = await request(emulator, "GET", configs, undefined, headers);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        success: false,
        errors: [{ code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" }],
        messages: [],
        result: null,
      });
    }
  });

  it.each(["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer two words", "Bearer t0k$n", DEFAULT_TOKEN])(
    "answers the malformed Authorization %j with 400 6003 and its 6111 chain",
    async (authorization) => {
      const { emulator } = await startTestEmulator();
      const answer = await request(emulator, "GET", configs, undefined, { authorization });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        {
          code: 6003,
          message: "Invalid request headers",
          error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
        },
      ]);
    },
  );

  it("answers an unknown token with 401 10000 and an unknown key with 403 9103", async () => {
    const { emulator } = await startTestEmulator();
    const token = await request(emulator, "GET", configs, undefined, { authorization: "Bearer someone-elses-token" });
    expect(token.status).toBe(401);
    expect(errorsOf(token)).toEqual(["10000 Authentication error"]);
    const key = await request(emulator, "GET", configs, undefined, { "x-auth-email": "a@b.c", "x-auth-key": "wrong" });
    expect(key.status).toBe(403);
    expect(errorsOf(key)).toEqual(["9103 Unknown X-Auth-Key or X-Auth-Email"]);
  });

  it("uses the configured token instead of the default", async () => {
    const { emulator } = await startTestEmulator({ token: "my_own-token" });
    expect(emulator.token).toBe("my_own-token");
    expect((await request(emulator, "GET", configs)).status).toBe(200);
    const stale = await request(emulator, "GET", configs, undefined, { authorization: `Bearer ${DEFAULT_TOKEN}` });
    expect(stale.status).toBe(401);
  });

  it("answers another account's paths with 403 9109", async () => {
    const { api } = await startTestEmulator();
    const other = `/accounts/${"f".repeat(32)}`;
    for (const path of [`${other}/hyperdrive/configs`, `${other}/mtls_certificates`, `${other}/tokens/verify`]) {
      const answer = await api("GET", path);
      expect(answer.status, path).toBe(403);
      expect(errorsOf(answer)).toEqual(["9109 Unauthorized to access requested resource"]);
    }
    expect((await api("POST", `${other}/hyperdrive/configs`, configBody())).status).toBe(403);
  });
});

describe("token verification and accounts", () => {
  it.each(["/user/tokens/verify", `/accounts/${DEFAULT_ACCOUNT_ID}/tokens/verify`])(
    "%s: verifies the token, and answers any other with 401 1000",
    async (path) => {
      const { emulator, api } = await startTestEmulator();
      const valid = await api("GET", path);
      expect(valid.body).toEqual({
        success: true,
        errors: [],
        messages: [{ code: 10000, message: "This API Token is valid and active", type: null }],
        result: { id: expect.stringMatching(/^[0-9a-f]{32}$/), status: "active" },
      });
      const invalidCredentials: Record<string, string>[] = [
        { authorization: "Bearer not-the-token" },
        { "x-auth-email": "a@b.c", "x-auth-key": DEFAULT_TOKEN },
      ];
      for (const headers of invalidCredentials) {
        const invalid = await request(emulator, "GET", path, undefined, headers);
        expect(invalid.status).toBe(401);
        expect(errorsOf(invalid)).toEqual(["1000 Invalid API Token"]);
      }
      expect((await request(emulator, "GET", path, undefined, {})).status).toBe(400);
    },
  );

  it("lists the one account, paginated", async () => {
    const { api } = await startTestEmulator();
    const answer = await api("GET", "/accounts");
    expect(answer.body).toEqual({
      success: true,
      errors: [],
      messages: [],
      result: [
        {
          id: DEFAULT_ACCOUNT_ID,
          name: "Hyperdrive emulator",
          type: "standard",
          settings: { enforce_twofactor: false, abuse_contact_email: null },
          created_on: expect.any(String),
        },
      ],
      result_info: { page: 1, per_page: 20, count: 1, total_count: 1, total_pages: 1 },
    });
    expect((await api("GET", "/accounts?page=2")).body.result).toEqual([]);
    expect(errorsOf(await api("GET", "/accounts?per_page=51"))).toEqual(['1001 per_page: must be an integer from 5 to 50, got "51"']);
  });

  it("lists the caller's accepted membership of that account (how wrangler finds the account), and asks for credentials", async () => {
    const { emulator, api } = await startTestEmulator();
    const answer = await api("GET", "/memberships");
    expect(answer.status).toBe(200);
    expect(answer.body.result).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{32}$/), account: expect.objectContaining({ id: DEFAULT_ACCOUNT_ID, name: "Hyperdrive emulator" }), status: "accepted", roles: ["Administrator"] },
    ]);
    expect(answer.body.result_info).toEqual({ page: 1, per_page: 20, count: 1, total_count: 1, total_pages: 1 });
    expect((await request(emulator, "GET", "/memberships", undefined, {})).status).toBe(400);
  });
});

describe("routing and bodies", () => {
  it("answers unknown paths with 404 7003, before asking for credentials", async () => {
    const { emulator } = await startTestEmulator();
    for (const path of ["/nope", `/accounts/${DEFAULT_ACCOUNT_ID}/hyperdrive/configs/a/b/c`, "/"]) {
      const url = `http://127.0.0.1:${emulator.port}${path === "/" ? "/" : `/client/v4${path}`}`;
      const response = await fetch(url);
      expect(response.status, path).toBe(404);
      const body = await response.json();
      expect(body).toEqual({
        success: false,
        errors: [{ code: 7003, message: `Could not route to ${new URL(url).pathname}, perhaps your object identifier is invalid?` }],
        messages: [],
        result: null,
      });
    }
  });

  it("survives request targets that are not URLs", async () => {
    const { api, emulator } = await startTestEmulator();
    for (const target of ["//[", "http://[x", "*"]) {
      const head = await new Promise<string>((resolve, reject) => {
        const socket = connect(emulator.port, "127.0.0.1", () => socket.end(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`));
        let received = "";
        socket.on("data", (chunk) => (received += chunk));
        socket.on("end", () => resolve(received.split("\r\n")[0]));
        socket.on("error", reject);
      });
      expect(head, target).toBe("HTTP/1.1 404 Not Found");
    }
    expect((await api("GET", "/accounts")).status).toBe(200);
  });

  it("answers a known path with the wrong method with 405 7001", async () => {
    const { api, account } = await startTestEmulator();
    const answer = await api("DELETE", `${account}/hyperdrive/configs`);
    expect(answer.status).toBe(405);
    expect(errorsOf(answer)).toEqual([`7001 Method DELETE not allowed for /client/v4${account}/hyperdrive/configs`]);
  });

  it("answers malformed JSON with 400 6007 and an oversized body with 413", async () => {
    const { api, account } = await startTestEmulator();
    const malformed = await api("POST", `${account}/hyperdrive/configs`, '{"name": "x",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toHaveLength(1);
    expect(malformed.body.errors[0]).toMatchObject({ code: 6007, message: expect.stringMatching(/^Malformed JSON in request body: /) });
    const huge = await api("POST", `${account}/hyperdrive/configs`, { name: "x".repeat(8 * 1024 * 1024) });
    expect(huge.status).toBe(413);
  });

  it("answers JSON with the envelope's content type and logs one line per request, without bodies", async () => {
    const { api, account, logs } = await startTestEmulator();
    const answer = await api("POST", `${account}/hyperdrive/configs`, configBody());
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(logs).toEqual([expect.stringMatching(new RegExp(`^POST /client/v4${account}/hyperdrive/configs 200 \\d+ms$`))]);
  });
});
