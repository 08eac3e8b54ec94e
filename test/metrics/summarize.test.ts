// The numbers for a known dataset, and every advice rule, from plain values.
import { describe, expect, it } from "vitest";
import { adviseCaching, MIN_QUERIES, type Advice } from "../../src/metrics/advice";
import type { Group } from "../../src/metrics/query";
import { cachingSettings, summarize, type CachingSettings, type MetricsSummary } from "../../src/metrics/summarize";
import { resolveWindow } from "../../src/metrics/window";

const NOW = new Date("2026-12-01T12:00:00Z");
const window = resolveWindow({ since: "24h" }, NOW);
const g = (cacheStatus: string, eventStatus: string, count: number, avgQueryLatency?: number, avgConnectionLatency?: number, queryBytes = 0, resultBytes = 0): Group => ({
  count,
  cacheStatus,
  eventStatus,
  ...(avgQueryLatency === undefined ? {} : { avgQueryLatency }),
  ...(avgConnectionLatency === undefined ? {} : { avgConnectionLatency }),
  queryBytes,
  resultBytes,
});
const run = (groups: Group[], caching: CachingSettings = cachingSettings(undefined), counts?: number[]): MetricsSummary =>
  summarize({
    config: { id: "6b7efc370ea34ded8327fa20698dfe3a", name: "prod-db", caching },
    window,
    groups,
    ...(counts ? { series: { buckets: window.buckets, counts } } : {}),
    advise: (s) => adviseCaching(s),
  });

describe("summarize", () => {
  const groups = [
    g("hit", "complete", 600, 1, 0, 60_000, 2_400_000),
    g("miss", "complete", 200, 40, 5, 20_000, 800_000),
    g("miss", "error", 20, 100, 10, 2_000, 0),
    g("uncacheable", "complete", 150, 60, 4, 39_000, 3_600),
    g("transaction", "complete", 30, 50, 4, 6_600, 18_000),
  ];
  const s = run(groups, cachingSettings(undefined), Array.from({ length: 24 }, (_, i) => i * 10));

  it("totals, the share of every cache status (zeros included) and the hit ratio among cacheable queries", () => {
    expect(s.total).toBe(1000);
    expect(s.byCacheStatus.hit).toEqual({ count: 600, share: 0.6 });
    expect(s.byCacheStatus.miss).toEqual({ count: 220, share: 0.22 });
    expect(s.byCacheStatus.uncacheable).toEqual({ count: 150, share: 0.15 });
    expect(s.byCacheStatus.transaction).toEqual({ count: 30, share: 0.03 });
    expect(s.byCacheStatus.volatile).toEqual({ count: 0, share: 0 });
    expect(Object.keys(s.byCacheStatus)).toHaveLength(11);
    // hit / (hit + miss) = 600 / 820
    expect(s.cacheable).toBe(820);
    expect(s.hitRatio).toBe(0.731707);
    expect(s.errors).toEqual({ count: 20, share: 0.02 });
  });

  it("averages latencies over complete queries, weighted by each group's count", () => {
    // query: (600·1 + 200·40 + 150·60 + 30·50) / 980 = 19100 / 980; connection: (0 + 1000 + 600 + 120) / 980
    expect(s.latency).toEqual({ queryMs: 19.49, connectionMs: 1.76, completeQueries: 980 });
  });

  it("sums bytes over every query, errors included", () => {
    expect(s.bytes).toEqual({ query: 127_600, result: 3_221_600 });
  });

  it("keeps the series' buckets with their bounds", () => {
    expect(s.series?.bucketSeconds).toBe(3600);
    expect(s.series?.points).toHaveLength(24);
    expect(s.series?.points[3]).toEqual({ since: "2026-11-30T15:00:00Z", until: "2026-11-30T15:59:59Z", count: 30 });
    expect(s.series?.points[23].until).toBe("2026-12-01T12:00:00Z");
  });

  it("has the --json document's members", () => {
    expect(Object.keys(s).sort()).toEqual(
      ["config", "window", "total", "byCacheStatus", "hitRatio", "cacheable", "errors", "latency", "bytes", "series", "advice", "synthetic"].sort(),
    );
    expect(s.window).toEqual({ since: "2026-11-30T12:00:00Z", until: "2026-12-01T12:00:00Z", seconds: 86400 });
  });

  it("no queries: zeros and nulls, not NaN", () => {
    const empty = run([]);
    expect(empty).toMatchObject({ total: 0, hitRatio: null, errors: { count: 0, share: 0 }, latency: { queryMs: null, connectionMs: null }, series: null });
    expect(JSON.stringify(empty)).not.toContain("NaN");
  });
});

