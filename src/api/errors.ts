// API failures as one typed error, with the fix for each code (src/api/contract.ts) or, failing that, for the status.
import { CliError, EXIT_FAILURE, type ErrorDetail } from "../errors";
import { API_CODES, API_RATE_LIMIT, fixFor, type HintContext } from "./contract";
import type { ApiMessage } from "./schemas";

export class ApiError extends CliError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly errors: ApiMessage[];
  readonly retryAfter?: number;
  context: HintContext = {};
  /** The base URL the request went to, when its path does not end in /client/v4 (a "not found" is then its fault). */
  baseUrlPathSuspect?: string;

  constructor(init: { status: number; method: string; path: string; errors: ApiMessage[]; retryAfter?: number }) {
    const first = init.errors[0];
    super(first ? first.message : `The Cloudflare API answered HTTP ${init.status}.`, { exitCode: EXIT_FAILURE, kind: apiKind(init.status, init.errors) });
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.errors = init.errors;
    this.retryAfter = init.retryAfter;
  }

  /** Every code in the response, error chains included. */
  codes(): number[] {
    const out: number[] = [];
    const walk = (list: ApiMessage[]) => {
      for (const e of list) {
        out.push(e.code);
        if (e.error_chain) walk(e.error_chain);
      }
    };
    walk(this.errors);
    return out;
  }

  override details(): ErrorDetail[] {
    const list = this.errors.length ? this.errors : [{ code: 0, message: this.message }];
    const details: ErrorDetail[] = list.map((e) => {
      const hint = fixFor(e.code, this.context) ?? e.error_chain?.map((c) => fixFor(c.code, this.context)).find(Boolean);
      const chain = e.error_chain?.length ? ` (${e.error_chain.map((c) => `${c.message} [code: ${c.code}]`).join("; ")})` : "";
      return { ...(e.code ? { code: e.code } : {}), message: e.message + chain, ...(hint ? { hint } : {}) };
    });
    if (this.baseUrlPathSuspect !== undefined && (this.status === 404 || this.codes().some((c) => c === 7000 || c === 7003))) {
      const hint = `The API base URL's path looks wrong: ${this.baseUrlPathSuspect} does not end in /client/v4. Set CLOUDFLARE_API_BASE_URL to e.g. https://api.cloudflare.com/client/v4, or unset it.`;
      return details.map((d, i) => (i === 0 ? { ...d, hint } : d));
    }
    const fallback = statusHint(this);
    if (fallback && !details.some((d) => d.hint)) details[0] = { ...details[0], hint: fallback };
    return details;
  }
}

/** The codes that mean the credentials were refused or may not do this. */
const CREDENTIAL_CODES: ReadonlySet<number> = new Set(
  [API_CODES.authorizationFormat, API_CODES.invalidHeaders, API_CODES.unknownKey, API_CODES.missingAuth, API_CODES.unauthorized, API_CODES.authentication].map(
    (c) => c.code,
  ),
);

/** `auth` for 401, 403 and the credential codes (error chains included), else `api`. */
function apiKind(status: number, errors: ApiMessage[]): "auth" | "api" {
  if (status === 401 || status === 403) return "auth";
  const any = (list: ApiMessage[]): boolean => list.some((e) => CREDENTIAL_CODES.has(e.code) || (e.error_chain ? any(e.error_chain) : false));
  return any(errors) ? "auth" : "api";
}

/** Network failures reaching the API (DNS, refused, timeout, reset); `errno` is the system's code (`ECONNREFUSED`). */
export class NetworkError extends CliError {
  constructor(message: string, errno?: string, hint?: string) {
    super(message, { exitCode: EXIT_FAILURE, kind: "network", hint, errno });
  }
}

function statusHint(e: ApiError): string | undefined {
  if (e.status === 429) {
    return `The Cloudflare API rate-limits to ${API_RATE_LIMIT.requests.toLocaleString("en-US")} requests per ${API_RATE_LIMIT.windowSeconds / 60} minutes.${e.retryAfter !== undefined ? ` Wait ${e.retryAfter} s, then retry.` : " Wait a few minutes, then retry."}`;
  }
  if (e.status === 404) return "Not found: check the id (hyperdrive list shows them) and the account id.";
  if (e.status === 401 || e.status === 403) return "Check CLOUDFLARE_API_TOKEN and that it may use this account (--account-id).";
  if (e.status >= 500) return "Cloudflare's API had a problem; retry in a minute. https://www.cloudflarestatus.com shows incidents.";
  return undefined;
}
