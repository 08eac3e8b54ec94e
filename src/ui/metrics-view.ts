// How `hyperdrive metrics` reads in an 80-column terminal: one config (numbers, a bar per cache status, a sparkline of
// queries, advice), or a table of every config. Colour comes from kleur; Output strips it when stdout is no terminal.
import kleur from "kleur";
import type { Advice } from "../metrics/advice";
import type { MetricsSummary } from "../metrics/summarize";
import { bucketWords, spanWords } from "../metrics/window";
import { stripAnsi, type TableRenderer } from "./output";
import { escapeControl, type Column } from "./table";

export const WIDTH = 80;
const BAR = 36;
const SPARK = "▁▂▃▄▅▆▇█";
const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

const n = (count: number): string => count.toLocaleString("en-US");
const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const ms = (v: number | null): string => (v === null ? "–" : `${v.toFixed(1)} ms`);
const visible = (s: string) => [...stripAnsi(s)].length;
const padEnd = (s: string, w: number) => s + " ".repeat(Math.max(0, w - visible(s)));
const padStart = (s: string, w: number) => " ".repeat(Math.max(0, w - visible(s))) + s;

export function bytes(b: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let v = b;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${b} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** "2026-11-30 22:26" (UTC). */
const when = (isoText: string) => isoText.slice(0, 16).replace("T", " ");

/** A horizontal bar of `share` (0–1) in eighths of a cell, `width` cells at most. */
export function bar(share: number, width = BAR): string {
  const eighths = Math.round(Math.max(0, Math.min(1, share)) * width * 8);
  return "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** One character per value, ▁ to █ relative to the largest; a space for none. */
export function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (v <= 0 || max === 0 ? " " : SPARK[Math.min(7, Math.floor((v / max) * 7.999))])).join("");
}

/** Words wrapped to `width`, every line after the first indented by `indent`. */
/** `measure`: the width of text on a terminal (the table renderer's, for names that may be CJK or emoji). */
export function wrap(text: string, width: number, indent: string, firstIndent = indent, measure: (s: string) => number = visible): string {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && measure(line) + 1 + measure(word) > width) {
      lines.push(line);
      line = indent + word;
    } else line += (empty ? "" : " ") + word;
    empty = false;
  }
  lines.push(line);
  return lines.join("\n");
}

function windowLine(s: MetricsSummary): string {
  return `last ${spanWords(s.window.seconds)}, ${when(s.window.since)} → ${when(s.window.until)} UTC`;
}

function cachingLine(s: MetricsSummary): string {
  const c = s.config.caching;
  if (c.disabled) return "disabled";
  return `enabled: max_age ${c.maxAge} s, stale_while_revalidate ${c.staleWhileRevalidate} s`;
}

export const SYNTHETIC_NOTE = "Synthetic data from the local emulator: made-up query events, not real traffic.";

function adviceLines(advice: Advice[]): string[] {
  const out: string[] = [];
  for (const a of advice) {
    out.push(wrap(a.message, WIDTH, "    ", `  ${kleur.yellow("•")} `));
    out.push(kleur.dim(wrap(`from: ${a.from}`, WIDTH, "      ", "    ")));
    if (a.command) out.push(`    ${kleur.cyan(`$ ${a.command}`)}`);
  }
  return out;
}

