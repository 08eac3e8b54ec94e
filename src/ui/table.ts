// Tables and key/value views. A table is declared here — its columns, in the order shown, each with its importance —
// and laid out by ./table-render.ts, which measures display width and is loaded only when a table is printed
// (Output.table): `--json` never loads it. No imports: `get` loads this file for keyValues.

export interface Column {
  header: string;
  /** 0 is the most important. When the table is wider than the terminal, the least important columns give way first. */
  importance: number;
  /** Always shown (a config's id and name), cut with "…" only when nothing else is left to drop. */
  keep?: boolean;
  /** May be cut with "…" down to this many columns; without it the column is shown whole or not at all. */
  min?: number;
  /** The cells are our own words, coloured (a status): shown as they are, never cut. Others are data, escaped. */
  styled?: boolean;
  /** Numbers: the header and the cells end at the column's right edge. */
  align?: "right";
}

export interface Table {
  columns: Column[];
  /** The cells, one per column: plain text, but in a `styled` column. */
  rows: string[][];
}

/**
 * Control characters in a value, written out so that a row stays one line and the terminal obeys nothing in it: `\t`,
 * `\n`, `\r`, `\x1b` …, and the invisible format characters (bidirectional overrides `\u202e`, zero-width spaces), but
 * not the zero-width joiner and tag characters that emoji sequences are made of.
 */
const CONTROL = /[\p{Cc}\u2028\u2029]|(?![\u200d\u{e0020}-\u{e007f}])\p{Cf}/gu;
const NAMED: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

export function escapeControl(value: string): string {
  return value.replace(CONTROL, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : code <= 0xffff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\u{${code.toString(16)}}`;
  });
}

// Keys are our own plain ASCII words; values are escaped, so their length is their width here but for wide characters,
// which only the value (last on its line) holds.
const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - s.length));

export function keyValues(pairs: Array<[string, string | undefined]>): string {
  const shown = pairs.filter(([, v]) => v !== undefined && v !== "") as Array<[string, string]>;
  const w = Math.max(...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${pad(k, w)}  ${escapeControl(v)}`).join("\n");
}
