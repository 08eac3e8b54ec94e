// A local stand-in for the Cloudflare API (Hyperdrive configs, mTLS certificates, accounts, token verification),
// served under /client/v4 on node:http. `hyperdrive emulator` and the global `--local` flag start it; tests start it
// on an ephemeral loopback port. See README.md in this folder for the behaviour and the error codes it chooses.
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { CliError, UsageError } from "../errors";
import type { ProbeOrigin } from "../probe/types";
import { TOKEN_PATTERN, accountRoutes, authenticate } from "./accounts";
import { certificateRoutes } from "./certificates";
import { configRoutes, type Plan } from "./configs";
import { integrationRoutes } from "./integrations";
import { createConnectionTest } from "./connection-test";
import { createFaultPlan, type FaultDecision, type FaultSpec } from "./faults";
import { API_CODES, API_RATE_LIMIT, CODES, FREE_PLAN_MAX_CONFIGS, PAID_PLAN_MAX_CONFIGS, accountIdProblem } from "../api/contract";
import {
  ErrorReply,
  errorReply,
  failureEnvelope,
  readJsonBody,
  successEnvelope,
  type RawReply,
  type Reply,
  type Route,
} from "./http";
import { analyticsRoutes } from "./analytics";
import { DEFAULT_METRICS_SEED } from "./metrics-data";
import { Store, type StateSharing } from "./store";
import { StateFileError } from "./state-errors";

export { parseFaultSpec, type FaultSpec, type FaultTrigger } from "./faults";

const DEFAULT_PORT = 8787;
const DEFAULT_HOST = "127.0.0.1";
/** The API token (and global key) the emulator accepts unless told another. */
export const DEFAULT_TOKEN = "hyperdrive-emulator-token";
/** The emulator's one account. */
export const DEFAULT_ACCOUNT_ID = "0123456789abcdef0123456789abcdef";
/** The emulator models a Paid account. */
const DEFAULT_MAX_CONFIGS = PAID_PLAN_MAX_CONFIGS;
const BASE_PATH = "/client/v4";

export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. Default 8787. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Persist the state to this JSON file (it holds origin passwords and private keys: mode 0600). Default: memory. */
  statePath?: string;
  /**
   * "shared" (the default, for `--local`: one emulator per command, several at once): each change locks the file,
   * loads it fresh, applies, saves, unlocks. "exclusive" (`hyperdrive emulator`): the file is locked for the
   * emulator's lifetime, and a second emulator on it fails with a UsageError naming the first one's pid.
   */
  stateSharing?: StateSharing;
  /** Replaces the state file's atomic write (tests inject disk failures). */
  writeStateFile?: (path: string, text: string) => Promise<void>;
  token?: string;
  accountId?: string;
  /** Private, loopback and link-local origins pass the connection test instead of failing with 2009. */
  allowPrivateOrigins?: boolean;
  /** Accept every origin without a connection test. */
  skipOriginCheck?: boolean;
  /**
   * The account's plan (default paid): the documented limits it models. Free: 10 configs, connection limit 20 (its
   * default and its most). Paid: 25 configs, default connection limit 60 and no most (the API schema sets none).
   */
  plan?: Plan;
  /** How many Hyperdrive configs the account may hold. Default: the plan's (25 on paid). */
  maxConfigs?: number;
  faults?: FaultSpec[];
  /** The connection test's probe; by default src/probe's `probeOrigin`, loaded when first needed. */
  probe?: ProbeOrigin;
  /** Seeds the synthetic query events the GraphQL Analytics API (POST /graphql) answers from. Default 1. */
  metricsSeed?: number;
  /** The clock of the analytics answers (retention, the events up to now); tests fix it. */
  now?: () => Date;
  /** One line per request (method, path, status, time) and per internal error. Never bodies or secrets. */
  logger?: (line: string) => void;
  /**
   * The state file could not be read or saved while answering a request (answered 500, 10002, with the message). An
   * in-process caller (`--local`) reports this error itself instead of the API failure its client sees.
   */
  onStateError?: (error: StateFileError) => void;
}

