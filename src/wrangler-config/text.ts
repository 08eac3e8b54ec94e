// Small facts about a text file's bytes that every edit must keep: the byte-order mark and the line ending.

const BOM = "\uFEFF";

/** Splits off a leading byte-order mark, which the parsers reject and every edit must put back. */
export function splitBom(text: string): { bom: string; body: string } {
  return text.startsWith(BOM) ? { bom: BOM, body: text.slice(1) } : { bom: "", body: text };
}

/** The file's line ending, taken from its first line break ("\n" when there is none); old Mac files use "\r" alone. */
export function detectEol(text: string): "\n" | "\r\n" | "\r" {
  const first = /\r\n|\n|\r/.exec(text);
  return (first?.[0] as "\n" | "\r\n" | "\r" | undefined) ?? "\n";
}

/** 1-based line and column of an offset, as editors show them (CRLF, LF and a lone CR each end a line). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const breaks = before.match(/\r\n|\n|\r/g) ?? [];
  const lineStart = Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1;
  return { line: breaks.length + 1, column: offset - lineStart + 1 };
}

/** Offset just past the line break that ends the line containing `offset` (or the end of the text). */
export function nextLineStart(text: string, offset: number): number {
  const found = /\r\n|\n|\r/g;
  found.lastIndex = offset;
  const match = found.exec(text);
  return match ? match.index + match[0].length : text.length;
}

/** The whitespace that starts the line containing `offset`, or undefined when something else precedes `offset`. */
export function indentBefore(text: string, offset: number): string | undefined {
  const lineStart = Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
  const lead = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(lead) ? lead : undefined;
}
