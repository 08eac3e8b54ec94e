// Hyperdrive's integration operations: POST /accounts/{account}/hyperdrive/integrationsOperations/{integration}/
// createDatabaseSignature (OpenAPI: beta; `integration` is `planetScale`), which `wrangler hyperdrive planetscale
// signature` calls with no body and pipes into `pscale database create`. The answer is `{account_id, timestamp,
// signature}`; here the signature is an HMAC-SHA256 of the account and the timestamp keyed with the emulator's token —
// stable and checkable, not PlanetScale's real scheme, which is not public.
import { createHmac } from "node:crypto";
import { CODES } from "../api/contract";
import { errorReply, type Route } from "./http";

export const INTEGRATIONS = ["planetScale"] as const;

export function integrationRoutes({ token, accountId, now = () => new Date() }: { token: string; accountId: string; now?: () => Date }): Route[] {
  return [
    {
      method: "POST",
      pattern: "/accounts/:account/hyperdrive/integrationsOperations/:integration/createDatabaseSignature",
      handle: ({ params }) => {
        if (!(INTEGRATIONS as readonly string[]).includes(params.integration)) {
          throw errorReply(400, CODES.configInvalid, `integration: must be one of ${INTEGRATIONS.join(", ")}, got "${params.integration}"`);
        }
        const timestamp = Math.floor(now().getTime() / 1000);
        const signature = createHmac("sha256", token).update(`${params.integration}:${accountId}:${timestamp}`).digest("hex");
        return { result: { account_id: accountId, timestamp, signature } };
      },
    },
  ];
}
