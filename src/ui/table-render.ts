// Lays out a table (./table.ts) in a given number of terminal columns, measuring each cell's display width: CJK and
// emoji count two columns, combining marks none. Loaded only when a table is printed (Output.table).
//
// The width library is fast-string-truncated-width: it measures and cuts at a width (with "…", never inside a
// character or an emoji sequence) in one pass, and loads in a few milliseconds; string-width gives the same widths for
// the names a table holds but loads an Intl.Segmenter and \p{RGI_Emoji} expressions first (docs/startup.md).
import truncatedWidth from "fast-string-truncated-width";
import { escapeControl, type Column, type Table } from "./table";

const GAP = 2;
const NO_LIMIT = { limit: Infinity, ellipsis: "" };
const CUT = { ellipsis: "…", ellipsisWidth: 1 };

export const displayWidth = (s: string): number => truncatedWidth(s, NO_LIMIT).width;

/** A code point that belongs to the one before it: a combining mark, a joiner, a variation selector, a skin tone, a tag. */
const ATTACHED = /^[\p{M}\u200d\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;
const REGIONAL = /^[\u{1f1e6}-\u{1f1ff}]/u;

/** The offset one character before `end`: never between a character and what attaches to it, nor inside a flag. */
function previousBoundary(s: string, end: number): number {
  const back = (i: number) => (i >= 2 && /[\udc00-\udfff]/.test(s[i - 1]) && /[\ud800-\udbff]/.test(s[i - 2]) ? i - 2 : i - 1);
  let i = back(end);
  while (i > 0 && (ATTACHED.test(s.slice(i)) || s[i - 1] === "\u200d")) i = back(i);
  // A flag is two regional indicators: cut before the pair, not between its halves.
  let regional = 0;
  for (let j = i; j > 0 && REGIONAL.test(s.slice(back(j))); j = back(j)) regional++;
  return regional % 2 === 1 ? back(i) : i;
}

/** The text cut to at most `width` columns, ending in "…" when something was cut. */
export function cutToWidth(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  const room = Math.max(0, width - 1);
  // The library's cut is the first guess; its index can be a character too far in mixed CJK text ("データ…").
  let end = truncatedWidth(s, { ...CUT, limit: Math.max(1, width) }).index;
  while (end > 0 && displayWidth(s.slice(0, end)) > room) end = previousBoundary(s, end);
  return `${s.slice(0, end)}…`;
}

const padTo = (s: string, width: number) => s + " ".repeat(Math.max(0, width - displayWidth(s)));
const padStartTo = (s: string, width: number) => " ".repeat(Math.max(0, width - displayWidth(s))) + s;

/**
 * The table as text. `width` undefined (output that is not a terminal): every column in full. Otherwise the table is
 * fitted to `width`: columns with no value in any row go first, then the least important columns are dropped until
 * every column that may be cut gets at least its minimum; the space left goes to the columns that were cut, the more
 * important first.
 */
export function renderTable(table: Table, width?: number): string {
  const rows = table.rows.map((r) => table.columns.map((c, i) => (c.styled ? (r[i] ?? "") : escapeControl(r[i] ?? ""))));
  const natural = table.columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i]))));
  const widths = width === undefined ? natural : fit(table.columns, rows, natural, width);
  const shown = table.columns.map((_, i) => i).filter((i) => widths[i] !== undefined);
  const line = (cells: string[]) =>
    shown
      .map((i, n) => {
        const w = widths[i]!;
        const cell = displayWidth(cells[i]) > w ? cutToWidth(cells[i], w) : cells[i];
        if (table.columns[i].align === "right") return padStartTo(cell, w);
        return n === shown.length - 1 ? cell : padTo(cell, w);
      })
      .join(" ".repeat(GAP))
      .trimEnd();
  return [
    line(table.columns.map((c) => c.header)),
    line(table.columns.map((_, i) => (widths[i] === undefined ? "" : "─".repeat(widths[i]!)))),
    ...rows.map(line),
  ].join("\n");
}

/** The width of each column shown in `width` terminal columns; undefined for a column left out. */
function fit(columns: Column[], rows: string[][], natural: number[], width: number): Array<number | undefined> {
  const total = (set: number[], w: (i: number) => number) => set.reduce((sum, i) => sum + w(i), 0) + GAP * Math.max(0, set.length - 1);
  let set = columns.map((_, i) => i);
  if (total(set, (i) => natural[i]) <= width) return natural;
  set = set.filter((i) => columns[i].keep || rows.some((r) => r[i] !== ""));
  // Least important last; a column kept is never dropped.
  const droppable = set.filter((i) => !columns[i].keep).sort((a, b) => columns[a].importance - columns[b].importance || a - b);
  for (;;) {
    const layout = share(columns, set, natural, width);
    if (layout || droppable.length === 0) {
      const out: Array<number | undefined> = columns.map(() => undefined);
      const widths = layout ?? share(columns, set, natural, width, true)!;
      set.forEach((i, n) => (out[i] = widths[n]));
      return out;
    }
    const drop = droppable.pop()!;
    set = set.filter((i) => i !== drop);
  }
}

/**
 * Widths for the columns of `set` in `width`: whole columns take their natural width, the columns that may be cut start
 * at their minimum, and the space left lets them grow back, the more important first. Undefined when even the
 * minimums do not fit (unless `force`: then the columns that may be cut share what is left, at least one column each).
 */
function share(columns: Column[], set: number[], natural: number[], width: number, force = false): number[] | undefined {
  const cuttable = (i: number) => columns[i].min !== undefined;
  const widths = new Map<number, number>(set.map((i) => [i, cuttable(i) ? Math.min(natural[i], columns[i].min!) : natural[i]]));
  let room = width - GAP * Math.max(0, set.length - 1) - [...widths.values()].reduce((sum, w) => sum + w, 0);
  const open = set.filter(cuttable).sort((a, b) => columns[a].importance - columns[b].importance || a - b);
  if (room < 0) {
    if (!force) return undefined;
    for (const i of open.reverse()) {
      const give = Math.min(widths.get(i)! - 1, -room);
      widths.set(i, widths.get(i)! - give);
      room += give;
    }
  }
  for (const i of open) {
    const grow = Math.max(0, Math.min(natural[i] - widths.get(i)!, room));
    widths.set(i, widths.get(i)! + grow);
    room -= grow;
  }
  return set.map((i) => widths.get(i)!);
}
