// What to do to a config file for one binding, decided from its text alone; the new text comes verified.
import { DEFAULT_BINDING, deriveBindingName, freeBindingName } from "./binding-name";
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
  /** An explicit name (`--binding`, or typed at a prompt): may repoint an existing binding. Must be valid. */
  binding?: string;
  /** Without `binding`: HYPERDRIVE when free, else this name in UPPER_SNAKE_CASE. */
  configName?: string;
}

export type BindingPlan =
  /** `text` is the whole new file. */
  | { kind: "insert"; binding: string; text: string }
  | { kind: "repoint"; binding: string; previousId: string | undefined; text: string }
  /** The binding is there already, pointing to this id: nothing to write. */
  | { kind: "already"; binding: string }
  /** The default names are taken and a default never clobbers; `suggestion` is free. */
  | { kind: "conflict"; taken: string[]; suggestion: string }
  /** A shape a text edit cannot handle safely. */
  | { kind: "unsupported"; reason: string }
  /** The edit did not re-parse to the old document plus the binding. */
  | { kind: "unverified"; reason: string }
  | { kind: "invalid"; problem: SyntaxProblem };

export function planBindingEdit({ text, format, env, id, binding, configName = "" }: PlanRequest): BindingPlan {
  const parsed = parseConfig(text, format);
  if (!parsed.ok) return { kind: "invalid", problem: parsed.problem };
  const existing = bindingsIn(parsed.doc, env);
  const named = (name: string) => existing.find((entry) => entry.binding === name);
  if (binding === undefined) {
    const bound = existing.find((entry) => entry.id === id);
    if (bound) return { kind: "already", binding: bound.binding };
    const defaults = [...new Set([DEFAULT_BINDING, deriveBindingName(configName)])];
    binding = defaults.find((name) => !named(name));
    if (binding === undefined) {
      const taken = new Set(existing.map((entry) => entry.binding));
      return { kind: "conflict", taken: defaults, suggestion: freeBindingName(defaults[defaults.length - 1], taken) };
    }
  }
  const same = named(binding);
  if (same?.id === id) return { kind: "already", binding };
  const change: IntendedChange = same
    ? { kind: "repoint", env, index: same.index, id }
    : { kind: "insert", env, entry: { binding, id } };
  const attempt = format === "toml" ? editToml(text, parsed.doc, change) : editJson(text, change);
  if (!attempt.ok) return { kind: "unsupported", reason: attempt.reason };
  const verdict = verifyEdit(format, text, attempt.text, change);
  if (!verdict.ok) return { kind: "unverified", reason: verdict.reason };
  return same
    ? { kind: "repoint", binding, previousId: same.id, text: attempt.text }
    : { kind: "insert", binding, text: attempt.text };
}
