// Build the API client for a command: credentials, transport, base URL, account id. Called lazily by Context.api(),
// which passes itself as the SessionHost; nothing here imports the context, a command or the API's callers.
import { resolveCredentials, withDeprecatedNames, type Credentials } from "../auth/credentials";
import { resolveAccountId } from "../auth/account";
import { USER_AGENT } from "../version";
import { UsageError } from "../errors";
import type { Io } from "../io";
import { ApiClient, DEFAULT_BASE_URL, type Transport } from "../api/client";
import { createTransport } from "../api/transport";
import { findWranglerConfig } from "../wrangler-config/locate";

/** The global flags a session reads. */
export interface SessionFlags {
  accountId?: string;
  config?: string;
  env?: string;
  local?: boolean;
  profile?: string;
}

/** What assembling a session needs from the command's context. */
export interface SessionHost {
  readonly io: Io;
  readonly global: SessionFlags;
  readonly cwd: string;
  /** The shell's environment with the `.env` files wrangler would load (see session/environment.ts). */
  readonly environment: { env: Record<string, string | undefined>; sources: Record<string, string>; loaded: string[] };
  readonly out: { warn(message: string): void; note(message: string): void };
  /** HYPERDRIVE_LOG=debug or --verbose: trace each HTTP request. */
  readonly debugging: boolean;
  debug(message: string): void;
  onClose(fn: () => Promise<void> | void): void;
}

/** An API client with the account it works on. */
export interface Api {
  client: ApiClient;
  accountId: string;
  /** The API it talks to, `api:<base URL>` or `local:<state file>`: what the config-name cache is keyed by besides the account. */
  where?: string;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function timeoutFromEnv(env: Record<string, string | undefined>, name: string, fallbackMs: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallbackMs;
  const s = Number(raw.trim());
  // Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer one fires after 1 ms.
  if (raw.trim() === "" || !Number.isFinite(s) || s <= 0 || s * 1000 > MAX_TIMER_MS) {
    throw new UsageError(`${name} must be a number of seconds from 0.001 to ${Math.floor(MAX_TIMER_MS / 1000)}, got '${raw}'.`, `e.g. ${name}=120`);
  }
  return Math.max(1, Math.round(s * 1000));
}

/**
 * An http(s) URL from a variable, or a usage error naming it (exit 2, nothing sent, no retry). The value is not
 * repeated when it is a proxy's: a proxy URL may carry a password.
 */
export function checkUrlVariable(name: string, raw: string, what: "base" | "proxy"): URL {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  const shown = what === "proxy" ? "" : ` '${raw.length > 100 ? `${raw.slice(0, 100)}…` : raw}'`;
  const example = what === "proxy" ? "http://proxy.example.com:3128" : "https://api.cloudflare.com/client/v4";
  if (url === undefined) throw new UsageError(`${name}${shown} is not a URL.`, `Set it to a full URL such as ${example}, or unset it.`);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`${name} must be an http:// or https:// URL, got ${url.protocol}//….`, `Set it to a URL such as ${example}, or unset it.`);
  }
  return url;
}

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] as const;

