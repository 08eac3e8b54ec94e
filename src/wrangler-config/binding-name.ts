// Binding names: the property a Worker reads (`env.HYPERDRIVE`). They must be JavaScript identifiers; we suggest, we
// never rewrite silently (wrangler turns `my-db` into `my_db` without a word).
import { UsageError } from "../errors";

export const DEFAULT_BINDING = "HYPERDRIVE";

// ASCII only: the name also ends an environment variable (CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<BINDING>).
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// Reserved words are not identifiers: `const { class } = env` does not compile.
const RESERVED = new Set(
  ("await break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if implements import in instanceof interface let new null package private protected public return " +
    "static super switch this throw true try typeof var void while with yield").split(" "),
);

export function isValidBindingName(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

function withoutAccents(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "");
}

function guardLeadingDigit(name: string): string {
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** A valid name close to an invalid one, keeping its case: `my-db` → `my_db`, `1db` → `_1db`, `class` → `CLASS`. */
export function suggestBindingName(name: string): string {
  const cleaned = guardLeadingDigit(withoutAccents(name).replace(/[^A-Za-z0-9_$]+/g, "_").replace(/^_+|_+$/g, ""));
  if (cleaned === "") return DEFAULT_BINDING;
  return RESERVED.has(cleaned) ? cleaned.toUpperCase() : cleaned;
}

/** `--binding NAME` must be valid as given: exit 2 with a suggestion, before anything is sent or written. */
export function validateBindingFlag(name: string): void {
  if (isValidBindingName(name)) return;
  throw new UsageError(
    `--binding ${JSON.stringify(name)} is not a valid JavaScript identifier.`,
    `Use letters, digits, _ or $, not starting with a digit and not a reserved word, e.g. --binding ${suggestBindingName(name)}`,
  );
}
