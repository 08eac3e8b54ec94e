// The API client over the global fetch, which msw intercepts: the transport of the in-process tests.
import type { Transport } from "../../src/api/client";

/** A transport over the global fetch, for tests that intercept fetch (msw). */
export function createFetchTransport(fetchImpl: typeof fetch = fetch): Transport {
  return async (req, { timeoutMs }) => {
    const res = await fetchImpl(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return { status: res.status, header: (name) => res.headers.get(name) ?? undefined, text };
  };
}
