// Verify-before-write: an edit is accepted only if re-parsing the new text gives exactly the old document plus the
// intended change. Whatever the text editors get wrong, this catches it before the file is touched.
import { isDeepStrictEqual } from "node:util";
import { isTable, parseConfig, type ConfigDocument } from "./document";
import type { ConfigFormat } from "./locate";
import { sectionPath } from "./snippet";

/** What an edit means, independently of how the text is changed. */
export type IntendedChange =
  | { kind: "insert"; env?: string; entry: { binding: string; id: string; remote?: true } }
  /** The entry's id replaced (and `remote` set to true when asked); its other keys kept. */
  | { kind: "repoint"; env?: string; index: number; id: string; remote?: true };

/** The outcome of a text editor: the new text, or why this file's shape cannot be edited safely. */
export type EditAttempt = { ok: true; text: string } | { ok: false; reason: string };

/** The document with the change applied, as a new object (the input is not modified). */
export function applyChange(doc: ConfigDocument, change: IntendedChange): ConfigDocument {
  const result = structuredClone(doc);
  const path = sectionPath(change.env);
  let table = result;
  for (const key of path.slice(0, -1)) {
    if (!isTable(table[key])) table[key] = {};
    table = table[key] as ConfigDocument;
  }
  const key = path[path.length - 1];
  if (change.kind === "insert") {
    table[key] = [...((table[key] as unknown[] | undefined) ?? []), { ...change.entry }];
  } else {
    const entry = (table[key] as ConfigDocument[])[change.index];
    entry.id = change.id;
    if (change.remote) entry.remote = true;
  }
  return result;
}

export function verifyEdit(
  format: ConfigFormat,
  oldText: string,
  newText: string,
  change: IntendedChange,
): { ok: true } | { ok: false; reason: string } {
  const before = parseConfig(oldText, format);
  const after = parseConfig(newText, format);
  if (!before.ok) return { ok: false, reason: "the original file does not parse" };
  if (!after.ok) {
    return { ok: false, reason: `the edited file would not parse (${after.problem.reason} at line ${after.problem.line})` };
  }
  if (!isDeepStrictEqual(after.doc, applyChange(before.doc, change))) {
    return { ok: false, reason: "the edited file would differ from the original by more than the new binding" };
  }
  return { ok: true };
}
