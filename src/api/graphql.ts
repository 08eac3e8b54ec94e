// Answers of the GraphQL Analytics API (POST /graphql). Unlike the v4 API it has no envelope: `{data, errors}`, and
// errors can come with HTTP 200 (GraphQL's rule). An answer with errors becomes a GraphqlError whose `kind` says what
// kind of failure it is, with a hint: a token without Account Analytics Read, the 300-queries-per-5-minutes limit,
// a query too large for one request (the metrics command then splits it), data older than 31 days.
import { CliError, EXIT_FAILURE, type ErrorDetail } from "../errors";
import { parseRetryAfter, type ApiClient, type HttpResponse } from "./client";

export const GRAPHQL_PATH = "/graphql";

export interface GraphqlMessage {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
  /** A v4 error code, when the API's gateway answered with the v4 envelope instead (bad credentials). */
  code?: number;
}

export type GraphqlErrorKind = "permission" | "unauthenticated" | "rate-limited" | "too-large" | "retention" | "query" | "server" | "other";

export interface GraphqlAnswer {
  data: unknown;
  /** The answer's `extensions` (the local emulator says there that its numbers are synthetic). */
  extensions?: Record<string, unknown>;
}

export const ANALYTICS_PERMISSION = "Account · Account Analytics · Read";

export function classifyGraphqlError(status: number, errors: GraphqlMessage[]): GraphqlErrorKind {
  const text = errors.map((e) => e.message).join("\n");
  if (/too many nodes|excessive resources|number of fields can(no|')t be more/i.test(text)) return "too-large";
  if (/rate limiter budget|too many queries in progress|rate.?limit/i.test(text) || status === 429) return "rate-limited";
  if (/not authorized|authorization denied|does not have access|not entitled|permission/i.test(text) || status === 403) return "permission";
  if (/^unauthorized$|authentication error|invalid api token|missing x-auth|invalid request headers|unknown x-auth/im.test(text) || status === 401) return "unauthenticated";
  if (/older than|time range is too large/i.test(text)) return "retention";
  if (/unknown (field|argument|type)|error parsing|must have (no )?selections|query contains error|syntax|unknown variable|variable/i.test(text) || status === 400) return "query";
  if (status >= 500) return "server";
  return "other";
}

const HINTS: Record<GraphqlErrorKind, string | undefined> = {
  permission: `Hyperdrive's metrics come from the GraphQL Analytics API: the API token needs the permission ${ANALYTICS_PERMISSION} (besides Account · Hyperdrive · Read). Add it at https://dash.cloudflare.com/profile/api-tokens, then run the command again.`,
  unauthenticated: "The API did not accept the credentials: check CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL).",
  "rate-limited": "The GraphQL Analytics API allows 300 queries per 5 minutes for each user: wait a few minutes, then run the command again (a narrower window or one config needs fewer).",
  "too-large": "The request asked for too much at once. Ask for one config, or a shorter window (--since).",
  retention: "Hyperdrive keeps metrics for 31 days: choose --since 31d or less.",
  query: "The API refused the query hyperdrive sent: this is a bug in hyperdrive. HYPERDRIVE_DEBUG=1 shows the query.",
  server: "Cloudflare's analytics service had a problem; retry in a minute. https://www.cloudflarestatus.com shows incidents.",
  other: undefined,
};

export class GraphqlError extends CliError {
  readonly method = "POST";
  readonly path = GRAPHQL_PATH;
  /** What the analytics API refused (its hint); `kind` is the CLI's error kind. */
  readonly reason: GraphqlErrorKind;
  constructor(
    readonly status: number,
    readonly errors: GraphqlMessage[],
    readonly retryAfter?: number,
  ) {
    const reason = classifyGraphqlError(status, errors);
    super(errors[0]?.message ?? `The GraphQL Analytics API answered HTTP ${status}.`, {
      exitCode: EXIT_FAILURE,
      kind: reason === "permission" || reason === "unauthenticated" ? "auth" : "api",
    });
    this.reason = reason;
  }

  override details(): ErrorDetail[] {
    const list = this.errors.length ? this.errors : [{ message: this.message }];
    let hint = HINTS[this.reason];
    if (this.reason === "rate-limited" && this.retryAfter !== undefined) hint = `${hint} (Retry-After: ${this.retryAfter} s)`;
    return list.map((e, i) => ({
      ...(e.code ? { code: e.code } : {}),
      message: `${e.message}${e.path?.length ? ` (at ${e.path.join(".")})` : ""}`,
      ...(i === 0 && hint ? { hint } : {}),
    }));
  }
}

/** `{data, errors}` from an answer, or a GraphqlError (errors in a 200 included). */
export function readGraphqlAnswer(res: HttpResponse, retryAfter?: number): GraphqlAnswer {
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    throw new GraphqlError(res.status, [{ message: `Received a malformed answer from the GraphQL API (HTTP ${res.status}): ${res.text.slice(0, 100)}` }], retryAfter);
  }
  const body = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  const errors = Array.isArray(body.errors) ? body.errors.map(toMessage) : [];
  // The v4 envelope: the gateway refused the request before GraphQL saw it (credentials, rate limit).
  if (body.success === false && errors.length === 0) errors.push({ message: `The API answered HTTP ${res.status}.` });
  if (errors.length > 0) throw new GraphqlError(res.status, errors, retryAfter);
  if (res.status >= 300) throw new GraphqlError(res.status, [{ message: `The GraphQL API answered HTTP ${res.status}.` }], retryAfter);
  if (!("data" in body)) throw new GraphqlError(res.status, [{ message: "The GraphQL API answered without data or errors." }], retryAfter);
  const extensions = body.extensions && typeof body.extensions === "object" ? (body.extensions as Record<string, unknown>) : undefined;
  return { data: body.data, ...(extensions ? { extensions } : {}) };
}

function toMessage(e: unknown): GraphqlMessage {
  const o = (e && typeof e === "object" ? e : {}) as Record<string, unknown>;
  return {
    message: typeof o.message === "string" ? o.message : JSON.stringify(e),
    ...(Array.isArray(o.path) ? { path: o.path.filter((p): p is string | number => typeof p === "string" || typeof p === "number") } : {}),
    ...(o.extensions && typeof o.extensions === "object" ? { extensions: o.extensions as Record<string, unknown> } : {}),
    ...(typeof o.code === "number" && o.code !== 0 ? { code: o.code } : {}),
  };
}

/** Failures worth sending the same read-only query again for: overload and 5xx, not a limit a retry cannot lift. */
export function isTransient(err: GraphqlError): boolean {
  if (err.status >= 500) return true;
  return err.status === 429 && err.reason === "rate-limited" && !/budget depleted/i.test(err.message);
}

/**
 * One GraphQL Analytics query. Queries only read, so network failures, overload and 5xx are retried (as a GET would
 * be); errors, HTTP 200 ones included, are thrown as a GraphqlError.
 */
export async function queryGraphql(client: ApiClient, body: { query: string; variables?: Record<string, unknown> }): Promise<GraphqlAnswer> {
  const res = await client.exchange("POST", GRAPHQL_PATH, body, ({ response }) => {
    if (!response) return true;
    try {
      readGraphqlAnswer(response);
      return false;
    } catch (err) {
      return err instanceof GraphqlError && isTransient(err);
    }
  });
  return readGraphqlAnswer(res, parseRetryAfter(res.header("retry-after")));
}
