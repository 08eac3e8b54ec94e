// Small facts about a text file's bytes that every edit must keep: the byte-order mark and the line ending.

const BOM = "\uFEFF";

/** Splits off a leading byte-order mark, which the parsers reject and every edit must put back. */
export function splitBom(text: string): { bom: string; body: string } {
  return text.startsWith(BOM) ? { bom: BOM, body: text.slice(1) } : { bom: "", body: text };
}

/** The file's line ending, taken from its first line break ("\n" when there is none). */
export function detectEol(text: string): "\n" | "\r\n" {
  const lf = text.indexOf("\n");
  return lf > 0 && text[lf - 1] === "\r" ? "\r\n" : "\n";
}

/** 1-based line and column of an offset, as editors show them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/** Offset just past the line break that ends the line containing `offset` (or the end of the text). */
export function nextLineStart(text: string, offset: number): number {
  const lf = text.indexOf("\n", offset);
  return lf === -1 ? text.length : lf + 1;
}

/** The whitespace that starts the line containing `offset`, or undefined when something else precedes `offset`. */
export function indentBefore(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const lead = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(lead) ? lead : undefined;
}
