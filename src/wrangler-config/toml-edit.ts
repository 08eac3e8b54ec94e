// The text edit of a wrangler.toml: a `[[hyperdrive]]` block appended after the section's last entry (else at the end
// of the file), or the value of one `id = "…"` line replaced. Every other byte is left alone. TOML array-of-tables
// headers are absolute paths, so a block appended after `[env.x]` still belongs where its header says; the verifier
// re-parses the result anyway.
import toml from "toml";
import { valueAt, type ConfigDocument } from "./document";
import { sectionPath, tomlBlock } from "./snippet";
import { detectEol, nextLineStart, splitBom } from "./text";
import type { EditAttempt, IntendedChange } from "./verify";

interface Line {
  /** The line without its line break. */
  text: string;
  /** Offset of the line's end (before the line break) and of the next line's start. */
  end: number;
  next: number;
  /** "continuation": inside a multi-line string or array, so neither a header nor a key. */
  kind: "header" | "code" | "continuation";
  header?: { path: string[]; array: boolean };
}

/** `doc` is the text parsed: it tells how the section is written today. */
export function editToml(text: string, doc: ConfigDocument, change: IntendedChange): EditAttempt {
  const { bom, body } = splitBom(text);
  const path = sectionPath(change.env);
  const dotted = path.join(".");
  const lines = scanLines(body);
  const entries = lines.flatMap((line, index) => (line.header?.array && samePath(line.header.path, path) ? [index] : []));
  const section = valueAt(doc, path);
  if (section !== undefined && (!Array.isArray(section) || entries.length === 0 || entries.length !== section.length)) {
    const shape = `not as [[${dotted}]] blocks (e.g. inline: ${path.at(-1)} = [ { … } ])`;
    return { ok: false, reason: `${dotted} is written ${shape}; only such blocks can be extended by a text edit` };
  }
  const eol = detectEol(body);
  if (change.kind === "repoint") {
    const edited = replaceId(body, lines, entries[change.index], change.id);
    if (edited === undefined) return { ok: false, reason: `entry ${change.index + 1} of [[${dotted}]] has no one-line id = "…" to replace` };
    if (!change.remote) return { ok: true, text: bom + edited };
    const remote = setRemote(edited, entries[change.index], eol);
    return remote === undefined
      ? { ok: false, reason: `entry ${change.index + 1} of [[${dotted}]] has a remote value that is not on one line` }
      : { ok: true, text: bom + remote };
  }
  const block = tomlBlock({ ...change.entry, env: change.env }, eol);
  if (entries.length === 0) return { ok: true, text: bom + appendAtEnd(body, block, eol) };
  const last = lines[entryEnd(lines, entries[entries.length - 1])];
  const inserted = last.next > last.end ? `${eol}${block}${eol}` : `${eol}${eol}${block}`;
  return { ok: true, text: bom + body.slice(0, last.next) + inserted + body.slice(last.next) };
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

/** At the end of the file, after one blank line (none added when the file is blank or already ends with one). */
function appendAtEnd(body: string, block: string, eol: string): string {
  if (body.trim() === "") return body + block + eol;
  if (!body.endsWith("\n")) return body + eol + eol + block;
  return body + (/\n[ \t]*\r?\n$/.test(body) ? "" : eol) + block + eol;
}

const isBlank = (line: Line) => line.kind === "code" && line.text.trim() === "";
const isComment = (line: Line) => line.kind === "code" && line.text.trimStart().startsWith("#");

/**
 * The last line of the entry whose header is at `header`: its keys and the comments that hang below them. Blank lines,
 * comment groups after a blank line, and comments sitting right on top of the next header are not the entry's.
 */
function entryEnd(lines: Line[], header: number): number {
  let next = header + 1;
  while (next < lines.length && lines[next].kind !== "header") next++;
  let last = header;
  for (let i = header + 1; i < next; i++) {
    if (!isBlank(lines[i]) && (!isComment(lines[i]) || i === last + 1)) last = i;
  }
  if (last === next - 1 && next < lines.length) {
    while (last > header && isComment(lines[last])) last--;
  }
  return last;
}

const ID_LINE = /^(\s*(?:id|"id"|'id')\s*=\s*)(?!"""|''')("(?:[^"\\]|\\.)*"|'[^']*')(.*)$/;

/** The body with the id of the entry at `header` replaced (same quoting), or undefined when no plain id line is found. */
function replaceId(body: string, lines: Line[], header: number, id: string): string | undefined {
  for (let i = header + 1; i < lines.length && lines[i].kind !== "header"; i++) {
    const match = lines[i].kind === "code" ? ID_LINE.exec(lines[i].text) : null;
    if (!match) continue;
    const [, lead, value, rest] = match;
    const quoted = value.startsWith("'") && !id.includes("'") ? `'${id}'` : JSON.stringify(id);
    const start = lines[i].end - lines[i].text.length;
    return body.slice(0, start) + lead + quoted + rest + body.slice(lines[i].end);
  }
  return undefined;
}

const REMOTE_LINE = /^(\s*(?:remote|"remote"|'remote')\s*=\s*)(true|false)(\s*(?:#.*)?)$/;

/** `remote = true` in the entry at line `header`: an existing `remote = …` line's value replaced, else a line added after the id. */
function setRemote(body: string, header: number, eol: string): string | undefined {
  const lines = scanLines(body);
  let idLine: Line | undefined;
  for (let i = header + 1; i < lines.length && lines[i].kind !== "header"; i++) {
    const line = lines[i];
    if (line.kind !== "code") continue;
    const remote = REMOTE_LINE.exec(line.text);
    if (remote) {
      const start = line.end - line.text.length;
      return body.slice(0, start) + remote[1] + "true" + remote[3] + body.slice(line.end);
    }
    if (/^\s*(?:remote|"remote"|'remote')\s*=/.test(line.text)) return undefined;
    if (ID_LINE.test(line.text)) idLine = line;
  }
  if (!idLine) return undefined;
  return body.slice(0, idLine.end) + eol + "remote = true" + body.slice(idLine.end);
}

interface ScanState {
  /** The delimiter of the multi-line string we are in. */
  string?: '"""' | "'''";
  /** Open brackets and braces of a value that spans lines. */
  depth: number;
}

/** Splits a TOML document into lines and tells headers from keys from the inside of multi-line values. */
function scanLines(body: string): Line[] {
  const lines: Line[] = [];
  let state: ScanState = { depth: 0 };
  for (let start = 0; start < body.length; ) {
    const next = nextLineStart(body, start);
    const text = body.slice(start, next).replace(/\r?\n$/, "");
    const inside = state.string !== undefined || state.depth > 0;
    const header = inside || !text.trimStart().startsWith("[") ? undefined : parseHeader(text);
    lines.push({ text, end: start + text.length, next, kind: inside ? "continuation" : header ? "header" : "code", header });
    if (!header) state = scanValue(text, state);
    start = next;
  }
  return lines;
}

/**
 * A header line parsed on its own: `[[env."a.b".hyperdrive]]` → path [env, a.b, hyperdrive], array. A line that does
 * not parse alone is not taken for a header (the verifier has the last word anyway).
 */
function parseHeader(text: string): Line["header"] {
  let value: unknown;
  try {
    value = toml.parse(text);
  } catch {
    return undefined;
  }
  const path: string[] = [];
  while (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1) {
    const [key] = Object.keys(value);
    path.push(key);
    value = (value as Record<string, unknown>)[key];
  }
  return { path, array: Array.isArray(value) };
}

/** Follows strings, comments and brackets through one line of keys and values. */
function scanValue(text: string, { string, depth }: ScanState): ScanState {
  let i = 0;
  while (i < text.length) {
    if (string) {
      const close = closingDelimiter(text, i, string);
      if (close === -1) return { string, depth };
      i = close;
      string = undefined;
      continue;
    }
    const c = text[i];
    if (c === "#") break;
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      string = text.slice(i, i + 3) as ScanState["string"];
      i += 3;
    } else if (c === '"' || c === "'") {
      i = endOfOneLineString(text, i);
    } else {
      if (c === "[" || c === "{") depth++;
      if (c === "]" || c === "}") depth--;
      i++;
    }
  }
  return { string, depth };
}

/** The offset after a multi-line string's closing delimiter on this line (with up to two quotes of content), or -1. */
function closingDelimiter(text: string, from: number, delimiter: string): number {
  for (let i = from; i <= text.length - 3; i++) {
    if (delimiter === '"""' && text[i] === "\\") {
      i++;
    } else if (text.startsWith(delimiter, i)) {
      let end = i + 3;
      while (end < text.length && end < i + 5 && text[end] === delimiter[0]) end++;
      return end;
    }
  }
  return -1;
}

/** The offset after a one-line basic ("…", with escapes) or literal ('…') string that starts at `from`. */
function endOfOneLineString(text: string, from: number): number {
  const quote = text[from];
  let i = from + 1;
  while (i < text.length && text[i] !== quote) i += quote === '"' && text[i] === "\\" ? 2 : 1;
  return i + 1;
}
