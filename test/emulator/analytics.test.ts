// The emulator's GraphQL Analytics API: hyperdriveQueriesAdaptiveGroups over seeded synthetic events, aliases and
// filters as documented, and errors in the API's shape for everything else.
import { describe, expect, it } from "vitest";
import { buildRequest, nodesFor } from "../../src/metrics/query";
import { resolveWindow } from "../../src/metrics/window";
import { configBody, startTestEmulator, type TestEmulator } from "./helpers";

const NOW = new Date("2026-12-01T12:00:00Z");

async function withConfigs(options: { metricsSeed?: number } = {}, ...bodies: Array<Record<string, unknown>>) {
  const t = await startTestEmulator({ skipOriginCheck: true, now: () => NOW, ...options });
  const ids: string[] = [];
  for (const body of bodies) ids.push((await t.api("POST", `${t.account}/hyperdrive/configs`, body)).body.result.id);
  return { t, ids };
}

const gql = (t: TestEmulator, query: string, variables: Record<string, unknown> = {}) => t.api("POST", "/graphql", { query, variables });
const groupsQuery = (filter: string, fields = "count dimensions { cacheStatus eventStatus }") =>
  `query($a: string!) { viewer { accounts(filter: { accountTag: $a }) { g: hyperdriveQueriesAdaptiveGroups(limit: 10000, filter: { ${filter} }) { ${fields} } } } }`;
const DAY = 'datetime_geq: "2026-11-30T12:00:00Z", datetime_leq: "2026-12-01T12:00:00Z"';

