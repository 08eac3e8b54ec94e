// `hyperdrive planetscale signature`: as `wrangler hyperdrive planetscale signature` (4.164, experimental) — POST
// …/hyperdrive/integrationsOperations/planetScale/createDatabaseSignature with no body, and only the answer's
// account_id, timestamp and signature on stdout as 4-space JSON.
import type { Context } from "../context";
import { ApiError } from "../api/errors";

export async function signature(ctx: Context): Promise<void> {
  if (!ctx.env.WRANGLER_HIDE_BANNER) ctx.out.note("🚧 `hyperdrive planetscale signature` is an experimental command. Please report any issues to https://github.com/cloudflare/workers-sdk/issues/new/choose");
  const api = await ctx.api();
  const result = await api.client.createDatabaseSignature(api.accountId, "planetScale");
  const fields = (typeof result === "object" && result !== null ? result : {}) as Record<string, unknown>;
  if (typeof fields.signature !== "string") {
    const path = `/accounts/${api.accountId}/hyperdrive/integrationsOperations/planetScale/createDatabaseSignature`;
    throw new ApiError({ status: 200, method: "POST", path, errors: [{ code: 0, message: "The API answered without a signature." }] });
  }
  ctx.out.print(JSON.stringify({ account_id: fields.account_id, timestamp: fields.timestamp, signature: fields.signature }, null, 4));
}
