// Where a secret flag's value comes from: `-` (standard input, or a masked prompt on a terminal), `@file` (the file's
// contents) or `env:NAME` (an environment variable); anything else is the value itself. Pure: the reading is the
// caller's (Context.secretFrom), so every secret flag of every command accepts the same forms.
import { UsageError } from "../errors";

export type SecretSource =
  | { kind: "literal"; value: string }
  | { kind: "stdin" }
  | { kind: "file"; path: string }
  | { kind: "env"; name: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function secretSource(value: string, flag: string): SecretSource {
  if (value === "-") return { kind: "stdin" };
  if (value.startsWith("@")) {
    const path = value.slice(1);
    if (path === "") throw new UsageError(`${flag} @ needs a file name after the @.`, `e.g. ${flag} @secrets/db-password`);
    return { kind: "file", path };
  }
  if (value.startsWith("env:")) {
    const name = value.slice(4);
    if (!ENV_NAME.test(name)) {
      throw new UsageError(`${flag} env:${name} does not name an environment variable.`, `e.g. ${flag} env:DB_PASSWORD`);
    }
    return { kind: "env", name };
  }
  return { kind: "literal", value };
}

/** A secret read from a file or a variable: one trailing newline removed, never empty. */
export function secretText(text: string, flag: string, from: string): string {
  const value = text.replace(/\r?\n$/, "");
  if (value === "") throw new UsageError(`${flag} ${from} is empty.`, "Put the secret in it, or read it from standard input with -.");
  return value;
}

