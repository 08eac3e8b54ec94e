// A loopback stand-in for the Cloudflare API that records every request (method, path, query, JSON body) and answers
// as the API does, from a small fixed state with fixed ids: one Hyperdrive config, a CA and a client certificate.
// Two clients run against two fresh copies of it see the same ids, so their requests can be compared as they are.
// It checks nothing: whatever it is sent is recorded and answered, so a test sees what a client would send.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_ACCOUNT = "5c0ffee0123456789abcdef012345678";
export const FAKE_TOKEN = "recording-api-token";
/** The stored config (`orders-db`), the stored CA certificate (`orders-ca`) and client certificate (`orders-client`). */
export const FAKE_IDS = {
  config: "9f6d2b3c4a5e46f7a8b9c0d1e2f3a4b5",
  ca: "6a1f0d2e-3b4c-4d5e-8f60-718293a4b5c6",
  client: "7b2e1f3a-4c5d-4e6f-9a71-8293a4b5c6d7",
  /** What a POST creates. */
  newConfig: "0d1e2f3a4b5c46d7e8f9a0b1c2d3e4f5",
  newCertificate: "8c3f2a4b-5d6e-4f70-8b82-93a4b5c6d7e8",
} as const;

export interface RecordedRequest {
  method: string;
  /** Below /client/v4, e.g. /accounts/…/hyperdrive/configs. */
  path: string;
  /** The query string as sent, without `?` ("" when there is none). */
  query: string;
  body?: unknown;
  /** How the request authenticated: `token <value>` (Authorization: Bearer) or `key <email> <value>` (X-Auth-Key). */
  auth?: string;
}

