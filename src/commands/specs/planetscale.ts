import { defineCommand } from "../spec";

export const PLANETSCALE = { name: "planetscale", description: "authorize Cloudflare-billed PlanetScale databases [experimental]" };

export const planetscaleSignatureSpec = defineCommand({
  name: "signature",
  description: "generate a signed authorization for creating a Cloudflare-billed PlanetScale database [experimental]",
  examples: `
Prints only {account_id, timestamp, signature} as JSON on stdout, as wrangler 4.164 does, for piping into
\`pscale database create\`; the experimental notice goes to stderr (hidden by WRANGLER_HIDE_BANNER).

Examples:
  $ hyperdrive planetscale signature > signature.json`,
});
