// Plain aligned tables and key/value views; widths by visible length (colour codes excluded).
import { stripAnsi } from "./output";

const width = (s: string) => [...stripAnsi(s)].length;
const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - width(s)));

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]))).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
}

export function keyValues(pairs: Array<[string, string | undefined]>): string {
  const shown = pairs.filter(([, v]) => v !== undefined && v !== "") as Array<[string, string]>;
  const w = Math.max(...shown.map(([k]) => width(k)));
  return shown.map(([k, v]) => `${pad(k, w)}  ${v}`).join("\n");
}