/** One config, in full. */
export function metricsView(s: MetricsSummary): string {
  const lines: string[] = [];
  if (s.synthetic) lines.push(kleur.magenta(SYNTHETIC_NOTE), "");
  lines.push(`${kleur.bold(s.config.name)}  ${kleur.dim(s.config.id)}`);
  lines.push(`Window     ${windowLine(s)}`);
  lines.push(`Caching    ${cachingLine(s)}`);
  lines.push("");
  if (s.total === 0) {
    lines.push("No queries in this window.");
  } else {
    lines.push(`Queries    ${padEnd(n(s.total), 18)}errors ${n(s.errors.count)} (${pct(s.errors.share)})`);
    lines.push(
      `Hit ratio  ${s.hitRatio === null ? padEnd("–", 18) + "no cacheable queries (hit + miss)" : `${padEnd(pct(s.hitRatio), 18)}of ${n(s.cacheable)} cacheable queries (hit + miss)`}`,
    );
    lines.push(`Latency    ${padEnd(`query ${ms(s.latency.queryMs)}`, 18)}connection ${ms(s.latency.connectionMs)}  (complete queries)`);
    lines.push(`Bytes      ${padEnd(`queries ${bytes(s.bytes.query)}`, 18)}results ${bytes(s.bytes.result)}`);
    lines.push("", kleur.bold("Cache status"));
    const statuses = Object.entries(s.byCacheStatus)
      .filter(([, v]) => v.count > 0)
      .sort((a, b) => b[1].count - a[1].count);
    for (const [status, v] of statuses) {
      lines.push(`  ${padEnd(status, 19)}${padStart(pct(v.share), 6)}  ${kleur.cyan(padEnd(bar(v.share), BAR))}  ${padStart(n(v.count), 10)}`);
    }
  }
  if (s.series && s.series.points.length > 0) {
    const points = s.series.points;
    const counts = points.map((p) => p.count);
    const peak = Math.max(...counts);
    const spark = [...sparkline(counts)].map((c) => c + c).join("");
    const daily = s.series.bucketSeconds >= 86400;
    const label = (isoText: string) => (daily ? isoText.slice(0, 10) : s.window.seconds >= 86400 ? when(isoText).slice(5) : isoText.slice(11, 16));
    const start = label(points[0].since);
    const end = label(s.window.until);
    lines.push("", `${kleur.bold(`Queries per ${bucketWords(s.series.bucketSeconds)}`)}  ${kleur.dim(`(peak ${n(peak)})`)}`);
    lines.push(`  ${kleur.cyan(spark)}`);
    lines.push(`  ${start}${" ".repeat(Math.max(1, visible(spark) - start.length - end.length))}${end}`);
  }
  lines.push("", kleur.bold("Advice"));
  lines.push(...(s.advice.length ? adviceLines(s.advice) : ["  None: nothing in these numbers suggests a change to the caching settings."]));
  return lines.join("\n");
}

/** The table's columns: the name gives way first (cut with …); the numbers end at their column's right edge. */
const METRICS_COLUMNS: Column[] = [
  { header: "config", importance: 0, keep: true, min: 6 },
  { header: "queries", importance: 1, align: "right" },
  { header: "hit ratio", importance: 2, align: "right" },
  { header: "errors", importance: 3, align: "right" },
  { header: "query", importance: 4, align: "right" },
  { header: "connection", importance: 5, align: "right" },
  { header: "caching", importance: 6 },
];

/**
 * Every config of the account, one row each, then each config's advice in a line. `render` lays out the table in
 * WIDTH columns (Output.tableRenderer).
 */
export function metricsTable(summaries: MetricsSummary[], render: TableRenderer): string {
  const lines: string[] = [];
  if (summaries.some((s) => s.synthetic)) lines.push(kleur.magenta(SYNTHETIC_NOTE), "");
  if (summaries.length === 0) return [...lines, "No Hyperdrive configs in this account."].join("\n");
  lines.push(`Window  ${windowLine(summaries[0])}`, "");
  const rows = summaries.map((s) => [
    s.config.name,
    n(s.total),
    s.hitRatio === null ? "–" : pct(s.hitRatio),
    s.total === 0 ? "–" : pct(s.errors.share),
    ms(s.latency.queryMs),
    ms(s.latency.connectionMs),
    s.config.caching.disabled ? "disabled" : `${s.config.caching.maxAge} s`,
  ]);
  const [header, ...rest] = render({ columns: METRICS_COLUMNS, rows }).split("\n");
  lines.push(kleur.bold(header), ...rest);
  const advised = summaries.flatMap((s) => s.advice.filter((a) => a.rule !== "not-enough-queries").map((a) => ({ s, a })));
  lines.push("", kleur.bold("Advice"));
  if (advised.length === 0) lines.push("  None for these numbers.");
  for (const { s, a } of advised) {
    lines.push(wrap(`${escapeControl(s.config.name)} (${a.rule}): ${a.from}`, WIDTH, "    ", `  ${kleur.yellow("•")} `, render.width));
  }
  const few = summaries.filter((s) => s.advice.some((a) => a.rule === "not-enough-queries")).map((s) => s.config.name);
  if (few.length) lines.push(wrap(`Too few queries to advise on: ${few.map(escapeControl).join(", ")}.`, WIDTH, "    ", "  ", render.width));
  lines.push("", kleur.dim("One config in full, with its queries over time: hyperdrive metrics <config>"));
  return lines.join("\n");
}
