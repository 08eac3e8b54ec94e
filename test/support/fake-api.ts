// A small msw stand-in for the Cloudflare API, recording every request, for in-process command tests.
// (End-to-end tests use the real emulator over real sockets instead.)
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { TEST_ACCOUNT } from "./cli";

export const BASE = "https://api.cloudflare.com/client/v4";

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
}

export interface FakeConfig {
  id: string;
  name: string;
  origin: Record<string, unknown>;
  caching: Record<string, unknown>;
  [k: string]: unknown;
}

export const ok = (result: unknown, extra: Record<string, unknown> = {}) => HttpResponse.json({ success: true, errors: [], messages: [], result, ...extra });
export const fail = (status: number, errors: Array<{ code: number; message: string }>, headers: Record<string, string> = {}) =>
  HttpResponse.json({ success: false, errors, messages: [], result: null }, { status, headers });

/** An msw handler that records every API request and falls through to the next handler. */
export function recordInto(requests: Recorded[]) {
  return http.all(`${BASE}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const text = request.method === "GET" || request.method === "DELETE" ? "" : await request.clone().text();
    requests.push({
      method: request.method,
      path: url.pathname.replace("/client/v4", ""),
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(request.headers),
      body: text ? JSON.parse(text) : undefined,
    });
    return undefined;
  });
}

export function makeConfig(i: number, over: Partial<FakeConfig> = {}): FakeConfig {
  return {
    id: i.toString(16).padStart(32, "0"),
    name: `config-${i}`,
    origin: { scheme: "postgres", host: `db${i}.example.com`, port: 5432, database: "app", user: "app" },
    caching: { disabled: false },
    origin_connection_limit: 60,
    created_on: "2026-11-01T00:00:00Z",
    modified_on: "2026-11-01T00:00:00Z",
    ...over,
  };
}

/** `extra`: more routes (after the config routes; requests to them are recorded too). */
export function fakeApi(extra: Parameters<typeof setupServer> = []) {
  const requests: Recorded[] = [];
  const configs: FakeConfig[] = [];
  const acct = `${BASE}/accounts/${TEST_ACCOUNT}`;
  const strip = (o: Record<string, unknown>) => {
    const { password, access_client_secret, ...rest } = o;
    void password;
    void access_client_secret;
    return rest;
  };
  const handlers = [
    recordInto(requests),
    http.get(`${acct}/hyperdrive/configs`, ({ request }) => {
      const q = new URL(request.url).searchParams;
      const page = Number(q.get("page") ?? 1);
      const per = Number(q.get("per_page") ?? 20);
      const slice = configs.slice((page - 1) * per, page * per);
      return ok(slice, { result_info: { page, per_page: per, count: slice.length, total_count: configs.length } });
    }),
    http.get(`${acct}/hyperdrive/configs/:id`, ({ params }) => {
      const c = configs.find((x) => x.id === params.id);
      return c ? ok(c) : fail(404, [{ code: 2001, message: "hyperdrive config not found" }]);
    }),
    http.post(`${acct}/hyperdrive/configs`, async ({ request }) => {
      const body = (await request.json()) as FakeConfig;
      if (configs.some((c) => c.name === body.name)) return fail(409, [{ code: 2017, message: "A Hyperdrive config with the given name already exists" }]);
      const c = makeConfig(configs.length + 1000, { ...body, origin: strip(body.origin), caching: body.caching ?? { disabled: false } });
      configs.push(c);
      return ok(c);
    }),
    http.patch(`${acct}/hyperdrive/configs/:id`, async ({ params, request }) => {
      const c = configs.find((x) => x.id === params.id);
      if (!c) return fail(404, [{ code: 2001, message: "hyperdrive config not found" }]);
      const body = (await request.json()) as Partial<FakeConfig>;
      Object.assign(c, { ...body, origin: { ...c.origin, ...strip(body.origin ?? {}) }, caching: body.caching ?? c.caching });
      return ok(c);
    }),
    http.delete(`${acct}/hyperdrive/configs/:id`, ({ params }) => {
      const i = configs.findIndex((x) => x.id === params.id);
      if (i === -1) return fail(404, [{ code: 2001, message: "hyperdrive config not found" }]);
      configs.splice(i, 1);
      return ok(null);
    }),
    http.get(`${BASE}/accounts`, () => ok([{ id: TEST_ACCOUNT, name: "Test account", type: "standard" }], { result_info: { page: 1, per_page: 50, count: 1, total_count: 1 } })),
  ];
  const server = setupServer(...handlers, ...extra);
  return { server, requests, configs, acctPath: `/accounts/${TEST_ACCOUNT}` };
}