describe("POST /graphql", () => {
  it("answers the metrics request: groups by cacheStatus and eventStatus, and bucket counts that add up to the total", async () => {
    const { t, ids } = await withConfigs({}, configBody("orders"));
    const window = resolveWindow({ since: "24h" }, NOW);
    const request = buildRequest(t.emulator.accountId, nodesFor(0, ids[0], window, window.buckets));
    const answer = await t.api("POST", "/graphql", request);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeNull();
    expect(answer.body.extensions).toMatchObject({ synthetic: true, metricsSeed: 1 });
    const account = answer.body.data.viewer.accounts[0];
    const groups: Array<{ count: number; dimensions: { cacheStatus: string; eventStatus: string }; avg: Record<string, number>; sum: Record<string, number> }> = account.c0_groups;
    const statuses = new Set(groups.map((g) => g.dimensions.cacheStatus));
    expect([...statuses].sort()).toEqual(expect.arrayContaining(["hit", "miss", "transaction", "uncacheable", "volatile"]));
    expect(new Set(groups.map((g) => g.dimensions.eventStatus))).toEqual(new Set(["complete", "error"]));
    expect(groups.every((g) => g.count > 0 && typeof g.avg.queryLatency === "number" && typeof g.sum.resultBytes === "number")).toBe(true);
    const total = groups.reduce((n, g) => n + g.count, 0);
    const buckets = Array.from({ length: 24 }, (_, i) => account[`c0_b${i}`][0].count as number);
    expect(buckets.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it("is deterministic for a seed and config, and --metrics-seed changes the data", async () => {
    const a = await withConfigs({ metricsSeed: 1 }, configBody("orders"));
    const query = groupsQuery(`configId: $c, ${DAY}`, "count");
    const first = await gql(a.t, query.replace("$a: string!", "$a: string!, $c: string!"), { a: a.t.emulator.accountId, c: a.ids[0] });
    const again = await gql(a.t, query.replace("$a: string!", "$a: string!, $c: string!"), { a: a.t.emulator.accountId, c: a.ids[0] });
    expect(again.body.data).toEqual(first.body.data);
    // The same config id under another seed (the state file carries the id over).
    const b = await startTestEmulator({ skipOriginCheck: true, now: () => NOW, metricsSeed: 2 });
    const other = await b.api("POST", `${b.account}/hyperdrive/configs`, configBody("orders"));
    const seeded = await gql(b, query.replace("$a: string!", "$a: string!, $c: string!"), { a: b.emulator.accountId, c: other.body.result.id });
    expect(seeded.body.data.viewer.accounts[0].g[0].count).not.toBe(first.body.data.viewer.accounts[0].g[0].count);
  });

  it("a config with caching disabled shows only `disabled`; no configId filter adds every config up", async () => {
    const { t, ids } = await withConfigs({}, configBody("on"), configBody("off", { caching: { disabled: true } }));
    const vars = { a: t.emulator.accountId };
    const byConfig = async (id: string) =>
      (await gql(t, groupsQuery(`configId: "${id}", ${DAY}`, "count dimensions { cacheStatus }"), vars)).body.data.viewer.accounts[0].g as Array<{ count: number; dimensions: { cacheStatus: string } }>;
    const off = await byConfig(ids[1]);
    expect(off.map((g) => g.dimensions.cacheStatus)).toEqual(["disabled"]);
    const on = await byConfig(ids[0]);
    expect(on.map((g) => g.dimensions.cacheStatus)).not.toContain("disabled");
    const all = (await gql(t, groupsQuery(DAY, "count"), vars)).body.data.viewer.accounts[0].g[0].count;
    expect(all).toBe([...on, ...off].reduce((n, g) => n + g.count, 0));
    // An unknown config has no events.
    expect(await byConfig("f".repeat(32))).toEqual([]);
  });

  it("a longer max_age gives a higher hit ratio (the same workload otherwise)", async () => {
    const { t, ids } = await withConfigs({}, configBody("orders", { caching: { max_age: 10 } }));
    const ratio = async () => {
      const groups = (await gql(t, groupsQuery(`configId: "${ids[0]}", ${DAY}`, "count dimensions { cacheStatus }"), { a: t.emulator.accountId })).body.data.viewer.accounts[0].g as Array<{ count: number; dimensions: { cacheStatus: string } }>;
      const n = (s: string) => groups.find((g) => g.dimensions.cacheStatus === s)?.count ?? 0;
      return n("hit") / (n("hit") + n("miss"));
    };
    const short = await ratio();
    await t.api("PATCH", `${t.account}/hyperdrive/configs/${ids[0]}`, { caching: { max_age: 600 } });
    expect(await ratio()).toBeGreaterThan(short + 0.2);
  });

  it("filters on eventStatus and averages latencies per group", async () => {
    const { t, ids } = await withConfigs({}, configBody("orders"));
    const answer = await gql(t, groupsQuery(`configId: "${ids[0]}", eventStatus: "error", ${DAY}`, "count dimensions { eventStatus } avg { queryLatency connectionLatency }"), { a: t.emulator.accountId });
    const groups = answer.body.data.viewer.accounts[0].g;
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ dimensions: { eventStatus: "error" }, avg: { queryLatency: expect.any(Number), connectionLatency: expect.any(Number) } });
  });

  it.each([
    ["an unknown dataset", groupsQuery(DAY).replace("hyperdriveQueriesAdaptiveGroups", "hyperdriveQueriesAdaptive"), 'unknown field "hyperdriveQueriesAdaptive" on Account', ["viewer", "accounts", 0, "g"]],
    ["an undocumented field", groupsQuery(DAY, "count quantiles { queryLatencyP50 }"), 'unknown field "quantiles" on Group', ["viewer", "accounts", 0, "g", 0, "quantiles"]],
    ["an undocumented dimension", groupsQuery(DAY, "count dimensions { datetimeHour }"), 'unknown field "datetimeHour" on Dimensions', ["viewer", "accounts", 0, "g", 0, "dimensions", "datetimeHour"]],
    ["an undocumented argument", groupsQuery(DAY).replace("limit: 10000", "limit: 10000, orderBy: [count_DESC]"), 'unknown argument "orderBy" on field "hyperdriveQueriesAdaptiveGroups"', ["viewer", "accounts", 0, "g"]],
    ["an undocumented filter", groupsQuery(`${DAY}, cacheStatus: "hit"`), /unknown field "cacheStatus" in filter/, ["viewer", "accounts", 0, "g"]],
    ["a selection on a scalar", groupsQuery(DAY, "count { value }"), "scalar fields must have no selections", ["viewer", "accounts", 0, "g", 0, "count"]],
    ["an object without a selection", groupsQuery(DAY, "count avg"), "object field must have selections", ["viewer", "accounts", 0, "g", 0, "avg"]],
    ["data older than 31 days", groupsQuery('datetime_geq: "2026-10-01T00:00:00Z", datetime_leq: "2026-10-02T00:00:00Z"'), "cannot request data older than 2678400s", ["viewer", "accounts", 0, "g"]],
    ["a limit over 10000", groupsQuery(DAY).replace("limit: 10000", "limit: 20000"), "limit must be positive number and not greater than 10000", ["viewer", "accounts", 0, "g"]],
  ])("%s: HTTP 400 with the error in GraphQL's shape", async (_, query, message, path) => {
    const { t } = await withConfigs();
    const answer = await gql(t, query, { a: t.emulator.accountId });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ data: null, errors: [{ message: expect.any(String), path, extensions: { timestamp: expect.any(String) } }] });
    if (typeof message === "string") expect(answer.body.errors[0].message).toBe(message);
    else expect(answer.body.errors[0].message).toMatch(message);
  });

  it("a syntax error names the line and column", async () => {
    const { t } = await withConfigs();
    const answer = await gql(t, "query {\n  viewer {\n    accounts(filter: { accountTag: }) { count }\n  }\n}");
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({ message: 'error parsing query: expected a value, found "}"', locations: [{ line: 3, column: 36 }] });
  });

  it("an account the token may not read: HTTP 200 with the error inside, as the API answers", async () => {
    const { t } = await withConfigs();
    const answer = await gql(t, groupsQuery(DAY), { a: "f".repeat(32) });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: null, errors: [{ message: "not authorized for that account", path: ["viewer", "accounts"], extensions: { timestamp: expect.any(String) } }] });
  });

  it("a required variable left out, and one used but not declared", async () => {
    const { t } = await withConfigs();
    expect((await gql(t, groupsQuery(DAY), {})).body.errors[0].message).toBe("variable $a of type string! was not given a value");
    expect((await gql(t, groupsQuery(`configId: $nope, ${DAY}`), { a: t.emulator.accountId })).body.errors[0].message).toBe("variable $nope is not defined by the operation");
  });

  it("asks for credentials like every other route", async () => {
    const { t } = await withConfigs();
    const answer = await t.api("POST", "/graphql", { query: groupsQuery(DAY) }, { authorization: "Bearer wrong" });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0]).toMatchObject({ code: 10000 });
  });
});

describe("--metrics-seed", () => {
  it("must be a whole number, 0 or more", async () => {
    await expect(startTestEmulator({ metricsSeed: -1 })).rejects.toThrow(/Invalid metrics seed -1/);
    await expect(startTestEmulator({ metricsSeed: 1.5 })).rejects.toThrow(/Invalid metrics seed 1.5/);
  });
});
