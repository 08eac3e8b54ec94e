// The Cloudflare API client: envelope parsing, retries with backoff, paging, and a transport seam. Answers are checked
// against the zod schemas (src/api/schemas.ts) through the validators generated from them (src/api/validators.ts): zod
// itself is never loaded here.
// The real transport is node:http, or undici when a proxy variable is set (transport.ts); tests pass a transport built
// on global fetch (which msw intercepts) or run the real one against the local emulator.
import { ApiError, NetworkError } from "./errors";
import { CliError } from "../errors";
import type { Account, ApiMessage, Certificate, CertUpload, ConfigCreate, ConfigPatch, HyperdriveConfig, ResultInfo } from "./schemas";
import type { Validator } from "./validators";

/**
 * The response validators (generated code, the largest module a read needs) are imported while the first request is
 * on its way, rather than before it is sent (docs/startup.md). A request names its validator as `(v) => v.validateX`.
 */
type Validators = typeof import("./validators");
let validators: Promise<Validators> | undefined;
const loadValidators = (): Promise<Validators> => (validators ??= import("./validators"));

export const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  header(name: string): string | undefined;
  text: string;
}

/**
 * Sends one request; `attempt` (1 for the first) is for the request trace (trace.ts). `maxBytes`: fail (code
 * HYPERDRIVE_ANSWER_TOO_LARGE) rather than read a longer answer.
 */
export type Transport = (request: HttpRequest, options: { timeoutMs: number; attempt?: number; maxBytes?: number }) => Promise<HttpResponse>;

/** How a request is authenticated (src/auth/credentials.ts finds them, and where they came from). */
export type ApiAuth = { kind: "token"; token: string } | { kind: "key"; email: string; key: string };

export interface ClientOptions {
  baseUrl?: string;
  credentials: ApiAuth;
  transport: Transport;
  userAgent: string;
  /** Whole-request timeout in milliseconds (default 60 000). */
  timeoutMs?: number;
  /** Attempts for a retriable request, the first included (default 3). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before a retry, for a note on stderr. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/** Network error codes that prove the request never reached the server, so even a POST may be sent again. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"]);
const IDEMPOTENT = new Set(["GET", "PUT", "PATCH", "DELETE", "HEAD"]);
const MAX_RETRY_AFTER_S = 60;
/** The largest answer read: a page of 100 configs is about 50 KB; a proxy streaming gigabytes must not fill memory. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const TOO_LARGE = "HYPERDRIVE_ANSWER_TOO_LARGE";

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `Retry-After` as seconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export interface ApiResult<T> {
  result: T;
  resultInfo?: ResultInfo | null;
  /** A DELETE retried after an attempt that may have been carried out found the object gone (404): it was deleted. */
  alreadyGone?: boolean;
}

/** Whether a request that failed with this network error code may have reached the server (and been carried out). */
export function mayHaveReachedServer(code: string | undefined): boolean {
  return code === undefined || !NEVER_SENT.has(code);
}

export class ApiClient {
  readonly baseUrl: string;
  private readonly o: Required<Omit<ClientOptions, "baseUrl" | "onRetry">> & Pick<ClientOptions, "onRetry">;
  /** Requests sent, retries included (the benchmark reports it). */
  requestCount = 0;

  constructor(options: ClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.o = {
      timeoutMs: 60_000,
      maxAttempts: 3,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      random: Math.random,
      ...options,
    };
  }

  url(path: string, query?: Record<string, string | number | undefined>): string {
    const q = Object.entries(query ?? {}).filter(([, v]) => v !== undefined);
    const qs = q.length ? `?${q.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join("&")}` : "";
    return `${this.baseUrl}${path}${qs}`;
  }

  private headers(hasBody: boolean): Record<string, string> {
    const c = this.o.credentials;
    return {
      accept: "application/json",
      "user-agent": this.o.userAgent,
      ...(hasBody ? { "content-type": "application/json" } : {}),
      ...(c.kind === "token" ? { authorization: `Bearer ${c.token}` } : { "x-auth-email": c.email, "x-auth-key": c.key }),
    };
  }

  private backoff(attempt: number, retryAfterS?: number): number {
    if (retryAfterS !== undefined) return retryAfterS * 1000;
    return Math.min(500 * 2 ** (attempt - 1), 8000) * (0.75 + 0.25 * this.o.random());
  }

