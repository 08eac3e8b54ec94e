import { defineCommand } from "../spec";

export const checkSpec = defineCommand({
  name: "check",
  description: "before a deploy: check that every Hyperdrive binding of the Worker's config points to a config of the account",
  examples: `
Reads the wrangler config found as wrangler finds it (or --config): the top level and every env, or only --env NAME.
Each binding's config is looked up in one list request; the certificates its config uses, in one more.
A problem (exit 1): an id the account does not have, a placeholder (<…>, all zeros, empty), an id the local emulator
made (fine with --local), a binding name used twice in an env, a CA or client certificate that has expired.
A warning (exit 0): a certificate that expires within 30 days; no local connection string for wrangler dev.

Examples:
  $ hyperdrive check
  $ hyperdrive check --env staging --json | jq '.bindings[] | select(.status == "problem")'
  $ hyperdrive --local check                      # against the local emulator (its ids are fine there)
Exit codes: 0 a deploy would find every config (warnings allowed) · 1 a problem, or the API failed · 2 no wrangler config, no such --env`,
});
