// The minimal text edit of a wrangler.json / wrangler.jsonc. Comments, trailing commas, key order, the BOM and every
// line we do not need to touch stay byte-identical.
//
// jsonc-parser's `modify` re-formats the whole line it inserts on: a one-line neighbour such as `{ "binding": "A", "id":
// "x" } // main db` gets spread over several lines and its comment moves to the new entry. So when the container
// already lists one member per line, the new member goes on a line of its own after the last one (which gains a comma
// if it has none). `modify` is used for the rest: a value replaced in place, an empty or one-line container, an empty
// file.
import { applyEdits, findNodeAtLocation, modify, parseTree } from "jsonc-parser";
import type { Edit, ModificationOptions, Node } from "jsonc-parser";
import { JSONC_PARSE_OPTIONS } from "./document";
import { sectionPath } from "./snippet";
import { detectEol, indentBefore, nextLineStart, splitBom } from "./text";
import type { EditAttempt, IntendedChange } from "./verify";

interface Layout {
  eol: string;
  /** One level of indentation: a tab or N spaces. */
  unit: string;
}

export function editJson(text: string, change: IntendedChange): EditAttempt {
  const { bom, body } = splitBom(text);
  const root = parseTree(body, [], JSONC_PARSE_OPTIONS);
  const layout = { eol: detectEol(body), unit: detectIndentUnit(body, root) };
  const path = sectionPath(change.env);
  if (change.kind === "repoint") {
    const repointed = applyEdits(body, modify(body, [...path, change.index, "id"], change.id, modifyOptions(layout)));
    if (!change.remote) return { ok: true, text: bom + repointed };
    return { ok: true, text: bom + applyEdits(repointed, modify(repointed, [...path, change.index, "remote"], true, modifyOptions(layout))) };
  }
  const target = deepestExisting(root, path);
  if (typeof target === "string") return { ok: false, reason: target };
  // The array exists: append an element. Otherwise add the first missing key, holding the rest of the path.
  const missing = path.slice(target.depth);
  const member: Member =
    missing.length === 0
      ? { value: change.entry }
      : { key: missing[0], value: missing.slice(1).reduceRight<unknown>((value, key) => ({ [key]: value }), [change.entry]) };
  const edits =
    (target.node && insertOnOwnLine(body, target.node, member, layout)) ??
    (missing.length === 0
      ? modify(body, [...path, -1], change.entry, modifyOptions(layout))
      : modify(body, path, [change.entry], modifyOptions(layout)));
  const edited = applyEdits(body, edits);
  return { ok: true, text: bom + (body === "" ? edited + layout.eol : edited) };
}

/** The deepest node that exists along the path, or why the path cannot be extended (a step has the wrong type). */
function deepestExisting(root: Node | undefined, path: string[]): { node: Node | undefined; depth: number } | string {
  let node = root;
  let depth = 0;
  while (node && depth < path.length) {
    if (node.type !== "object") return `"${path.slice(0, depth).join(".")}" is not an object`;
    const child = findNodeAtLocation(node, [path[depth]]);
    if (!child) break;
    node = child;
    depth++;
  }
  if (node && depth === path.length && node.type !== "array") return `"${path.join(".")}" is not an array`;
  return { node, depth };
}

/** An array element (no key) or an object property. */
interface Member {
  key?: string;
  value: unknown;
}

/**
 * Adds the member on a new line after the container's last member, indented like it, when the container has one member
 * per line: the last member starts its line and is followed on that line only by a comma and comments. Otherwise
 * undefined (the caller falls back to `modify`).
 */
function insertOnOwnLine(body: string, container: Node, member: Member, { eol, unit }: Layout): Edit[] | undefined {
  const last = container.children?.at(-1);
  if (!last) return undefined;
  const indent = indentBefore(body, last.offset);
  const end = last.offset + last.length;
  const lineEnd = nextLineStart(body, end);
  const tail = lineTail(body.slice(end, lineEnd));
  if (indent === undefined || !tail || !/[\r\n]/.test(body[lineEnd - 1] ?? "")) return undefined;
  const key = member.key === undefined ? "" : `${JSON.stringify(member.key)}: `;
  const lines = (key + JSON.stringify(member.value, null, unit)).split("\n");
  const inserted = { offset: lineEnd, length: 0, content: indent + lines.join(eol + indent) + (tail.comma ? "," : "") + eol };
  return tail.comma ? [inserted] : [{ offset: end, length: 0, content: "," }, inserted];
}

/** What follows a member up to the end of its line, when that is only an optional comma and comments. */
function lineTail(rest: string): { comma: boolean } | undefined {
  let s = rest.trimStart();
  const comma = s.startsWith(",");
  if (comma) s = s.slice(1).trimStart();
  while (s.startsWith("/*")) {
    const close = s.indexOf("*/");
    if (close === -1) return undefined;
    s = s.slice(close + 2).trimStart();
  }
  return s === "" || s.startsWith("//") ? { comma } : undefined;
}

/** The indentation of the first top-level member that starts its own line; a tab when there is none (wrangler's). */
function detectIndentUnit(body: string, root: Node | undefined): string {
  for (const child of root?.children ?? []) {
    const indent = indentBefore(body, child.offset);
    if (indent) return indent.startsWith("\t") ? "\t" : indent;
  }
  return "\t";
}

function modifyOptions({ eol, unit }: Layout): ModificationOptions {
  return { formattingOptions: { insertSpaces: unit !== "\t", tabSize: unit === "\t" ? 4 : unit.length, eol } };
}