  /** One API call: send, retry what may be retried, unwrap the envelope, check `result` with `validate`. */
  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; query?: Record<string, string | number | undefined>; validate: (v: Validators) => Validator<T> },
  ): Promise<ApiResult<T>> {
    const url = this.url(path, options.query);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req: HttpRequest = { method, url, headers: this.headers(body !== undefined), ...(body !== undefined ? { body } : {}) };
    /** An earlier attempt may have been carried out: its answer was lost, or the server failed after receiving it. */
    let mayHaveApplied = false;
    for (let attempt = 1; ; attempt++) {
      let res: HttpResponse;
      try {
        this.requestCount++;
        const answer = this.o.transport(req, { timeoutMs: this.o.timeoutMs, attempt, maxBytes: MAX_ANSWER_BYTES });
        // Awaited below, once there is an answer to check (a failed import then fails that request).
        loadValidators().catch(() => undefined);
        res = await answer;
      } catch (err) {
        // A transport that gives up with the program's own typed error (--local: the emulator's state file could not
        // be saved) has said what went wrong: passed on as it is, not retried.
        if (err instanceof CliError) throw err;
        const code = errorCode(err);
        // The same request would get the same answer: not retried.
        if (code === TOO_LARGE) throw new NetworkError(`${method} ${new URL(url).pathname} failed: ${(err as Error).message}.`, code, "The API (or a proxy on the way) sent far more than any Hyperdrive answer holds; check CLOUDFLARE_API_BASE_URL and HTTPS_PROXY.");
        mayHaveApplied ||= mayHaveReachedServer(code);
        const mayRetry = IDEMPOTENT.has(method) || (code !== undefined && NEVER_SENT.has(code));
        if (mayRetry && attempt < this.o.maxAttempts) {
          const delayMs = this.backoff(attempt);
          this.o.onRetry?.({ attempt, delayMs, reason: code ?? "network error" });
          await this.o.sleep(delayMs);
          continue;
        }
        throw networkError(err, method, url);
      }
      // The object is gone, and an earlier DELETE may have removed it: the delete succeeded, its answer was lost.
      if (method === "DELETE" && res.status === 404 && mayHaveApplied) return { result: null as T, resultInfo: null, alreadyGone: true };
      const retryAfter = parseRetryAfter(res.header("retry-after"));
      const retriable = res.status === 429 || res.status >= 500;
      if (res.status >= 500) mayHaveApplied = true;
      if (retriable && IDEMPOTENT.has(method) && attempt < this.o.maxAttempts && (retryAfter ?? 0) <= MAX_RETRY_AFTER_S) {
        const delayMs = this.backoff(attempt, retryAfter);
        this.o.onRetry?.({ attempt, delayMs, reason: `HTTP ${res.status}` });
        await this.o.sleep(delayMs);
        continue;
      }
      return this.unwrap(res, method, path, await loadValidators(), options.validate, retryAfter);
    }
  }

  private unwrap<T>(res: HttpResponse, method: string, path: string, v: Validators, validate: (v: Validators) => Validator<T>, retryAfter?: number): ApiResult<T> {
    const fail = (errors: ApiMessage[]) => {
      const e = new ApiError({ status: res.status, method, path, errors, retryAfter });
      if (!/\/client\/v4$/.test(new URL(this.baseUrl).pathname)) e.baseUrlPathSuspect = this.baseUrl;
      return e;
    };
    if (res.header("cf-mitigated") === "challenge") {
      throw fail([{ code: 0, message: "The request was challenged by Cloudflare's firewall (cf-mitigated: challenge); retry later or from another network." }]);
    }
    let json: unknown;
    try {
      json = res.text === "" && res.status < 300 ? { success: true, errors: [], messages: [], result: null } : JSON.parse(res.text);
    } catch {
      throw fail([{ code: 0, message: `Received a malformed response from the API (HTTP ${res.status}): ${res.text.slice(0, 100)}` }]);
    }
    const env = v.validateEnvelope(json);
    if (!env.success) {
      throw fail([{ code: 0, message: `The API answered HTTP ${res.status} without the usual envelope: ${res.text.slice(0, 100)}` }]);
    }
    if (!env.data.success || res.status >= 400) {
      throw fail(env.data.errors.length ? env.data.errors : [{ code: 0, message: `The Cloudflare API answered HTTP ${res.status}.` }]);
    }
    const parsed = validate(v)(env.data.result);
    if (!parsed.success) {
      throw fail([{ code: 0, message: `Unexpected response from the API: ${parsed.path.join(".") || "result"}: ${parsed.message}` }]);
    }
    return { result: parsed.data, resultInfo: env.data.result_info };
  }

  /** Every item of a paged list: `per_page` items a page until `total_count` is reached or a page comes back empty. */
  async listAll<T>(path: string, validate: (v: Validators) => Validator<T[]>, perPage = 100, query: Record<string, string | undefined> = {}): Promise<T[]> {
    const all: T[] = [];
    const seen = new Set<string>();
    const broken = (page: number, why: string) =>
      new ApiError({ status: 200, method: "GET", path, errors: [{ code: 0, message: `Paging ${path} stopped at page ${page}: ${why}.` }] });
    for (let page = 1; ; page++) {
      const { result, resultInfo } = await this.request("GET", path, { query: { ...query, page, per_page: perPage }, validate });
      // A server or proxy that ignores `page` answers page 1 again and again: stop at the first repeat.
      const keys = result.map((item) => JSON.stringify((item as { id?: unknown }).id ?? item));
      if (keys.length > 0 && keys.every((key) => seen.has(key))) throw broken(page, "the API answered items of an earlier page again (it ignores `page`)");
      for (const key of keys) seen.add(key);
      all.push(...result);
      const total = resultInfo?.total_count;
      if (total !== undefined && all.length > total) throw broken(page, `more items than the total_count of ${total}`);
      if (result.length === 0 || total === undefined || all.length >= total) return all;
    }
  }

  // Hyperdrive configs ---------------------------------------------------------------------------------------------

  listConfigs(accountId: string): Promise<HyperdriveConfig[]> {
    return this.listAll(`/accounts/${enc(accountId)}/hyperdrive/configs`, (v) => v.validateConfigList);
  }
  async getConfig(accountId: string, id: string): Promise<HyperdriveConfig> {
    return (await this.request("GET", `/accounts/${enc(accountId)}/hyperdrive/configs/${enc(id)}`, { validate: (v) => v.validateConfig })).result;
  }
  async createConfig(accountId: string, body: ConfigCreate): Promise<HyperdriveConfig> {
    return (await this.request("POST", `/accounts/${enc(accountId)}/hyperdrive/configs`, { body, validate: (v) => v.validateConfig })).result;
  }
  async patchConfig(accountId: string, id: string, body: ConfigPatch): Promise<HyperdriveConfig> {
    return (await this.request("PATCH", `/accounts/${enc(accountId)}/hyperdrive/configs/${enc(id)}`, { body, validate: (v) => v.validateConfig })).result;
  }
  /** POST …/restart: the pool drops its connections and opens new ones (with the stored credentials); sets restarted_on. */
  async restartConfig(accountId: string, id: string): Promise<HyperdriveConfig> {
    return (await this.request("POST", `/accounts/${enc(accountId)}/hyperdrive/configs/${enc(id)}/restart`, { validate: (v) => v.validateConfig })).result;
  }
  /** `{account_id, timestamp, signature}` for `pscale database create` (OpenAPI: beta; the account must be entitled). */
  async createDatabaseSignature(accountId: string, integration: "planetScale"): Promise<unknown> {
    return (await this.request("POST", `/accounts/${enc(accountId)}/hyperdrive/integrationsOperations/${integration}/createDatabaseSignature`, { validate: (v) => v.validateAnything })).result;
  }
  /** `alreadyDeleted`: a retry found it gone after an attempt whose answer was lost (see request). */
  async deleteConfig(accountId: string, id: string): Promise<{ alreadyDeleted: boolean }> {
    const { alreadyGone } = await this.request("DELETE", `/accounts/${enc(accountId)}/hyperdrive/configs/${enc(id)}`, { validate: (v) => v.validateAnything });
    return { alreadyDeleted: alreadyGone === true };
  }

  // Certificates ---------------------------------------------------------------------------------------------------

  listCertificates(accountId: string, query: Record<string, string | undefined> = {}): Promise<Certificate[]> {
    return this.listAll(`/accounts/${enc(accountId)}/mtls_certificates`, (v) => v.validateCertificateList, 50, query);
  }
  async getCertificate(accountId: string, id: string): Promise<Certificate> {
    return (await this.request("GET", `/accounts/${enc(accountId)}/mtls_certificates/${enc(id)}`, { validate: (v) => v.validateCertificate })).result;
  }
  async uploadCertificate(accountId: string, body: CertUpload): Promise<Certificate> {
    return (await this.request("POST", `/accounts/${enc(accountId)}/mtls_certificates`, { body, validate: (v) => v.validateCertificate })).result;
  }
  async deleteCertificate(accountId: string, id: string): Promise<Certificate> {
    return (await this.request("DELETE", `/accounts/${enc(accountId)}/mtls_certificates/${enc(id)}`, { validate: (v) => v.validateCertificate })).result;
  }

  // Answers without the v4 envelope ---------------------------------------------------------------------------------

  /**
   * Send `body` as JSON and hand back the raw answer, for APIs without the v4 envelope (GraphQL Analytics,
   * src/api/graphql.ts). `retry` says whether an answer (or a network failure) is worth sending again; the backoff,
   * Retry-After (up to 60 s) and the attempt limit are the client's.
   */
  async exchange(method: string, path: string, body: unknown, retry: (outcome: { response?: HttpResponse; error?: unknown }) => boolean): Promise<HttpResponse> {
    const url = this.url(path);
    const req: HttpRequest = { method, url, headers: this.headers(true), body: JSON.stringify(body) };
    for (let attempt = 1; ; attempt++) {
      let res: HttpResponse | undefined;
      let error: unknown;
      try {
        this.requestCount++;
        res = await this.o.transport(req, { timeoutMs: this.o.timeoutMs, attempt });
      } catch (err) {
        error = err;
      }
      const retryAfter = res ? parseRetryAfter(res.header("retry-after")) : undefined;
      if (attempt < this.o.maxAttempts && (retryAfter ?? 0) <= MAX_RETRY_AFTER_S && retry(res ? { response: res } : { error })) {
        const delayMs = this.backoff(attempt, retryAfter);
        this.o.onRetry?.({ attempt, delayMs, reason: res ? `HTTP ${res.status}` : (errorCode(error) ?? "network error") });
        await this.o.sleep(delayMs);
        continue;
      }
      if (!res) throw networkError(error, method, url);
      return res;
    }
  }

  // Accounts -------------------------------------------------------------------------------------------------------

  listAccounts(): Promise<Account[]> {
    return this.listAll("/accounts", (v) => v.validateAccountList, 50);
  }
}

