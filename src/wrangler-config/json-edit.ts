// The minimal text edit of a wrangler.json / wrangler.jsonc. Comments, trailing commas, key order, the BOM and every
// line we do not need to touch stay byte-identical, and what is added is written in the file's own style.
//
// jsonc-parser's `modify` re-formats what it inserts, one member per line: a one-line file becomes a dozen tab-indented
// lines, an inline array (`"hyperdrive": [{ "binding": "A", "id": "x" }]`) is spread over several, and a one-line
// neighbour such as `{ "binding": "A", "id": "x" } // main db` moves its comment to the new entry. So:
// - a container written on one line (the file's root in a one-line file, an inline array or object) gets the new member
//   on that line, after the last one, spaced as the file spaces its JSON (`"a":1,"b":2` or `"a": 1, "b": 2`);
// - a container with one member per line gets the new member on a line of its own after the last one (which gains a
//   comma if it has none), itself on one line when the entries before it are;
// - `modify` does the rest: a value replaced in place, an empty container in a file of several lines, an empty file.
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
    const tree = parseTree(repointed, [], JSONC_PARSE_OPTIONS);
    const entry = tree && findNodeAtLocation(tree, [...path, change.index]);
    const inline = entry && !findNodeAtLocation(entry, ["remote"]) ? addOnSameLine(repointed, tree, entry, { key: "remote", value: true }) : undefined;
    return { ok: true, text: bom + applyEdits(repointed, inline ?? modify(repointed, [...path, change.index, "remote"], true, modifyOptions(layout))) };
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
    (target.node && root && addOnSameLine(body, root, target.node, member)) ??
    (target.node && root && insertOnOwnLine(body, root, target.node, member, layout)) ??
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
function insertOnOwnLine(body: string, root: Node, container: Node, member: Member, { eol, unit }: Layout): Edit[] | undefined {
  const last = container.children?.at(-1);
  if (!last) return undefined;
  const indent = indentBefore(body, last.offset);
  const end = last.offset + last.length;
  const lineEnd = nextLineStart(body, end);
  const tail = lineTail(body.slice(end, lineEnd));
  if (indent === undefined || !tail || !/[\r\n]/.test(body[lineEnd - 1] ?? "")) return undefined;
  // Entries written one per line, each on one line (`{ "binding": "A", "id": "x" }`): the new one is too.
  const oneLineEntries = container.type === "array" && isOneLineContainer(body, last);
  const text = oneLineEntries
    ? inlineMember(member, styleOf(body, last, root))
    : `${member.key === undefined ? "" : `${JSON.stringify(member.key)}: `}${JSON.stringify(member.value, null, unit)}`;
  const inserted = { offset: lineEnd, length: 0, content: indent + text.split("\n").join(eol + indent) + (tail.comma ? "," : "") + eol };
  return tail.comma ? [inserted] : [{ offset: end, length: 0, content: "," }, inserted];
}

/**
 * Adds the member on the container's own line when the container is written on one line: after its last member, or
 * inside an empty one when the whole file is one line with something in it (an empty `{}` alone has no style to keep,
 * and is laid out as wrangler writes a new file). Otherwise undefined.
 */
function addOnSameLine(body: string, root: Node, container: Node, member: Member): Edit[] | undefined {
  if ((container.type !== "object" && container.type !== "array") || !isOneLine(body, container)) return undefined;
  const style = styleOf(body, container, root);
  const text = inlineMember(member, style);
  const last = container.children?.at(-1);
  if (last) return [{ offset: last.offset + last.length, length: 0, content: style.comma + text }];
  if (!isOneLine(body, root) || !root.children?.length) return undefined;
  const pad = container.type === "object" ? style.objectPad : style.arrayPad;
  return [{ offset: container.offset + 1, length: 0, content: pad + text + pad }];
}

const isOneLine = (body: string, node: Node) => !/[\r\n]/.test(body.slice(node.offset, node.offset + node.length));
const isOneLineContainer = (body: string, node: Node) => (node.type === "object" || node.type === "array") && Boolean(node.children?.length) && isOneLine(body, node);

/** How the file spaces JSON written on one line: `{"a":1,"b":[2]}`, `{ "a": 1, "b": [2] }` … */
interface InlineStyle {
  colon: string;
  comma: string;
  objectPad: string;
  arrayPad: string;
}

/**
 * The style of the one-line JSON nearest the edit: the first separators found in `near` (the container or a
 * neighbouring entry), then in the whole file. Only separators without comments or line breaks count; what is never
 * seen follows the rest (spaces after colons mean spaces after commas).
 */
function styleOf(body: string, near: Node, root: Node): InlineStyle {
  const found: Partial<InlineStyle> = {};
  const gap = (from: number, to: number) => body.slice(from, to);
  const visit = (node: Node) => {
    if (node.type === "property" && node.children?.length === 2 && found.colon === undefined) {
      const [key, value] = node.children;
      const sep = gap(key.offset + key.length, value.offset);
      if (/^[ \t]*:[ \t]*$/.test(sep)) found.colon = sep.slice(sep.indexOf(":"));
    }
    if ((node.type === "object" || node.type === "array") && node.children?.length && isOneLine(body, node)) {
      const first = node.children[0];
      const pad = gap(node.offset + 1, first.offset);
      const which = node.type === "object" ? "objectPad" : "arrayPad";
      if (found[which] === undefined && /^[ \t]*$/.test(pad)) found[which] = pad;
      for (let i = 1; i < node.children.length && found.comma === undefined; i++) {
        const prev = node.children[i - 1];
        const sep = gap(prev.offset + prev.length, node.children[i].offset);
        if (/^[ \t]*,[ \t]*$/.test(sep)) found.comma = sep.slice(sep.indexOf(","));
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(near);
  if (near !== root) visit(root);
  const spaced = (found.colon ?? found.comma ?? "").endsWith(" ");
  return {
    colon: found.colon ?? (spaced ? ": " : ":"),
    comma: found.comma ?? (spaced ? ", " : ","),
    objectPad: found.objectPad ?? "",
    arrayPad: found.arrayPad ?? "",
  };
}

/** The member as one line of JSON in the given style. */
function inlineMember(member: Member, style: InlineStyle): string {
  const value = (v: unknown): string => {
    if (Array.isArray(v)) return v.length ? `[${style.arrayPad}${v.map(value).join(style.comma)}${style.arrayPad}]` : "[]";
    if (v !== null && typeof v === "object") {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      return entries.length
        ? `{${style.objectPad}${entries.map(([k, x]) => JSON.stringify(k) + style.colon + value(x)).join(style.comma)}${style.objectPad}}`
        : "{}";
    }
    return JSON.stringify(v);
  };
  return (member.key === undefined ? "" : JSON.stringify(member.key) + style.colon) + value(member.value);
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
