// `hyperdrive metrics` in-process: against the emulator (real sockets, fixed clock and config ids) for the output
// and a caching toggle end to end, and against a scripted transport for the API's failures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSchema, parse, validate } from "graphql";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import type { HttpRequest, HttpResponse, Transport } from "../../src/api/client";
import { createFetchTransport } from "../support/fetch-transport";
import { documentedSdl } from "../../src/metrics/schema";
import { runCli, TEST_ACCOUNT } from "../support/cli";

const NOW = new Date("2026-12-01T12:00:00Z");
const ORDERS = "6b7efc370ea34ded8327fa20698dfe3a";
const LEGACY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const stored = (id: string, name: string, caching: Record<string, unknown>) => ({
  id,
  name,
  origin: { scheme: "postgres", host: "db.example.com", port: 5432, database: "app", user: "app", password: "s3cret" },
  caching,
  origin_connection_limit: 60,
  created_on: "2026-10-01T00:00:00.000Z",
  modified_on: "2026-10-01T00:00:00.000Z",
});

let emulator: Emulator;
let dir: string;
const sent: HttpRequest[] = [];
const recording: Transport = (req, o) => (sent.push(req), createFetchTransport()(req, o));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hyperdrive-metrics-"));
  const statePath = join(dir, "state.json");
  writeFileSync(statePath, JSON.stringify({ version: 1, configs: [stored(ORDERS, "orders", { disabled: false }), stored(LEGACY, "legacy", { disabled: true })], certificates: [] }));
  emulator = await startEmulator({ port: 0, statePath, skipOriginCheck: true, now: () => NOW });
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], transport: Transport = recording) =>
  runCli(args, { now: NOW, transport, env: { CLOUDFLARE_API_BASE_URL: emulator.url, CLOUDFLARE_API_TOKEN: emulator.token, CLOUDFLARE_ACCOUNT_ID: emulator.accountId } });
const graphqlBodies = () => sent.filter((r) => r.url.endsWith("/graphql")).map((r) => JSON.parse(r.body!) as { query: string; variables: Record<string, string> });

