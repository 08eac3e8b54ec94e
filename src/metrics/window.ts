// The time window of `hyperdrive metrics` (--since, --until) and the buckets of its series. Plain values in and out;
// the clock is passed in.
import { UsageError } from "../errors";
import { RETENTION_SECONDS } from "./schema";

export interface Bucket {
  /** Inclusive bounds, whole seconds (the API's datetime_geq / datetime_leq). */
  since: Date;
  until: Date;
}

export interface MetricsWindow {
  since: Date;
  until: Date;
  /** Seconds from since to until. */
  seconds: number;
  /** The series' bucket length in seconds (the last bucket may be shorter). */
  bucketSeconds: number;
  buckets: Bucket[];
}

export const DEFAULT_SINCE = "24h";
/** At most this many points in a series: one request stays small and the sparkline fits beside its labels. */
export const MAX_BUCKETS = 36;
const BUCKET_SIZES = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400];
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 7 * 86400 };

const floorSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/** `24h`, `7d`, `90m`, `2w` (before `now`), `now`, or an RFC 3339 date-time or a date (UTC midnight). */
export function parseTimeFlag(flag: string, value: string, now: Date): Date {
  const text = value.trim();
  const duration = /^(\d+)\s*([smhdw])$/i.exec(text);
  if (duration) return floorSecond(new Date(now.getTime() - Number(duration[1]) * UNITS[duration[2].toLowerCase()] * 1000));
  if (text.toLowerCase() === "now") return floorSecond(now);
  const isoDate = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const isoTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const parsed = isoDate ? Date.parse(`${text}T00:00:00Z`) : isoTime ? Date.parse(text.replace(" ", "T")) : NaN;
  if (Number.isNaN(parsed)) {
    throw new UsageError(
      `Invalid ${flag} '${value}': give a duration before now (30m, 24h, 7d, 2w) or a UTC time (2026-11-30T08:00:00Z, 2026-11-30).`,
      `For example: hyperdrive metrics prod-db ${flag} 7d`,
    );
  }
  return floorSecond(new Date(parsed));
}

/** The window the flags describe, checked against the 31 days Hyperdrive keeps, with its buckets. */
export function resolveWindow(flags: { since?: string; until?: string }, now: Date): MetricsWindow {
  let since = parseTimeFlag("--since", flags.since ?? DEFAULT_SINCE, now);
  const until = flags.until === undefined ? floorSecond(now) : parseTimeFlag("--until", flags.until, now);
  if (until.getTime() > now.getTime() + 60_000) {
    throw new UsageError(`--until ${flags.until} is in the future.`, "Leave --until out to end the window now.");
  }
  const oldest = now.getTime() - RETENTION_SECONDS * 1000;
  if (since.getTime() < oldest - 3600_000) {
    throw new UsageError(
      `--since ${flags.since} is older than the 31 days Hyperdrive keeps metrics for.`,
      "Choose --since 31d or less (or a time after " + new Date(oldest).toISOString().replace(/\.\d{3}Z$/, "Z") + ").",
    );
  }
  // `--since 31d` (or a moment past it): start a minute inside the retention, which ends by the time the API answers.
  if (since.getTime() < oldest + 60_000) since = floorSecond(new Date(oldest + 60_000));
  if (since.getTime() >= until.getTime()) {
    throw new UsageError(`The window is empty: --since (${iso(since)}) must be before --until (${iso(until)}).`);
  }
  const seconds = (until.getTime() - since.getTime()) / 1000;
  const bucketSeconds = BUCKET_SIZES.find((size) => Math.ceil(seconds / size) <= MAX_BUCKETS) ?? BUCKET_SIZES[BUCKET_SIZES.length - 1];
  return { since, until, seconds, bucketSeconds, buckets: bucketsOf(since, until, Math.min(bucketSeconds, seconds)) };
}

/** Equal buckets from `since`, each ending a second before the next begins; the last one ends at `until` (included). */
export function bucketsOf(since: Date, until: Date, bucketSeconds: number): Bucket[] {
  const out: Bucket[] = [];
  for (let start = since.getTime(); start <= until.getTime() - 1000 || out.length === 0; start += bucketSeconds * 1000) {
    const next = start + bucketSeconds * 1000;
    const end = next >= until.getTime() ? until.getTime() : next - 1000;
    out.push({ since: new Date(start), until: new Date(end) });
  }
  return out;
}

export const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** "hour", "6 hours", "day": the bucket length in words. */
export function bucketWords(seconds: number): string {
  if (seconds % 86400 === 0) return seconds === 86400 ? "day" : `${seconds / 86400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? "hour" : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? "minute" : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/** "24 hours", "7 days", "90 minutes": the window's length in words. */
export function spanWords(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (seconds % 86400 === 0 && seconds >= 2 * 86400) return plural(seconds / 86400, "day");
  if (seconds % 3600 === 0) return plural(seconds / 3600, "hour");
  if (seconds % 60 === 0) return plural(seconds / 60, "minute");
  return plural(seconds, "second");
}