describe("caching advice", () => {
  const rules = (a: Advice[]) => a.map((x) => x.rule);

  it("says there are too few queries instead of advising", () => {
    const s = run([g("disabled", "complete", MIN_QUERIES - 1, 10, 1, 100, 100_000)], { disabled: true });
    expect(rules(s.advice)).toEqual(["not-enough-queries"]);
    expect(s.advice[0].message).toMatch(/Too few queries .* 99 in the window, at least 100/);
  });

  it("caching disabled while most queries are reads (results much larger than the queries): enable it", () => {
    const s = run([g("disabled", "complete", 5000, 30, 1, 900_000, 21_000_000)], { disabled: true });
    expect(s.advice).toEqual([
      {
        rule: "enable-caching",
        message: expect.stringMatching(/Caching is disabled, and most queries look like reads/),
        from: "results 23.3× the size of the query text; disabled 100.0% of 5,000 queries",
        command: "hyperdrive update prod-db --caching-disabled false",
      },
    ]);
  });

  it("caching disabled with a workload of writes: no suggestion to enable it", () => {
    const s = run([g("disabled", "complete", 5000, 30, 1, 1_300_000, 120_000)], { disabled: true });
    expect(s.advice).toEqual([]);
  });

  it("caching disabled part of the window: reads counted from the statuses seen while it was on", () => {
    const s = run([g("disabled", "complete", 3000, 30, 1, 1_300_000, 120_000), g("hit", "complete", 400, 1), g("miss", "complete", 300, 30), g("uncacheable", "complete", 100, 40)], { disabled: true });
    expect(s.advice).toMatchObject([{ rule: "enable-caching", from: "reads 87.5% of the 800 queries classified while caching was on; disabled 78.9% of 3,800 queries" }]);
  });

  it("many uncacheable or volatile queries: explains writes and volatile functions", () => {
    const s = run([g("hit", "complete", 600, 1), g("miss", "complete", 150, 30), g("uncacheable", "complete", 150, 40), g("volatile", "complete", 100, 30)]);
    expect(rules(s.advice)).toEqual(["uncacheable"]);
    expect(s.advice[0].message).toMatch(/NOW\(\), RANDOM\(\)/);
    expect(s.advice[0].from).toBe("uncacheable 15.0% + volatile 10.0% of 1,000 queries");
  });

  it("many queries in transactions: never cached", () => {
    const s = run([g("hit", "complete", 700, 1), g("miss", "complete", 150, 30), g("transaction", "complete", 150, 40)]);
    expect(s.advice).toMatchObject([{ rule: "transactions", from: "transaction 15.0% (150 queries)" }]);
    expect(s.advice[0].message).toMatch(/explicit transactions .* never cached/);
  });

  it("oversized results: over the cache limit", () => {
    const s = run([g("hit", "complete", 900, 1), g("miss", "complete", 80, 30), g("oversizedresult", "complete", 20, 900)]);
    expect(s.advice).toMatchObject([{ rule: "oversized-results", from: "oversizedresult 2.0% (20 queries)" }]);
    expect(s.advice[0].message).toMatch(/50 MB/);
  });

  it("a low hit ratio with a short max_age: a longer one, with the stale-while-revalidate trade-off", () => {
    const s = run([g("hit", "complete", 200, 1), g("miss", "complete", 800, 30)], { disabled: false, maxAge: 30, staleWhileRevalidate: 15 });
    expect(s.advice).toMatchObject([{ rule: "longer-max-age", from: "hit ratio 20.0% of 1,000 cacheable queries; max_age 30 s", command: "hyperdrive update prod-db --max-age 300" }]);
    expect(s.advice[0].message).toMatch(/stale_while_revalidate \(now 15 s\).* max_age \+ swr/);
  });

  it("a low hit ratio with a long max_age already: no suggestion", () => {
    const s = run([g("hit", "complete", 200, 1), g("miss", "complete", 800, 30)], { disabled: false, maxAge: 600, staleWhileRevalidate: 15 });
    expect(s.advice).toEqual([]);
  });

  it("a healthy cache: no advice", () => {
    const s = run([g("hit", "complete", 800, 1), g("miss", "complete", 150, 30), g("uncacheable", "complete", 50, 40)]);
    expect(s.advice).toEqual([]);
  });
});