describe("against the emulator", () => {
  it("sends one GraphQL request whose text uses only the documented fields", async () => {
    sent.length = 0;
    const r = await cli(["metrics", "orders"]);
    expect(r.code).toBe(0);
    const bodies = graphqlBodies();
    expect(bodies).toHaveLength(1);
    expect(validate(buildSchema(documentedSdl()), parse(bodies[0].query)).map((e) => e.message)).toEqual([]);
    expect(bodies[0].variables).toEqual({ accountTag: emulator.accountId, config0: ORDERS });
  });

  it("shows one config in 80 columns, labelled synthetic", async () => {
    const r = await cli(["metrics", "orders"]);
    expect(r.code).toBe(0);
    for (const line of r.stdout.split("\n")) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stdout).toMatchInlineSnapshot(`
      "Synthetic data from the local emulator: made-up query events, not real traffic.

      orders  6b7efc370ea34ded8327fa20698dfe3a
      Window     last 24 hours, 2026-11-30 12:00 → 2026-12-01 12:00 UTC
      Caching    enabled: max_age 60 s, stale_while_revalidate 15 s

      Queries    48,669            errors 65 (0.1%)
      Hit ratio  60.1%             of 34,479 cacheable queries (hit + miss)
      Latency    query 24.7 ms     connection 0.1 ms  (complete queries)
      Bytes      queries 11.5 MB   results 264.0 MB

      Cache status
        hit                 42.6%  ███████████████▍                          20,730
        miss                28.2%  ██████████▏                               13,749
        transaction         10.4%  ███▊                                       5,066
        volatile             9.1%  ███▎                                       4,446
        uncacheable          8.6%  ███▏                                       4,198
        multiplestatements   0.5%  ▏                                            241
        notaquery            0.4%  ▏                                            197
        parseerror           0.0%                                                21
        oversizedquery       0.0%                                                19
        oversizedresult      0.0%                                                 2

      Queries per hour  (peak 3,022)
        ▆▆▇▇██████████████▇▇▇▇▆▆▅▅▅▅▄▄▄▄▃▃▃▃▃▃▄▄▄▄▄▄▅▅▆▆
        11-30 12:00                          12-01 12:00

      Advice
        • Queries inside explicit transactions (BEGIN … COMMIT) are never cached. Run
          reads that need no transaction outside one; some ORMs wrap every query in a
          transaction unless told not to.
          from: transaction 10.4% (5,066 queries)
      "
    `);
  });

  it("shows every config as a table when none is named", async () => {
    const r = await cli(["metrics", "--since", "7d"]);
    expect(r.code).toBe(0);
    for (const line of r.stdout.split("\n")) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatchInlineSnapshot(`
      "Synthetic data from the local emulator: made-up query events, not real traffic.

      Window  last 7 days, 2026-11-24 12:00 → 2026-12-01 12:00 UTC

      config  queries  hit ratio  errors    query  connection  caching
      ──────  ───────  ─────────  ──────  ───────  ──────────  ────────
      orders  339,928      60.1%    0.2%  24.7 ms      0.1 ms  60 s
      legacy  363,660          –    0.2%  16.4 ms      0.2 ms  disabled

      Advice
        • orders (transactions): transaction 10.4% (35,341 queries)
        • legacy (enable-caching): results 36.7× the size of the query text; disabled
          100.0% of 363,660 queries

      One config in full, with its queries over time: hyperdrive metrics <config>
      "
    `);
  });

  it("--json prints one document with the numbers", async () => {
    const r = await cli(["metrics", "orders", "--since", "7d", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(["config", "window", "total", "byCacheStatus", "hitRatio", "cacheable", "errors", "latency", "bytes", "series", "synthetic", "advice"]);
    expect(doc.config).toEqual({ id: ORDERS, name: "orders", caching: { disabled: false, maxAge: 60, staleWhileRevalidate: 15 } });
    expect(doc.window).toEqual({ since: "2026-11-24T12:00:00Z", until: "2026-12-01T12:00:00Z", seconds: 604800 });
    expect(doc.synthetic).toBe(true);
    expect(doc.series.bucketSeconds).toBe(21600);
    expect(doc.series.points).toHaveLength(28);
    expect(doc.series.points.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(doc.total);
    const statuses = Object.values(doc.byCacheStatus) as Array<{ count: number }>;
    expect(statuses.reduce((n, s) => n + s.count, 0)).toBe(doc.total);
    expect(doc.hitRatio).toBeCloseTo(doc.byCacheStatus.hit.count / (doc.byCacheStatus.hit.count + doc.byCacheStatus.miss.count), 5);
    expect(doc.latency).toEqual({ queryMs: expect.any(Number), connectionMs: expect.any(Number), completeQueries: doc.total - doc.errors.count });
    expect(doc.advice.every((a: Record<string, unknown>) => typeof a.rule === "string" && typeof a.message === "string" && typeof a.from === "string")).toBe(true);
  });

  it("--json without a config: an array, one document per config, without series", async () => {
    const r = await cli(["metrics", "--json"]);
    const docs = JSON.parse(r.stdout);
    expect(docs.map((d: { config: { name: string } }) => d.config.name)).toEqual(["orders", "legacy"]);
    expect(docs.every((d: { series: unknown }) => d.series === null)).toBe(true);
  });

  it("toggling caching: disabled shows only `disabled` and the advice to enable it; enabled shows hits", async () => {
    const before = JSON.parse((await cli(["metrics", "legacy", "--json"])).stdout);
    expect(Object.entries(before.byCacheStatus).filter(([, v]) => (v as { count: number }).count > 0).map(([k]) => k)).toEqual(["disabled"]);
    expect(before.hitRatio).toBeNull();
    expect(before.advice).toMatchObject([{ rule: "enable-caching", command: "hyperdrive update legacy --caching-disabled false" }]);

    expect((await cli(["update", "legacy", "--caching-disabled", "false"])).code).toBe(0);
    const after = JSON.parse((await cli(["metrics", "legacy", "--json"])).stdout);
    expect(after.byCacheStatus.disabled.count).toBe(0);
    expect(after.hitRatio).toBeGreaterThan(0.3);
    expect(after.total).toBe(before.total);
    expect(after.advice.map((a: { rule: string }) => a.rule)).not.toContain("enable-caching");
    expect((await cli(["update", "legacy", "--caching-disabled"])).code).toBe(0);
  });

  it("a window with too few queries gets no advice, and says so", async () => {
    const r = await cli(["metrics", "orders", "--since", "30s"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Too few queries for caching advice: \d+ in the window, at least 100 needed/);
  });

  it.each([
    [["metrics", "orders", "--since", "40d"], /--since 40d is older than the 31 days/],
    [["metrics", "orders", "--since", "yesterday"], /Invalid --since 'yesterday'/],
    [["metrics", "orders", "--since", "1h", "--until", "2h"], /window is empty/],
  ])("%j: exit 2 before any request", async (args, message) => {
    sent.length = 0;
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(sent).toEqual([]);
  });

  it("an unknown config name: exit 2 listing the configs", async () => {
    const r = await cli(["metrics", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No Hyperdrive config named 'nope'/);
  });
});

/** A transport answering the config list and then, for POST /graphql, each of `answers` in turn. */
function scripted(answers: Array<{ status: number; body: unknown; headers?: Record<string, string> }>) {
  const graphql: HttpRequest[] = [];
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
    status,
    header: (name) => headers[name.toLowerCase()],
    text: JSON.stringify(body),
  });
  const transport: Transport = async (req) => {
    if (req.url.endsWith("/graphql")) {
      graphql.push(req);
      const next = answers.shift() ?? { status: 500, body: { data: null, errors: [{ message: "no more answers" }] } };
      return answer(next.status, next.body, next.headers);
    }
    if (req.url.includes("/hyperdrive/configs")) {
      return answer(200, { success: true, errors: [], messages: [], result: [{ id: ORDERS, name: "orders", origin: { scheme: "postgres", host: "db.example.com", port: 5432, database: "app", user: "app" }, caching: { disabled: false }, created_on: "2026-10-01T00:00:00Z", modified_on: "2026-10-01T00:00:00Z" }], result_info: { page: 1, per_page: 100, count: 1, total_count: 1 } });
    }
    return answer(404, { success: false, errors: [{ code: 7003, message: "no route" }], messages: [], result: null });
  };
  return { transport, graphql };
}
const run = (args: string[], transport: Transport) => runCli(args, { now: NOW, transport });
const data = (groups: unknown[]) => ({ data: { viewer: { accounts: [{ c0_groups: groups }] } }, errors: null });

describe("the API's failures", () => {
  it("errors inside an HTTP 200 (a token without Account Analytics Read): exit 1 and the permission to add", async () => {
    const { transport, graphql } = scripted([{ status: 200, body: { data: null, errors: [{ message: "not authorized for that account", path: ["viewer", "accounts"], extensions: { timestamp: "2026-12-01T12:00:00Z" } }] } }]);
    const r = await run(["metrics", "orders"], transport);
    expect(r.code).toBe(1);
    expect(graphql).toHaveLength(1);
    expect(r.stderr).toContain("✖ not authorized for that account (at viewer.accounts)");
    expect(r.stderr).toContain("the API token needs the permission Account · Account Analytics · Read");
    expect(r.stderr).toContain("POST /graphql → HTTP 200");
    expect(r.stdout).toBe("");
  });

  it("--json: the failure document, with the hint", async () => {
    const { transport } = scripted([{ status: 200, body: { data: null, errors: [{ message: "authorization denied" }] } }]);
    const r = await run(["metrics", "orders", "--json"], transport);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ success: false, kind: "auth", errors: [{ message: "authorization denied", hint: expect.stringContaining("Account · Account Analytics · Read") }] });
  });

  it("a 429 with Retry-After is waited out and retried; then the numbers", async () => {
    const { transport, graphql } = scripted([
      { status: 429, body: { data: null, errors: [{ message: "too many queries in progress, please try again later" }] }, headers: { "retry-after": "1" } },
      { status: 200, body: data([{ count: 150, dimensions: { cacheStatus: "hit", eventStatus: "complete" }, avg: { queryLatency: 1, connectionLatency: 0 }, sum: { queryBytes: 1, resultBytes: 2 } }]) },
    ]);
    const r = await run(["metrics", "orders", "--json"], transport);
    expect(r.code).toBe(0);
    expect(graphql).toHaveLength(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 150, hitRatio: 1 });
    expect(r.stderr).toMatch(/Retrying after HTTP 429/);
  });

  it("the 5-minute budget used up: no retry, the limit in the hint", async () => {
    const { transport, graphql } = scripted([{ status: 429, body: { data: null, errors: [{ message: "rate limiter budget depleted, try again after 5 minutes" }] } }]);
    const r = await run(["metrics", "orders"], transport);
    expect(r.code).toBe(1);
    expect(graphql).toHaveLength(1);
    expect(r.stderr).toMatch(/300 queries per 5 minutes/);
  });

  it("a request asking for too many nodes is split until the API accepts it", async () => {
    const tooMany = { status: 429, body: { data: null, errors: [{ message: "in combination, your request queries too many nodes, zones and accounts" }] } };
    const { transport, graphql } = scripted([tooMany, { status: 200, body: data([]) }, { status: 200, body: { data: { viewer: { accounts: [{}] } }, errors: null } }]);
    const r = await run(["metrics", "orders"], transport);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(graphql).toHaveLength(3);
    const aliases = graphql.map((g) => (JSON.parse(g.body!).query.match(/c0_\w+:/g) ?? []).length);
    expect(aliases).toEqual([25, 13, 12]);
    expect(r.stdout).toContain("No queries in this window.");
  });

  it("data older than the API keeps: the 31 days in the hint", async () => {
    const { transport } = scripted([{ status: 400, body: { data: null, errors: [{ message: "cannot request data older than 2678400s" }] } }]);
    const r = await run(["metrics", "orders", "--since", "31d"], transport);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/keeps metrics for 31 days/);
  });

  it("bad credentials answered with the v4 envelope", async () => {
    const { transport } = scripted([{ status: 401, body: { success: false, errors: [{ code: 10000, message: "Authentication error" }], messages: [], result: null } }]);
    const r = await run(["metrics", "orders"], transport);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("✖ Authentication error [code: 10000]");
    expect(r.stderr).toMatch(/check CLOUDFLARE_API_TOKEN/);
  });

  it("the account id the query is for is the session's", async () => {
    const { transport, graphql } = scripted([{ status: 200, body: data([]) }]);
    await run(["metrics", "orders"], transport);
    expect(JSON.parse(graphql[0].body!).variables.accountTag).toBe(TEST_ACCOUNT);
  });
});
