// The Cloudflare v4 envelope, error answers (codes: src/api/contract.ts), and the small request helpers every route shares.
import type { IncomingMessage } from "node:http";
import type * as z from "zod/mini";
import type { ApiMessage, ResultInfo } from "../api/schemas";
import { CODES } from "../api/contract";

/** A failure answered with the failure envelope. Route handlers throw it; the server renders it. */
export class ErrorReply extends Error {
  constructor(
    readonly status: number,
    readonly errors: ApiMessage[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((each) => `${each.message} [code: ${each.code}]`).join("; "));
    this.name = "ErrorReply";
  }
}

export function errorReply(status: number, code: number, message: string): ErrorReply {
  return new ErrorReply(status, [{ code, message }]);
}

/** What a route handler answers with on success (always HTTP 200, as on Cloudflare). */
export interface Reply {
  result: unknown;
  result_info?: ResultInfo;
  messages?: unknown[];
}

/** An answer sent as it is, without the v4 envelope (the GraphQL Analytics API has none). */
export interface RawReply {
  raw: true;
  status: number;
  body: unknown;
}

export interface RouteRequest {
  /** Decoded path parameters, e.g. `{ account, id }` for `/accounts/:account/hyperdrive/configs/:id`. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when empty). */
  body: unknown;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Segments after `/client/v4`; `:name` matches one segment. `:account` must be the emulator's account id. */
  pattern: string;
  /** Token verification routes answer an unknown token with 1000 "Invalid API Token". */
  verifiesToken?: boolean;
  handle(request: RouteRequest): Reply | RawReply | Promise<Reply | RawReply>;
}

export function successEnvelope(reply: Reply): Record<string, unknown> {
  return {
    success: true,
    errors: [],
    messages: reply.messages ?? [],
    result: reply.result,
    ...(reply.result_info ? { result_info: reply.result_info } : {}),
  };
}

export function failureEnvelope(errors: ApiMessage[]): Record<string, unknown> {
  return { success: false, errors, messages: [], result: null };
}

/** One error per field, each message naming the field path (`origin.port: …`; `body` for the whole document). */
export function zodErrors(error: z.core.$ZodError, code: number): ApiMessage[] {
  const byPath = new Map<string, string>();
  for (const issue of error.issues) {
    const path = fieldPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const keyPath = path === "body" ? key : `${path}.${key}`;
        if (!byPath.has(keyPath)) byPath.set(keyPath, "unknown field");
      }
    } else if (!byPath.has(path)) {
      byPath.set(path, issue.message);
    }
  }
  return [...byPath].map(([path, message]) => ({ code, message: `${path}: ${message}` }));
}

function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "body";
  return path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index ? "." : ""}${String(key)}`)).join("");
}

/** Parses with `schema` or throws a 400 with one error per field. */
export function parseOrThrow<T extends z.ZodMiniType>(schema: T, value: unknown, code: number): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ErrorReply(400, zodErrors(parsed.error, code));
  return parsed.data;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The JSON body, or undefined when there is none. Malformed JSON is a 400 6007, as on Cloudflare; a body over 1 MiB a
 * 413 (read to its end first, so that the client receives the answer rather than a reset connection).
 */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("error", reject);
    request.on("end", () => {
      if (size > MAX_BODY_BYTES) reject(errorReply(413, CODES.invalidRequest, `Request body larger than ${MAX_BODY_BYTES} bytes`));
      else resolve(Buffer.concat(chunks).toString("utf8"));
    });
  });
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw errorReply(400, CODES.malformedJson, `Malformed JSON in request body: ${(error as Error).message}`);
  }
}

export interface Paging {
  page: number;
  perPage: number;
}

/** `page` (≥ 1) and `per_page` (within [min, max]) from the query string; out of range is a 400 1001. */
export function readPaging(query: URLSearchParams, limits: { perPage: number; min: number; max: number }): Paging {
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = query.get(name);
    if (text === null) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      throw errorReply(400, CODES.invalidRequest, `${name}: must be an integer from ${min} to ${max}, got "${text}"`);
    }
    return value;
  };
  return {
    page: integer("page", 1, 1, Number.MAX_SAFE_INTEGER),
    perPage: integer("per_page", limits.perPage, limits.min, limits.max),
  };
}

/** One page of `items` and its `result_info`; a page past the end is empty. */
export function pageOf<T>(items: readonly T[], { page, perPage }: Paging): { result: T[]; result_info: ResultInfo } {
  const result = items.slice((page - 1) * perPage, page * perPage);
  return {
    result,
    result_info: {
      page,
      per_page: perPage,
      count: result.length,
      total_count: items.length,
      total_pages: Math.ceil(items.length / perPage),
    },
  };
}
