// Caching advice, derived only from the window's numbers and the config's caching settings. Each piece says which
// number it comes from. Below MIN_QUERIES there is no advice, only a note saying so.
import type { Advice, MetricsSummary } from "./summarize";

export type { Advice };


/** Fewer queries than this in the window are too few to advise on. */
export const MIN_QUERIES = 100;
/** Share of queries at which a reason for not caching is worth a line. */
export const UNCACHEABLE_SHARE = 0.2;
export const TRANSACTION_SHARE = 0.1;
export const OVERSIZED_SHARE = 0.01;
/** A hit ratio below this with max_age at or under SHORT_MAX_AGE suggests a longer max_age. */
export const LOW_HIT_RATIO = 0.5;
export const SHORT_MAX_AGE = 60;
/** Results this many times larger than the query text, on average, look like reads. */
const READ_BYTES_FACTOR = 4;

const pct = (share: number): string => `${(share * 100).toFixed(share > 0 && share < 0.001 ? 2 : 1)}%`;
const n = (count: number): string => count.toLocaleString("en-US");

/** The statuses only a read gets: cached, or a read that could not be cached for what it returned or called. */
const READ_STATUSES = ["hit", "miss", "volatile", "oversizedresult"] as const;

export function adviseCaching(s: Omit<MetricsSummary, "advice">, configArg = s.config.name): Advice[] {
  if (s.total < MIN_QUERIES) {
    return [
      {
        rule: "not-enough-queries",
        message: `Too few queries for caching advice: ${n(s.total)} in the window, at least ${n(MIN_QUERIES)} needed. Widen it with --since (up to 31d).`,
        from: `total ${n(s.total)}`,
      },
    ];
  }
  const out: Advice[] = [];
  const count = (status: string) => s.byCacheStatus[status]?.count ?? 0;
  const share = (status: string) => s.byCacheStatus[status]?.share ?? 0;
  const caching = s.config.caching;

  if (caching.disabled && share("disabled") >= 0.5) {
    const reads = readEvidence(s);
    if (reads) {
      out.push({
        rule: "enable-caching",
        message: `Caching is disabled, and most queries look like reads: enabling it would answer repeated reads from the cache instead of the database.`,
        from: `${reads}; disabled ${pct(share("disabled"))} of ${n(s.total)} queries`,
        command: `hyperdrive update ${configArg} --caching-disabled false`,
      });
    }
  }

  if (!caching.disabled) {
    const notCached = share("uncacheable") + share("volatile");
    if (notCached >= UNCACHEABLE_SHARE) {
      out.push({
        rule: "uncacheable",
        message:
          "Many queries cannot be cached. Writes (INSERT, UPDATE, DELETE, DDL) never are; reads that call volatile functions such as NOW(), RANDOM() or nextval() are not either: " +
          "pass such values from the Worker as parameters so the read can be cached. With Postgres.js, prepare: false also makes queries uncacheable.",
        from: `uncacheable ${pct(share("uncacheable"))} + volatile ${pct(share("volatile"))} of ${n(s.total)} queries`,
      });
    }
    if (share("transaction") >= TRANSACTION_SHARE) {
      out.push({
        rule: "transactions",
        message:
          "Queries inside explicit transactions (BEGIN … COMMIT) are never cached. Run reads that need no transaction outside one; some ORMs wrap every query in a transaction unless told not to.",
        from: `transaction ${pct(share("transaction"))} (${n(count("transaction"))} queries)`,
      });
    }
    if (count("oversizedresult") > 0 && share("oversizedresult") >= OVERSIZED_SHARE) {
      out.push({
        rule: "oversized-results",
        message:
          "Some results are larger than Hyperdrive's cache limit (50 MB per result) and are never cached: select fewer columns or rows (LIMIT, pagination) to make them cacheable.",
        from: `oversizedresult ${pct(share("oversizedresult"))} (${n(count("oversizedresult"))} queries)`,
      });
    }
    const maxAge = caching.maxAge ?? 60;
    if (s.hitRatio !== null && s.cacheable >= MIN_QUERIES && s.hitRatio < LOW_HIT_RATIO && maxAge <= SHORT_MAX_AGE) {
      const longer = Math.min(3600, Math.max(300, maxAge * 5));
      const swr = caching.staleWhileRevalidate ?? 15;
      out.push({
        rule: "longer-max-age",
        message:
          `Few cacheable queries are hits with max_age ${maxAge} s: results expire before they are asked for again. A longer max_age (up to 3600 s) keeps them longer, at the cost of staler data. ` +
          `stale_while_revalidate (now ${swr} s) also serves an expired result while it is refreshed: faster still, but readers may see data up to max_age + swr seconds old.`,
        from: `hit ratio ${pct(s.hitRatio)} of ${n(s.cacheable)} cacheable queries; max_age ${maxAge} s`,
        command: `hyperdrive update ${configArg} --max-age ${longer}`,
      });
    }
  }
  return out;
}

/** Why the queries of a config with caching disabled look like reads, or undefined when they do not. */
function readEvidence(s: Omit<MetricsSummary, "advice">): string | undefined {
  // Queries classified while caching was on (the window may span a change of the setting) tell reads from writes.
  const classified = s.total - (s.byCacheStatus.disabled?.count ?? 0);
  if (classified >= MIN_QUERIES) {
    const reads = READ_STATUSES.reduce((sum, status) => sum + (s.byCacheStatus[status]?.count ?? 0), 0);
    const share = reads / classified;
    return share >= 0.5 ? `reads ${pct(share)} of the ${n(classified)} queries classified while caching was on` : undefined;
  }
  // Otherwise the bytes: reads return rows, writes little more than a status.
  if (s.bytes.query === 0) return undefined;
  const factor = s.bytes.result / s.bytes.query;
  return factor >= READ_BYTES_FACTOR ? `results ${factor.toFixed(1)}× the size of the query text` : undefined;
}