const enc = encodeURIComponent;

function networkError(err: unknown, method: string, url: string): NetworkError {
  const code = errorCode(err);
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  const what: Record<string, string> = {
    ECONNREFUSED: `${host} refused the connection`,
    ENOTFOUND: `${host} could not be resolved`,
    EAI_AGAIN: `${host} could not be resolved (DNS is not answering)`,
    UND_ERR_CONNECT_TIMEOUT: `connecting to ${host} timed out`,
    UND_ERR_HEADERS_TIMEOUT: `${host} did not answer in time`,
    UND_ERR_BODY_TIMEOUT: `${host} did not finish its answer in time`,
    ECONNRESET: `${host} closed the connection`,
    UND_ERR_SOCKET: `${host} closed the connection`,
    ABORT_ERR: `the request to ${host} timed out`,
  };
  const proxy = (err as { proxy?: unknown } | undefined)?.proxy;
  if (typeof proxy === "string") {
    const detail = code && what[code] ? what[code].replace(host, `the proxy ${proxy}`) : `the proxy ${proxy} failed: ${(err as Error)?.message ?? String(err)}`;
    return new NetworkError(`${method} ${new URL(url).pathname} failed: ${detail}.`, code, "Check HTTPS_PROXY / HTTP_PROXY (is the proxy running at that address?), or NO_PROXY to go around it.");
  }
  const detail = (code && what[code]) ?? `${(err as Error)?.message ?? String(err)}`;
  return new NetworkError(
    `${method} ${new URL(url).pathname} failed: ${detail}.`,
    code,
    "Check the network (and HTTPS_PROXY / NO_PROXY if you use a proxy), or CLOUDFLARE_API_BASE_URL if you set it.",
  );
}
