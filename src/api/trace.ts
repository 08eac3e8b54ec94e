// The request trace of HYPERDRIVE_LOG=debug and --verbose: one line per HTTP request (each attempt), with the method,
// the path, the status or the system's error code, the time it took and the attempt. Never a header or a body, so no
// token, key or password; the URL's user:password is dropped and secret-looking query values are replaced.
import type { Transport } from "./client";

/** Query parameters whose value is not printed. */
const SECRET_PARAM = /token|secret|passw|pwd|key|auth|sig|credential|session|cookie|code/i;

/** The path and query of a URL as the trace prints it: no scheme, host or user:password; secret values replaced. */
export function tracePath(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "(unparsable URL)";
  }
  const query = [...u.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${SECRET_PARAM.test(k) ? "REDACTED" : encodeURIComponent(v)}`);
  return `${u.pathname}${query.length ? `?${query.join("&")}` : ""}`;
}

function errno(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return (err as Error)?.name ?? "error";
}

/** `inner`, writing a trace line for each request it sends. */
export function tracedTransport(inner: Transport, write: (line: string) => void, now: () => number = () => performance.now()): Transport {
  return async (req, options) => {
    const start = now();
    const line = (outcome: string) =>
      `${req.method} ${tracePath(req.url)} → ${outcome} in ${Math.round(now() - start)} ms (attempt ${options.attempt ?? 1})`;
    try {
      const res = await inner(req, options);
      write(line(String(res.status)));
      return res;
    } catch (err) {
      write(line(errno(err)));
      throw err;
    }
  };
}
