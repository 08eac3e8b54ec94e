// The numbers `hyperdrive metrics` shows, from the groups of the answer: totals, the share of each cache status, the
// hit ratio among cacheable queries, errors, latencies of complete queries (averages weighted by each group's count),
// bytes, and the series. Plain values in and out.
import type { Group } from "./query";
import { CACHE_STATUSES, type CacheStatus } from "./schema";
import { iso, type Bucket, type MetricsWindow } from "./window";

/** One piece of caching advice (src/metrics/advice.ts derives them). */
export interface Advice {
  /** A stable name for scripts: enable-caching, uncacheable, transactions, oversized-results, longer-max-age, not-enough-queries. */
  rule: "enable-caching" | "uncacheable" | "transactions" | "oversized-results" | "longer-max-age" | "not-enough-queries";
  /** What to do or know, in a sentence or two. */
  message: string;
  /** The numbers it comes from. */
  from: string;
  /** A command that acts on it, when there is one. */
  command?: string;
}

/** The config's caching settings as the metrics read them (the API's defaults filled in). */
export interface CachingSettings {
  disabled: boolean;
  /** Seconds; absent when caching is disabled. */
  maxAge?: number;
  staleWhileRevalidate?: number;
}

export interface ConfigRef {
  id: string;
  name: string;
  caching: CachingSettings;
}

export interface Share {
  count: number;
  /** Of all queries in the window, 0–1 (0 when there are none). */
  share: number;
}

export interface SeriesPoint {
  since: string;
  until: string;
  count: number;
}

export interface MetricsSummary {
  config: ConfigRef;
  window: { since: string; until: string; seconds: number };
  total: number;
  byCacheStatus: Record<CacheStatus, Share> & Record<string, Share>;
  /** hit / (hit + miss): the share of cacheable queries answered from the cache; null without cacheable queries. */
  hitRatio: number | null;
  /** hit + miss. */
  cacheable: number;
  errors: Share;
  /** Averages over complete queries, weighted by count; null without complete queries. */
  latency: { queryMs: number | null; connectionMs: number | null; completeQueries: number };
  bytes: { query: number; result: number };
  /** Queries per bucket; null when the series was not asked for (the table of every config). */
  series: { bucketSeconds: number; points: SeriesPoint[] } | null;
  advice: Advice[];
  /** The answer came from the local emulator: the numbers are synthetic. */
  synthetic: boolean;
}

/** Round to `digits` decimals: shares and ratios keep 6 (shown to 0.1 %, so no double rounding), latencies 2. */
export const round = (n: number, digits = 6): number => Math.round(n * 10 ** digits) / 10 ** digits;

export const DEFAULT_MAX_AGE = 60;
export const DEFAULT_SWR = 15;

/** The settings from a config's `caching` member, with the documented defaults (max_age 60 s, swr 15 s). */
export function cachingSettings(caching: { disabled?: boolean; max_age?: number; stale_while_revalidate?: number } | undefined): CachingSettings {
  if (caching?.disabled === true) return { disabled: true };
  return { disabled: false, maxAge: caching?.max_age ?? DEFAULT_MAX_AGE, staleWhileRevalidate: caching?.stale_while_revalidate ?? DEFAULT_SWR };
}

export function summarize(input: {
  config: ConfigRef;
  window: Pick<MetricsWindow, "since" | "until" | "seconds" | "bucketSeconds">;
  groups: Group[];
  /** Counts per bucket, in order; absent for no series. */
  series?: { buckets: Bucket[]; counts: number[] };
  synthetic?: boolean;
  advise: (summary: Omit<MetricsSummary, "advice">) => Advice[];
}): MetricsSummary {
  const { groups } = input;
  const total = groups.reduce((n, g) => n + g.count, 0);
  const share = (count: number): Share => ({ count, share: total === 0 ? 0 : round(count / total) });
  const byStatus = new Map<string, number>(CACHE_STATUSES.map((s) => [s, 0]));
  let errors = 0;
  let complete = 0;
  let queryWeighted = 0;
  let queryWeight = 0;
  let connWeighted = 0;
  let connWeight = 0;
  let queryBytes = 0;
  let resultBytes = 0;
  for (const g of groups) {
    if (g.cacheStatus !== undefined) byStatus.set(g.cacheStatus, (byStatus.get(g.cacheStatus) ?? 0) + g.count);
    if (g.eventStatus === "error") errors += g.count;
    if (g.eventStatus === "complete") {
      complete += g.count;
      if (g.avgQueryLatency !== undefined) {
        queryWeighted += g.avgQueryLatency * g.count;
        queryWeight += g.count;
      }
      if (g.avgConnectionLatency !== undefined) {
        connWeighted += g.avgConnectionLatency * g.count;
        connWeight += g.count;
      }
    }
    queryBytes += g.queryBytes;
    resultBytes += g.resultBytes;
  }
  const byCacheStatus = Object.fromEntries([...byStatus].map(([s, n]) => [s, share(n)])) as MetricsSummary["byCacheStatus"];
  const hit = byStatus.get("hit") ?? 0;
  const cacheable = hit + (byStatus.get("miss") ?? 0);
  const summary: Omit<MetricsSummary, "advice"> = {
    config: input.config,
    window: { since: iso(input.window.since), until: iso(input.window.until), seconds: input.window.seconds },
    total,
    byCacheStatus,
    hitRatio: cacheable === 0 ? null : round(hit / cacheable),
    cacheable,
    errors: share(errors),
    latency: {
      queryMs: queryWeight === 0 ? null : round(queryWeighted / queryWeight, 2),
      connectionMs: connWeight === 0 ? null : round(connWeighted / connWeight, 2),
      completeQueries: complete,
    },
    bytes: { query: queryBytes, result: resultBytes },
    series: input.series
      ? {
          bucketSeconds: input.window.bucketSeconds,
          points: input.series.buckets.map((b, i) => ({ since: iso(b.since), until: iso(b.until), count: input.series!.counts[i] ?? 0 })),
        }
      : null,
    synthetic: input.synthetic ?? false,
  };
  return { ...summary, advice: input.advise(summary) };
}
