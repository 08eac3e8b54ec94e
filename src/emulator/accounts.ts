// Authentication (an API token, or a global key with its e-mail), the one account (and the caller's membership of it,
// which is how wrangler finds the account when CLOUDFLARE_ACCOUNT_ID is unset), the user (`wrangler whoami`), and token
// verification.
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { API_CODES, CODES } from "../api/contract";
import { ErrorReply, errorReply, pageOf, readPaging, type Route } from "./http";

/** The characters of Cloudflare API tokens and keys; anything else in a bearer token is a malformed header. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * Accepts `Authorization: Bearer <token>`, or `X-Auth-Email: <any>` with `X-Auth-Key: <token>` (the emulator's one
 * secret serves as both the API token and the global key). Answers the way Cloudflare does otherwise.
 */
export function authenticate(headers: IncomingHttpHeaders, token: string, { verifiesToken = false } = {}): void {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const bearer = /^Bearer ([^ ]+)$/i.exec(authorization.trim());
    if (!bearer || !TOKEN_PATTERN.test(bearer[1])) {
      throw new ErrorReply(400, [
        {
          code: CODES.invalidHeaders,
          message: API_CODES.invalidHeaders.message,
          error_chain: [{ code: CODES.authorizationFormat, message: API_CODES.authorizationFormat.message }],
        },
      ]);
    }
    if (bearer[1] === token) return;
    throw verifiesToken
      ? errorReply(401, CODES.invalidApiToken, API_CODES.invalidApiToken.message)
      : errorReply(401, CODES.authentication, API_CODES.authentication.message);
  }
  const email = headers["x-auth-email"];
  const key = headers["x-auth-key"];
  if (email !== undefined && key !== undefined) {
    // A global key is not an API token: there is nothing to verify.
    if (verifiesToken) throw errorReply(401, CODES.invalidApiToken, API_CODES.invalidApiToken.message);
    if (key === token) return;
    throw errorReply(403, CODES.unknownKey, API_CODES.unknownKey.message);
  }
  throw errorReply(400, CODES.missingAuth, API_CODES.missingAuth.message);
}

export interface AccountRouteOptions {
  accountId: string;
  token: string;
  createdOn: string;
}

export function accountRoutes({ accountId, token, createdOn }: AccountRouteOptions): Route[] {
  const account = {
    id: accountId,
    name: "Hyperdrive emulator",
    type: "standard",
    settings: { enforce_twofactor: false, abuse_contact_email: null },
    created_on: createdOn,
  };
  const verified = () => ({
    result: { id: createHash("sha256").update(token).digest("hex").slice(0, 32), status: "active" },
    messages: [{ code: 10000, message: "This API Token is valid and active", type: null }],
  });
  const membership = {
    id: createHash("sha256").update(`membership:${accountId}`).digest("hex").slice(0, 32),
    account,
    status: "accepted",
    roles: ["Administrator"],
  };
  return [
    {
      method: "GET",
      pattern: "/accounts",
      handle: ({ query }) => pageOf([account], readPaging(query, { perPage: 20, min: 5, max: 50 })),
    },
    {
      method: "GET",
      pattern: "/memberships",
      handle: ({ query }) => pageOf([membership], readPaging(query, { perPage: 20, min: 5, max: 50 })),
    },
    // `wrangler whoami` reads the user behind the credentials: one made-up user, with the account's creation date.
    {
      method: "GET",
      pattern: "/user",
      handle: () => ({
        result: {
          id: createHash("sha256").update(`user:${accountId}`).digest("hex").slice(0, 32),
          email: "emulator@example.com",
          first_name: null,
          last_name: null,
          username: createHash("sha256").update(`username:${accountId}`).digest("hex").slice(0, 32),
          telephone: null,
          country: null,
          zipcode: null,
          two_factor_authentication_enabled: false,
          two_factor_authentication_locked: false,
          has_pro_zones: false,
          has_business_zones: false,
          has_enterprise_zones: false,
          suspended: false,
          betas: [],
          organizations: [],
          created_on: createdOn,
          modified_on: createdOn,
        },
      }),
    },
    { method: "GET", pattern: "/user/tokens/verify", verifiesToken: true, handle: verified },
    { method: "GET", pattern: "/accounts/:account/tokens/verify", verifiesToken: true, handle: verified },
  ];
}