export interface RecordingApi {
  /** The base URL, http://127.0.0.1:PORT/client/v4. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
const SECRETS = ["password", "access_client_secret"];
const STAMP = "2026-11-01T00:00:00Z";

function storedConfig(id: string, name: string): Json {
  return {
    id,
    name,
    origin: { scheme: "postgres", host: "db.example.com", port: 5432, database: "app", user: "app" },
    caching: { disabled: false },
    origin_connection_limit: 60,
    created_on: STAMP,
    modified_on: STAMP,
  };
}

function certificate(id: string, name: string | undefined, ca: boolean, pem: string): Json {
  return {
    id,
    ...(name !== undefined ? { name } : {}),
    ca,
    certificates: pem,
    issuer: "CN=Recording API Test CA",
    signature: "ECDSAWithSHA256",
    serial_number: "4242",
    expires_on: "2030-01-01T00:00:00Z",
    uploaded_on: STAMP,
    type: "custom",
  };
}

const withoutSecrets = (origin: unknown): Json =>
  Object.fromEntries(Object.entries((origin ?? {}) as Json).filter(([key]) => !SECRETS.includes(key)));

/**
 * `extraConfigs`: that many more configs in the account (`config-0` …), so that a list has several pages (the API's
 * default page size is 20). `stored`: fields of orders-db other than the default ones (custom caching, mtls…).
 */
export async function startRecordingApi(o: { extraConfigs?: number; stored?: Json } = {}): Promise<RecordingApi> {
  const requests: RecordedRequest[] = [];
  const configs: Json[] = [{ ...storedConfig(FAKE_IDS.config, "orders-db"), ...o.stored }];
  for (let i = 0; i < (o.extraConfigs ?? 0); i++) configs.push(storedConfig(i.toString(16).padStart(32, "a"), `config-${i}`));
  const certificates: Json[] = [
    certificate(FAKE_IDS.ca, "orders-ca", true, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
    certificate(FAKE_IDS.client, "orders-client", false, "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n"),
  ];
  const account = `/accounts/${FAKE_ACCOUNT}`;

  const reply = (res: ServerResponse, status: number, result: unknown, extra: Json = {}) => {
    const success = status < 400;
    const body = success
      ? { success, errors: [], messages: [], result, ...extra }
      : { success, errors: [result], messages: [], result: null };
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const notFound = (res: ServerResponse, what: string) => reply(res, 404, { code: 10007, message: `${what} not found` });

  function answer(method: string, path: string, params: URLSearchParams, body: unknown, res: ServerResponse): void {
    const parts = path.split("/").filter(Boolean);
    if (method === "GET" && path === "/user") return reply(res, 200, { id: "u1", email: "recording@example.com" });
    if (method === "GET" && (path === "/accounts" || path === "/memberships")) {
      const one = { id: FAKE_ACCOUNT, name: "Recording account" };
      return reply(res, 200, path === "/accounts" ? [one] : [{ id: "m1", account: one, status: "accepted" }], {
        result_info: { page: 1, per_page: 20, count: 1, total_count: 1 },
      });
    }
    if (method === "GET" && path === "/user/tokens/verify") return reply(res, 200, { id: "t1", status: "active" });
    if (parts[0] !== "accounts" || parts[1] !== FAKE_ACCOUNT) return reply(res, 403, { code: 9109, message: "Unauthorized to access requested resource" });
    const rest = parts.slice(2).join("/");

    if (rest === "hyperdrive/configs") {
      if (method === "GET") {
        const page = Number(params.get("page") ?? 1);
        const perPage = Number(params.get("per_page") ?? 20);
        const slice = configs.slice((page - 1) * perPage, page * perPage);
        return reply(res, 200, slice, { result_info: { page, per_page: perPage, count: slice.length, total_count: configs.length } });
      }
      if (method === "POST") {
        const b = body as Json;
        const created = {
          id: FAKE_IDS.newConfig,
          name: b.name,
          origin: withoutSecrets(b.origin),
          caching: b.caching ?? { disabled: false },
          ...(b.mtls !== undefined ? { mtls: b.mtls } : {}),
          origin_connection_limit: b.origin_connection_limit ?? 60,
          created_on: STAMP,
          modified_on: STAMP,
        };
        configs.push(created);
        return reply(res, 200, created);
      }
    }
    const configMatch = /^hyperdrive\/configs\/([^/]+)$/.exec(rest);
    if (configMatch) {
      const index = configs.findIndex((c) => c.id === configMatch[1]);
      if (index === -1) return notFound(res, "Hyperdrive config");
      const config = configs[index];
      if (method === "GET") return reply(res, 200, config);
      if (method === "DELETE") {
        configs.splice(index, 1);
        return reply(res, 200, null);
      }
      if (method === "PATCH" || method === "PUT") {
        const b = body as Json;
        const updated = {
          ...config,
          ...b,
          origin: { ...(config.origin as Json), ...withoutSecrets(b.origin) },
          caching: { ...(config.caching as Json), ...((b.caching as Json | undefined) ?? {}) },
          modified_on: STAMP,
        };
        configs[index] = updated;
        return reply(res, 200, updated);
      }
    }
    if (method === "POST" && rest === "hyperdrive/integrationsOperations/planetScale/createDatabaseSignature") {
      return reply(res, 200, { account_id: FAKE_ACCOUNT, timestamp: 1_796_000_000, signature: "ab".repeat(32) });
    }
    if (rest === "mtls_certificates") {
      if (method === "GET") {
        const name = params.get("name");
        const ca = params.get("ca");
        const found = certificates.filter((c) => (name === null || c.name === name) && (ca === null || String(c.ca) === ca));
        return reply(res, 200, found, { result_info: { page: 1, per_page: 50, count: found.length, total_count: found.length } });
      }
      if (method === "POST") {
        const b = body as Json;
        const created = certificate(FAKE_IDS.newCertificate, b.name as string | undefined, b.ca === true, String(b.certificates));
        certificates.push(created);
        return reply(res, 200, created);
      }
    }
    const certificateMatch = /^mtls_certificates\/([^/]+)$/.exec(rest);
    if (certificateMatch) {
      const index = certificates.findIndex((c) => c.id === certificateMatch[1]);
      if (index === -1) return notFound(res, "mTLS certificate");
      if (method === "GET") return reply(res, 200, certificates[index]);
      if (method === "DELETE") {
        const [removed] = certificates.splice(index, 1);
        return reply(res, 200, removed);
      }
    }
    return reply(res, 404, { code: 7003, message: `No route for ${method} ${path}` });
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const path = url.pathname.replace(/^\/client\/v4/, "");
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = { unparsed: text };
      }
      const method = req.method ?? "GET";
      const bearer = /^Bearer (.*)$/.exec(req.headers.authorization ?? "")?.[1];
      const key = req.headers["x-auth-key"];
      const auth = bearer !== undefined ? `token ${bearer}` : key !== undefined ? `key ${String(req.headers["x-auth-email"])} ${String(key)}` : undefined;
      requests.push({ method, path, query: url.search.replace(/^\?/, ""), ...(text ? { body } : {}), ...(auth ? { auth } : {}) });
      answer(method, path, url.searchParams, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/client/v4`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