export interface Emulator {
  /** The API base URL, e.g. http://127.0.0.1:8787/client/v4. */
  url: string;
  port: number;
  accountId: string;
  token: string;
  /** Stops listening, drops open connections and waits for pending state writes. */
  close(): Promise<void>;
}

interface CompiledRoute {
  route: Route;
  segments: string[];
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const token = options.token ?? DEFAULT_TOKEN;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const plan = options.plan ?? "paid";
  if (plan !== "free" && plan !== "paid") throw new UsageError(`Invalid plan "${String(plan)}": use free or paid`);
  const maxConfigs = options.maxConfigs ?? (plan === "free" ? FREE_PLAN_MAX_CONFIGS : DEFAULT_MAX_CONFIGS);
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  if (!TOKEN_PATTERN.test(token)) throw new UsageError(`Invalid --token: use letters, digits, "-" and "_" (the value is not shown: it is a credential)`);
  const accountProblem = accountIdProblem(accountId);
  if (accountProblem !== undefined) throw new UsageError(`Invalid account id ${JSON.stringify(accountId)}: ${accountProblem}.`);
  if (!Number.isInteger(maxConfigs) || maxConfigs < 0) throw new UsageError(`Invalid max configs ${maxConfigs}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`Invalid port ${port}`);
  const metricsSeed = options.metricsSeed ?? DEFAULT_METRICS_SEED;
  if (!Number.isSafeInteger(metricsSeed) || metricsSeed < 0) throw new UsageError(`Invalid metrics seed ${metricsSeed}: use a whole number, 0 or more`);

  const logger = options.logger ?? (() => {});
  const store = await Store.open(options.statePath, { sharing: options.stateSharing ?? "shared", writeFile: options.writeStateFile });
  const connectionTest = createConnectionTest({
    store,
    skip: options.skipOriginCheck ?? false,
    allowPrivate: options.allowPrivateOrigins ?? false,
    probe: options.probe,
    logger,
  });
  const routes: CompiledRoute[] = [
    ...accountRoutes({ accountId, token, createdOn: new Date().toISOString() }),
    ...configRoutes({ store, maxConfigs, connectionTest, plan }),
    ...integrationRoutes({ token, accountId }),
    ...certificateRoutes(store),
    ...analyticsRoutes({
      accountId,
      seed: metricsSeed,
      // A query only reads, though it is a POST: see what other processes sharing the state file saved.
      configs: async () => (await store.refresh(), [...store.configs.values()]),
      now: options.now,
    }),
  ].map((route) => ({ route, segments: route.pattern.split("/").slice(1) }));
  const faults = createFaultPlan(options.faults ?? []);
  let requests = 0;

  async function dispatch(request: IncomingMessage, url: URL): Promise<Reply | RawReply> {
    const notRouted = errorReply(
      404,
      CODES.routeNotFound,
      `Could not route to ${url.pathname}, perhaps your object identifier is invalid?`,
    );
    if (!url.pathname.startsWith(`${BASE_PATH}/`)) throw notRouted;
    let segments: string[];
    try {
      segments = url.pathname.slice(BASE_PATH.length).split("/").slice(1).map(decodeURIComponent);
    } catch {
      throw notRouted;
    }
    const matches = routes.flatMap(({ route, segments: pattern }) => {
      if (pattern.length !== segments.length) return [];
      const params: Record<string, string> = {};
      for (const [index, part] of pattern.entries()) {
        if (part.startsWith(":")) params[part.slice(1)] = segments[index];
        else if (part !== segments[index]) return [];
      }
      return [{ route, params }];
    });
    if (matches.length === 0) throw notRouted;
    const match = matches.find(({ route }) => route.method === request.method);
    if (!match) throw errorReply(405, CODES.methodNotAllowed, `Method ${request.method} not allowed for ${url.pathname}`);
    authenticate(request.headers, token, { verifiesToken: match.route.verifiesToken });
    if (match.params.account !== undefined && match.params.account !== accountId) {
      throw errorReply(403, CODES.unauthorized, API_CODES.unauthorized.message);
    }
    const body = request.method === "GET" || request.method === "DELETE" ? undefined : await readJsonBody(request);
    if (request.method === "GET") await store.refresh();
    return match.route.handle({ params: match.params, query: url.searchParams, body });
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = Date.now();
    const fault = faults(++requests);
    // Prefixed rather than resolved against a base, so that no request target (`//[`, absolute forms) can throw.
    const url = new URL(`http://emulator${request.url ?? "/"}`);
    const log = (status: number | string, note = "") =>
      logger(`${request.method} ${url.pathname} ${status} ${Date.now() - started}ms${note}`);
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.outcome?.kind === "drop") {
      request.socket.destroy();
      log("dropped", " (fault)");
      return;
    }
    let status = 200;
    let body: Record<string, unknown>;
    let headers: Record<string, string> = {};
    if (fault.outcome?.kind === "status") {
      ({ status, body, headers } = faultAnswer(fault.outcome));
    } else {
      try {
        const reply = await dispatch(request, url);
        if ("raw" in reply) ({ status, body } = reply as RawReply & { body: Record<string, unknown> });
        else body = successEnvelope(reply);
      } catch (error) {
        if (error instanceof StateFileError) {
          logger(`state file error on ${request.method} ${url.pathname}: ${error.message}`);
          options.onStateError?.(error);
        } else if (!(error instanceof ErrorReply)) {
          logger(`internal error on ${request.method} ${url.pathname}: ${(error as Error).stack}`);
        }
        const failure =
          error instanceof ErrorReply
            ? error
            : error instanceof StateFileError
              ? errorReply(500, CODES.serverError, error.message)
              : errorReply(500, CODES.serverError, `Internal error in the emulator: ${(error as Error).message}`);
        ({ status, headers } = failure);
        body = failureEnvelope(failure.errors);
      }
    }
    if (fault.outcome?.kind === "drop-answer") {
      request.socket.destroy();
      log("answer dropped", ` (fault; was ${status})`);
      return;
    }
    const text = JSON.stringify(body);
    response.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      ...headers,
    });
    response.end(text);
    log(status, fault.outcome ? " (fault)" : "");
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: Error) => {
      logger(`internal error on ${request.method} ${request.url}: ${error.stack}`);
      response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => {
      const hint = "Choose another --port, or 0 for any free port.";
      // A socket failure (EADDRINUSE, EACCES): kind `network`, with the system's code.
      const errno = (error as NodeJS.ErrnoException).code;
      reject(new CliError(`Cannot listen on ${host}:${port}: ${error.message}`, { kind: "network", hint, cause: error, ...(errno ? { errno } : {}) }));
    });
    server.listen(port, host, resolve);
  }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}${BASE_PATH}`,
    port: actualPort,
    accountId,
    token,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await store.close();
    },
  };
}

function faultAnswer(outcome: Extract<NonNullable<FaultDecision["outcome"]>, { kind: "status" }>) {
  const { status, retryAfter } = outcome;
  const headers: Record<string, string> = {};
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  if (status === 429) {
    headers["ratelimit"] = `"default";r=0;t=${retryAfter ?? 0}`;
    headers["ratelimit-policy"] = `"default";q=${API_RATE_LIMIT.requests};w=${API_RATE_LIMIT.windowSeconds}`;
  }
  const message =
    status === 429
      ? "Please wait and consider throttling your request speed"
      : `${STATUS_CODES[status] ?? "Server error"} (injected by --fault)`;
  return {
    status,
    headers,
    body: failureEnvelope([{ code: status === 429 ? CODES.rateLimited : CODES.serverError, message }]),
  };
}
