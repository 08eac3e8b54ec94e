// What to do to a config file for one binding, decided from its text alone; the new text comes verified.
import { DEFAULT_BINDING } from "./binding-name";
import { bindingsIn, parseConfig, type SyntaxProblem } from "./document";
import type { ConfigFormat } from "./locate";
import { editJson } from "./json-edit";
import { editToml } from "./toml-edit";
import { verifyEdit, type IntendedChange } from "./verify";

export interface PlanRequest {
  text: string;
  format: ConfigFormat;
  env?: string;
  id: string;
  /** The binding's name (`--binding`, or typed at a prompt; default HYPERDRIVE). Must be valid. */
  binding?: string;
  /** `--remote`: write `"remote": true` (`wrangler dev` then connects to the deployed config). */
  remote?: boolean;
}

export type BindingPlan =
  /** `text` is the whole new file. */
  | { kind: "insert"; binding: string; text: string }
  | { kind: "repoint"; binding: string; previousId: string | undefined; text: string }
  /** The binding is there already, pointing to this id: nothing to write. */
  | { kind: "already"; binding: string }
  /** A shape a text edit cannot handle safely. */
  | { kind: "unsupported"; reason: string }
  /** The edit did not re-parse to the old document plus the binding. */
  | { kind: "unverified"; reason: string }
  | { kind: "invalid"; problem: SyntaxProblem };

/**
 * As wrangler 4.106+ writes bindings: the name is `binding` (default HYPERDRIVE); an entry of that name already in the
 * section — a template's `"id": "<YOUR_HYPERDRIVE_ID>"` placeholder, or an older config — is repointed in place,
 * keeping its other keys (`localConnectionString`, `remote`, comments); otherwise a new entry is added. Without an
 * explicit name, a config already bound under any name is left as it is.
 */
export function planBindingEdit({ text, format, env, id, binding, remote }: PlanRequest): BindingPlan {
  const parsed = parseConfig(text, format);
  if (!parsed.ok) return { kind: "invalid", problem: parsed.problem };
  const existing = bindingsIn(parsed.doc, env);
  if (binding === undefined) {
    const bound = existing.find((entry) => entry.id === id);
    if (bound && (!remote || bound.remote)) return { kind: "already", binding: bound.binding };
    binding = bound?.binding ?? DEFAULT_BINDING;
  }
  const same = existing.find((entry) => entry.binding === binding);
  if (same?.id === id && (!remote || same.remote)) return { kind: "already", binding };
  const change: IntendedChange = same
    ? { kind: "repoint", env, index: same.index, id, ...(remote ? { remote: true as const } : {}) }
    : { kind: "insert", env, entry: { binding, id, ...(remote ? { remote: true as const } : {}) } };
  const attempt = format === "toml" ? editToml(text, parsed.doc, change) : editJson(text, change);
  if (!attempt.ok) return { kind: "unsupported", reason: attempt.reason };
  const verdict = verifyEdit(format, text, attempt.text, change);
  if (!verdict.ok) return { kind: "unverified", reason: verdict.reason };
  return same
    ? { kind: "repoint", binding, previousId: same.id, text: attempt.text }
    : { kind: "insert", binding, text: attempt.text };
}
