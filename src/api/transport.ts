// The real transport. Without a proxy variable it is node:http / node:https with a keep-alive agent: Node's built-in
// HTTP parser, nothing more to load. With HTTP_PROXY or HTTPS_PROXY set it is undici's request API through an
// EnvHttpProxyAgent, which honours HTTP_PROXY, HTTPS_PROXY and NO_PROXY. undici is loaded only then: loading it and
// compiling its WebAssembly parser cost about 180 ms a command, half of it spent at exit waiting for V8's background
// compilation to finish (scripts/bench.mjs). Imported lazily: --help and --version load neither.
import type { Agent } from "node:http";
import type { HttpResponse, Transport } from "./client";

export type ClosableTransport = Transport & { close(): Promise<void> };

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];

export async function createTransport(env: Record<string, string | undefined>, options: { connectTimeoutMs?: number } = {}): Promise<ClosableTransport> {
  return PROXY_VARIABLES.some((name) => env[name]) ? createUndiciTransport(env, options) : createNodeTransport(options);
}

function createNodeTransport(options: { connectTimeoutMs?: number } = {}): ClosableTransport {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const agents = new Map<string, Agent>();
  const transport: Transport = async (req, { timeoutMs, maxBytes = Infinity }) => {
    const url = new URL(req.url);
    const http = url.protocol === "https:" ? await import("node:https") : await import("node:http");
    let agent = agents.get(url.protocol);
    if (!agent) agents.set(url.protocol, (agent = new http.Agent({ keepAlive: true })));
    const headers = req.body === undefined ? req.headers : { ...req.headers, "content-length": String(Buffer.byteLength(req.body)) };
    return new Promise<HttpResponse>((resolve, reject) => {
      const request = http.request(url, { method: req.method, headers, agent, signal: AbortSignal.timeout(timeoutMs) }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) request.destroy(answerTooLarge(maxBytes));
          else chunks.push(chunk);
        });
        res.on("error", reject);
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            header: (name) => {
              const v = res.headers[name.toLowerCase()];
              return Array.isArray(v) ? v[0] : v;
            },
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      });
      request.on("error", reject);
      request.on("socket", (socket) => {
        if (!socket.connecting) return; // a kept-alive connection
        // The code the client already classifies as "never sent" (undici's), so a POST may be retried either way.
        const timeout = Object.assign(new Error(`Connect timeout after ${connectTimeoutMs} ms`), { code: "UND_ERR_CONNECT_TIMEOUT" });
        const timer = setTimeout(() => request.destroy(timeout), connectTimeoutMs);
        socket.once(url.protocol === "https:" ? "secureConnect" : "connect", () => clearTimeout(timer));
        socket.once("close", () => clearTimeout(timer));
      });
      request.end(req.body);
    });
  };
  // Idle keep-alive sockets would hold the process open after the command is done.
  return Object.assign(transport, {
    close: async () => {
      for (const agent of agents.values()) agent.destroy();
    },
  });
}

async function createUndiciTransport(
  env: Record<string, string | undefined>,
  options: { connectTimeoutMs?: number } = {},
): Promise<ClosableTransport> {
  const { request, EnvHttpProxyAgent } = await import("undici");
  // The proxy settings of the environment the CLI was given (lower-case spellings too), not the process's own.
  const dispatcher = new EnvHttpProxyAgent({
    httpProxy: env.HTTP_PROXY ?? env.http_proxy,
    httpsProxy: env.HTTPS_PROXY ?? env.https_proxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
    connect: { timeout: options.connectTimeoutMs ?? 10_000 },
  });
  const proxies = { "http:": env.HTTP_PROXY ?? env.http_proxy, "https:": env.HTTPS_PROXY ?? env.https_proxy };
  // A connection error at the proxy's port (not the API's) came from the proxy: say so, not "api.cloudflare.com refused".
  const blameProxy = (err: unknown, target: string): unknown => {
    const e = err as { port?: number; address?: string; proxy?: string } | undefined;
    const url = new URL(target);
    const proxy = proxies[url.protocol as "http:" | "https:"] ?? proxies["http:"];
    if (e === undefined || typeof e !== "object" || e.port === undefined || proxy === undefined) return err;
    let p: URL;
    try {
      p = new URL(proxy);
    } catch {
      return err;
    }
    const proxyPort = Number(p.port || (p.protocol === "https:" ? 443 : 80));
    const targetPort = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    if (e.port === proxyPort && (e.port !== targetPort || p.hostname !== url.hostname)) e.proxy = p.host;
    return err;
  };
  const transport: Transport = async (req, { timeoutMs, maxBytes = Infinity }) => {
    const res = await request(req.url, {
      method: req.method as "GET",
      headers: req.headers,
      body: req.body,
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((err: unknown) => {
      throw blameProxy(err, req.url);
    });
    const text = await readCapped(res.body, maxBytes);
    const response: HttpResponse = {
      status: res.statusCode,
      header: (name) => {
        const v = res.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
      text,
    };
    return response;
  };
  // Idle keep-alive sockets would hold the process open for seconds after the command is done.
  return Object.assign(transport, { close: () => dispatcher.close() });
}

/** The error a transport fails with when an answer passes `maxBytes`; the client does not retry it. */
export function answerTooLarge(maxBytes: number): Error {
  return Object.assign(new Error(`the answer was larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`), { code: "HYPERDRIVE_ANSWER_TOO_LARGE" });
}

/** A body as UTF-8 text, reading no more than `maxBytes` of it. */
async function readCapped(body: AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void }, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      const error = answerTooLarge(maxBytes);
      body.destroy?.(error);
      throw error;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
