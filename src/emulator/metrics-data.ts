// Synthetic query events for the analytics emulator: a deterministic function of (seed, config id, minute), so the
// same question gets the same answer across requests and restarts, and another `--metrics-seed` gives other data.
// NOT real traffic: each config gets a made-up workload (rate, share of reads and writes, transactions, volatile
// reads, errors, latencies, sizes) with a daily rhythm, as if it had served it for the whole retention period with
// its current caching settings. Caching disabled: every query is `disabled`. The hit ratio grows with max_age.
import type { CacheStatus, EventStatus } from "../metrics/schema";

export interface SyntheticConfig {
  id: string;
  caching?: { disabled?: boolean; max_age?: number; stale_while_revalidate?: number };
}

/** Sums over the events of one (cacheStatus, eventStatus). */
export interface EventSums {
  cacheStatus: CacheStatus;
  eventStatus: EventStatus;
  count: number;
  queryLatency: number;
  connectionLatency: number;
  queryBytes: number;
  resultBytes: number;
}

/** What a workload's query of each kind looks like. */
interface Kind {
  status: CacheStatus;
  /** Multiplies the workload's base query latency. */
  latency: number;
  queryBytes: number;
  resultBytes: number;
  /** Answered from the cache: no database round trip, no connection, no error. */
  cached?: boolean;
}

const KINDS: Record<string, Kind> = {
  hit: { status: "hit", latency: 0.04, queryBytes: 180, resultBytes: 4200, cached: true },
  miss: { status: "miss", latency: 1, queryBytes: 180, resultBytes: 4200 },
  volatile: { status: "volatile", latency: 1.1, queryBytes: 160, resultBytes: 900 },
  oversizedresult: { status: "oversizedresult", latency: 14, queryBytes: 140, resultBytes: 55_000_000 },
  uncacheable: { status: "uncacheable", latency: 1.4, queryBytes: 260, resultBytes: 24 },
  multiplestatements: { status: "multiplestatements", latency: 1.7, queryBytes: 520, resultBytes: 300 },
  notaquery: { status: "notaquery", latency: 0.3, queryBytes: 40, resultBytes: 12 },
  oversizedquery: { status: "oversizedquery", latency: 2.5, queryBytes: 120_000, resultBytes: 24 },
  parseerror: { status: "parseerror", latency: 0.2, queryBytes: 90, resultBytes: 0 },
  transaction: { status: "transaction", latency: 1.2, queryBytes: 220, resultBytes: 600 },
};

/** 32-bit mixing (splitmix32's finaliser) of several integers: the generator's only source of "randomness". */
function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}
const unit = (...parts: number[]) => mix(...parts) / 0x1_0000_0000;

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

interface Workload {
  key: number;
  /** Queries a minute on average. */
  rate: number;
  phase: number;
  errorRate: number;
  baseLatency: number;
  connectionLatency: number;
  /** Share of all queries for each kind (sums to 1). */
  shares: Array<[kindName: string, share: number]>;
  disabled: boolean;
}

export const DEFAULT_METRICS_SEED = 1;

export function workloadOf(seed: number, config: SyntheticConfig): Workload {
  const key = mix(seed, stringHash(config.id));
  const u = (i: number) => unit(key, 0x5eed, i);
  const transaction = 0.03 + 0.12 * u(3);
  const reads = (0.6 + 0.3 * u(1)) * (1 - transaction);
  const writes = 1 - transaction - reads;
  const volatile = 0.03 + 0.15 * u(4);
  const oversized = 0.00005 + 0.00025 * u(9);
  const cacheable = 1 - volatile - oversized;
  const maxAge = config.caching?.max_age ?? 60;
  const swr = config.caching?.stale_while_revalidate ?? 15;
  // How often a read repeats one asked for recently enough to be in the cache.
  const repeat = 0.6 + 0.35 * u(2);
  const hitRatio = repeat * (1 - Math.exp(-(maxAge + swr / 2) / 60));
  return {
    key,
    rate: 4 + 40 * u(0),
    phase: 2 * Math.PI * u(8),
    errorRate: 0.002 + 0.02 * u(5),
    baseLatency: 8 + 40 * u(6),
    connectionLatency: 1 + 6 * u(7),
    disabled: config.caching?.disabled === true,
    shares: [
      ["hit", reads * cacheable * hitRatio],
      ["miss", reads * cacheable * (1 - hitRatio)],
      ["volatile", reads * volatile],
      ["oversizedresult", reads * oversized],
      ["uncacheable", writes * 0.9],
      ["multiplestatements", writes * 0.05],
      ["notaquery", writes * 0.04],
      ["oversizedquery", writes * 0.005],
      ["parseerror", writes * 0.005],
      ["transaction", transaction],
    ],
  };
}

/**
 * The sums of every (cacheStatus, eventStatus) over the events from `fromSecond` to `toSecond` (inclusive, Unix
 * seconds). Events happen on whole minutes.
 */
export function eventSums(seed: number, config: SyntheticConfig, fromSecond: number, toSecond: number): EventSums[] {
  const w = workloadOf(seed, config);
  const sums = new Map<string, EventSums>();
  const add = (status: CacheStatus, eventStatus: EventStatus, count: number, kind: Kind, jitter: number, connection: number) => {
    if (count <= 0) return;
    const k = `${status}|${eventStatus}`;
    let s = sums.get(k);
    if (!s) sums.set(k, (s = { cacheStatus: status, eventStatus, count: 0, queryLatency: 0, connectionLatency: 0, queryBytes: 0, resultBytes: 0 }));
    const slow = eventStatus === "error" ? 1.5 : 1;
    s.count += count;
    s.queryLatency += count * w.baseLatency * kind.latency * jitter * slow;
    s.connectionLatency += count * (kind.cached ? 0 : w.connectionLatency * connection);
    s.queryBytes += count * kind.queryBytes;
    s.resultBytes += eventStatus === "error" ? 0 : Math.round(count * kind.resultBytes * jitter);
  };
  for (let minute = Math.ceil(fromSecond / 60); minute * 60 <= toSecond; minute++) {
    const daily = 1 + 0.5 * Math.sin((2 * Math.PI * (minute % 1440)) / 1440 + w.phase);
    const expected = w.rate * daily * (0.8 + 0.4 * unit(w.key, minute));
    const jitter = 0.85 + 0.3 * unit(w.key, minute, 1);
    const connection = 0.1 + 0.15 * unit(w.key, minute, 2);
    w.shares.forEach(([name, share], i) => {
      const kind = KINDS[name];
      const count = Math.floor(expected * share + unit(w.key, minute, 10 + i));
      const errors = kind.cached ? 0 : Math.floor(count * w.errorRate + unit(w.key, minute, 40 + i));
      const status = w.disabled ? "disabled" : kind.status;
      add(status, "complete", count - errors, kind, jitter, connection);
      add(status, "error", errors, kind, jitter, connection);
    });
  }
  return [...sums.values()];
}