export async function connectApi(ctx: SessionHost): Promise<Api> {
  const { io, global } = ctx;
  const { sources, loaded } = ctx.environment;
  if (loaded.length > 0) ctx.debug(`environment files loaded: ${loaded.join(", ")}`);
  const env = global.local ? ctx.environment.env : withDeprecatedNames(ctx.environment.env, (message) => ctx.out.warn(message));
  /** Where a variable came from, for HYPERDRIVE_LOG=debug: a file's path or the shell (never its value). */
  const whence = (name: string): string => {
    const old = name.replace(/^CLOUDFLARE_/, "CF_");
    if (sources[name]) return `${name} from ${sources[name]}`;
    if (io.env[name]) return `${name} from the shell`;
    if (sources[old]) return `${old} from ${sources[old]}`;
    return `${old} from the shell`;
  };
  if (env.CLOUDFLARE_API_BASE_URL) checkUrlVariable("CLOUDFLARE_API_BASE_URL", env.CLOUDFLARE_API_BASE_URL, "base");
  for (const name of PROXY_VARIABLES) if (env[name]) checkUrlVariable(name, env[name]!, "proxy");
  let baseUrl = env.CLOUDFLARE_API_BASE_URL || DEFAULT_BASE_URL;
  let credentials: Credentials;
  let fixedAccountId: string | undefined;
  let where = `api:${baseUrl}`;
  let takeStateError: (() => Error | undefined) | undefined;

  if (global.local) {
    const { startLocalEmulator, unignoredStateWarning } = await import("./local");
    const local = await startLocalEmulator({ cwd: ctx.cwd, config: global.config, env });
    ctx.onClose(async () => {
      await local.close();
      const warning = await unignoredStateWarning(local.statePath, ctx.cwd);
      if (warning) ctx.out.warn(warning);
    });
    baseUrl = local.url;
    takeStateError = local.takeStateError;
    credentials = { kind: "token", token: local.token, source: "--local" };
    fixedAccountId = local.accountId;
    where = `local:${local.statePath}`;
  } else {
    const { resolve, dirname } = await import("node:path");
    credentials = resolveCredentials({
      env,
      home: io.home,
      now: io.now?.() ?? new Date(),
      profile: global.profile,
      lookupDir: global.config ? dirname(resolve(ctx.cwd, global.config)) : ctx.cwd,
      warn: (message) => ctx.out.warn(message),
    });
    const fromVariable = credentials.source === "CLOUDFLARE_API_KEY" || credentials.source === "CLOUDFLARE_API_TOKEN";
    ctx.debug(`credentials: ${fromVariable ? whence(credentials.source) : credentials.source}`);
    if (env.CLOUDFLARE_API_BASE_URL) ctx.debug(`API base URL: ${baseUrl} (${whence("CLOUDFLARE_API_BASE_URL")})`);
  }

  let transport: Transport;
  if (io.transport) transport = io.transport;
  else {
    const t = await createTransport(env, { connectTimeoutMs: timeoutFromEnv(env, "HYPERDRIVE_CONNECT_TIMEOUT", 10_000) });
    ctx.onClose(() => t.close());
    transport = t;
  }
  if (takeStateError) {
    // --local: a state file the emulator could not read or save is reported as such (the path, what to do), not as
    // the API's HTTP 500, and not retried.
    const inner = transport;
    transport = async (request, options) => {
      const response = await inner(request, options);
      const error = takeStateError!();
      if (error) throw error;
      return response;
    };
  }
  if (ctx.debugging) {
    const { tracedTransport } = await import("../api/trace");
    transport = tracedTransport(transport, (line) => ctx.debug(line));
  }

  const client = new ApiClient({
    baseUrl,
    credentials,
    transport,
    userAgent: USER_AGENT,
    timeoutMs: timeoutFromEnv(env, "HYPERDRIVE_TIMEOUT", 60_000),
    ...(io.sleep ? { sleep: io.sleep } : {}),
    onRetry: ({ attempt, delayMs, reason }) => ctx.out.note(`Retrying after ${reason} (attempt ${attempt + 1}) in ${(delayMs / 1000).toFixed(1)} s…`),
  });

  const accountId =
    fixedAccountId ??
    (await resolveAccountId({
      flag: global.accountId,
      env: env.CLOUDFLARE_ACCOUNT_ID,
      config: await configAccountId(ctx),
      listAccounts: () => client.listAccounts(),
      choose: io.prompter
        ? (accounts) => io.prompter!.choose("Which account?", accounts.map((a) => ({ ...a, label: `${a.name} (${a.id})` })))
        : undefined,
    }));
  return { client, accountId, where };
}

/** `account_id` from the Worker's wrangler config (the --env section first), when there is one. */
async function configAccountId(ctx: SessionHost): Promise<{ id: string; file: string } | undefined> {
  if (ctx.global.accountId) return undefined;
  const found = findWranglerConfig({ configPath: ctx.global.config, cwd: ctx.cwd }).config;
  if (!found) return undefined;
  const [{ readFileSync }, { relative }] = await Promise.all([import("node:fs"), import("node:path")]);
  const name = relative(ctx.cwd, found.path) || found.path;
  let text: string;
  try {
    text = readFileSync(found.path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `Cannot read ${name}: ${code === "EACCES" || code === "EPERM" ? "permission denied" : (error as Error).message}.`,
      "hyperdrive reads account_id from it, as wrangler does: make it readable, or give --account-id ID (which skips it).",
    );
  }
  // Most configs name no account: then the parsers (190 KB) need not load at all.
  if (!text.includes("account_id")) return undefined;
  const { readAccountId } = await import("../wrangler-config/document");
  const id = readAccountId(text, found.format, ctx.global.env, name);
  return id ? { id, file: found.path } : undefined;
}
