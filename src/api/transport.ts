// The real transport: undici's request API through an EnvHttpProxyAgent, which honours HTTP_PROXY, HTTPS_PROXY and
// NO_PROXY. Imported lazily: --help and --version never load undici.
import type { HttpResponse, Transport } from "./client";

export async function createUndiciTransport(options: { connectTimeoutMs?: number } = {}): Promise<Transport & { close(): Promise<void> }> {
  const { request, EnvHttpProxyAgent } = await import("undici");
  const dispatcher = new EnvHttpProxyAgent({ connect: { timeout: options.connectTimeoutMs ?? 10_000 } });
  const transport: Transport = async (req, { timeoutMs }) => {
    const res = await request(req.url, {
      method: req.method as "GET",
      headers: req.headers,
      body: req.body,
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.body.text();
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

/** A transport over the global fetch, for tests that intercept fetch (msw). */
export function createFetchTransport(fetchImpl: typeof fetch = fetch): Transport {
  return async (req, { timeoutMs }) => {
    const res = await fetchImpl(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return { status: res.status, header: (name) => res.headers.get(name) ?? undefined, text };
  };
}
