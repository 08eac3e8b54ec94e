// POST /client/v4/graphql: the GraphQL Analytics API for the one dataset Hyperdrive documents,
// hyperdriveQueriesAdaptiveGroups, answered from synthetic events (metrics-data.ts). The query is parsed
// (graphql/parse.ts) and checked against the documented schema (src/metrics/schema.ts): anything else is an error in
// the API's shape — `{data: null, errors: [{message, path, extensions: {timestamp}}]}`, HTTP 400 for a query the API
// cannot run, HTTP 200 for an account the token may not read. Aliases, variables, the filters and grouping by the
// selected dimensions work as documented. Every answer says in `extensions` that its numbers are synthetic.
import { DATASET, DOCUMENTED_SCHEMA, EVENT_STATUSES, GROUP_LIMIT, RETENTION_SECONDS, SCALARS, type SchemaType } from "../metrics/schema";
import { GraphqlSyntaxError, parseOperation, type FieldNode, type Operation, type Value } from "./graphql/parse";
import type { RawReply, Route } from "./http";
import { eventSums, type EventSums, type SyntheticConfig } from "./metrics-data";

export interface AnalyticsOptions {
  accountId: string;
  seed: number;
  /** The configs now (a shared state file is read again first). */
  configs: () => SyntheticConfig[] | Promise<SyntheticConfig[]>;
  now?: () => Date;
}

type Path = Array<string | number>;

class QueryError extends Error {
  constructor(
    message: string,
    readonly path?: Path,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function analyticsRoutes(options: AnalyticsOptions): Route[] {
  return [{ method: "POST", pattern: "/graphql", handle: ({ body }) => answerGraphql(body, options) }];
}

export async function answerGraphql(body: unknown, given: AnalyticsOptions): Promise<RawReply> {
  const current = await given.configs();
  const options: AnalyticsOptions = { ...given, configs: () => current };
  const now = options.now?.() ?? new Date();
  const timestamp = now.toISOString();
  const failure = (status: number, message: string, extra: Record<string, unknown> = {}): RawReply => ({
    raw: true,
    status,
    body: { data: null, errors: [{ message, ...extra, extensions: { timestamp } }] },
  });
  const request = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  if (typeof request.query !== "string" || request.query.trim() === "") return failure(400, "the request has no query: send {\"query\": \"…\", \"variables\": {…}}");
  if (request.variables !== undefined && request.variables !== null && (typeof request.variables !== "object" || Array.isArray(request.variables))) {
    return failure(400, "variables must be an object");
  }
  let operation: Operation;
  try {
    operation = parseOperation(request.query);
  } catch (error) {
    if (error instanceof GraphqlSyntaxError) return failure(400, `error parsing query: ${error.message}`, { locations: [error.loc] });
    throw error;
  }
  try {
    if (operation.operation !== "query") throw new QueryError(`${operation.operation} is not supported: the analytics API only answers queries`);
    const variables = bindVariables(operation, (request.variables ?? {}) as Record<string, unknown>);
    check(operation.selections, "Query", [], variables);
    const data = execute(operation.selections, variables, options, now);
    return {
      raw: true,
      status: 200,
      body: {
        data,
        errors: null,
        extensions: { synthetic: true, source: "hyperdrive emulator: synthetic query events, not real traffic", metricsSeed: options.seed },
      },
    };
  } catch (error) {
    if (error instanceof QueryError) return failure(error.status, error.message, error.path ? { path: error.path } : {});
    throw error;
  }
}

function bindVariables(operation: Operation, given: Record<string, unknown>): Map<string, unknown> {
  const bound = new Map<string, unknown>();
  for (const def of operation.variables) {
    const base = def.type.replace(/[[\]!]/g, "");
    if (!SCALARS.has(base)) throw new QueryError(`unknown type "${base}" of variable $${def.name}`);
    const value = def.name in given ? given[def.name] : def.default ? literal(def.default, new Map()) : undefined;
    if ((value === undefined || value === null) && def.required) throw new QueryError(`variable $${def.name} of type ${def.type} was not given a value`);
    bound.set(def.name, value);
  }
  return bound;
}

function literal(value: Value, variables: Map<string, unknown>): unknown {
  switch (value.kind) {
    case "variable":
      if (!variables.has(value.name)) throw new QueryError(`variable $${value.name} is not defined by the operation`);
      return variables.get(value.name);
    case "string":
    case "enum":
    case "int":
    case "float":
    case "boolean":
      return value.value;
    case "null":
      return null;
    case "list":
      return value.values.map((v) => literal(v, variables));
    case "object":
      return Object.fromEntries(value.fields.map((f) => [f.name, literal(f.value, variables)]));
  }
}

const key = (f: FieldNode) => f.alias ?? f.name;
const elementType = (t: string) => t.replace(/^\[|\]$/g, "");

/** Unknown fields and arguments, selections on scalars and missing ones on objects: the API's parsing errors. */
function check(selections: FieldNode[], typeName: string, path: Path, variables: Map<string, unknown>): void {
  const type = DOCUMENTED_SCHEMA[typeName] as Extract<SchemaType, { kind: "object" }>;
  const seen = new Map<string, FieldNode>();
  for (const field of selections) {
    const here = [...path, key(field)];
    const earlier = seen.get(key(field));
    if (earlier && (earlier.name !== field.name || JSON.stringify(earlier.args) !== JSON.stringify(field.args))) {
      throw new QueryError(`fields "${key(field)}" conflict: use different aliases`, here);
    }
    seen.set(key(field), field);
    if (field.name === "__typename") {
      if (field.selections) throw new QueryError("scalar fields must have no selections", here);
      continue;
    }
    const def = type.fields[field.name];
    if (!def) throw new QueryError(`unknown field "${field.name}" on ${typeName}`, here);
    for (const arg of field.args) {
      const argType = def.args?.[arg.name];
      if (!argType) throw new QueryError(`unknown argument "${arg.name}" on field "${field.name}"`, here);
      const input = DOCUMENTED_SCHEMA[argType];
      if (input?.kind === "input") {
        const value = literal(arg.value, variables);
        if (value === null || typeof value !== "object" || Array.isArray(value)) throw new QueryError(`error parsing args: ${arg.name} must be an object`, here);
        for (const name of Object.keys(value)) {
          if (!(name in input.fields)) throw new QueryError(`error parsing args: unknown field "${name}" in ${arg.name} of ${field.name}`, here);
        }
      } else literal(arg.value, variables);
    }
    const target = elementType(def.type);
    const isObject = DOCUMENTED_SCHEMA[target]?.kind === "object";
    if (isObject && !field.selections) throw new QueryError("object field must have selections", here);
    if (!isObject && field.selections) throw new QueryError("scalar fields must have no selections", here);
    if (isObject) check(field.selections!, target, def.type.startsWith("[") ? [...here, 0] : here, variables);
  }
}

function execute(selections: FieldNode[], variables: Map<string, unknown>, options: AnalyticsOptions, now: Date): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of selections) {
    if (field.name === "__typename") data[key(field)] = "Query";
    else data[key(field)] = viewer(field.selections!, ["viewer"], variables, options, now);
  }
  return data;
}

const argsOf = (field: FieldNode, variables: Map<string, unknown>) => Object.fromEntries(field.args.map((a) => [a.name, literal(a.value, variables)])) as Record<string, unknown>;

function viewer(selections: FieldNode[], path: Path, variables: Map<string, unknown>, options: AnalyticsOptions, now: Date): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of selections) {
    const here = [...path, key(field)];
    if (field.name === "__typename") {
      out[key(field)] = "viewer";
      continue;
    }
    const filter = (argsOf(field, variables).filter ?? {}) as Record<string, unknown>;
    if (typeof filter.accountTag !== "string") throw new QueryError("accounts needs filter: { accountTag: <account id> }", here);
    // As the API answers a token that may not read the account's analytics: HTTP 200, the error inside.
    if (filter.accountTag !== options.accountId) throw new QueryError("not authorized for that account", here, 200);
    out[key(field)] = [account(field.selections!, [...here, 0], variables, options, now)];
  }
  return out;
}

function account(selections: FieldNode[], path: Path, variables: Map<string, unknown>, options: AnalyticsOptions, now: Date): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of selections) {
    const here = [...path, key(field)];
    if (field.name === "__typename") out[key(field)] = "account";
    else out[key(field)] = groups(field, here, variables, options, now);
  }
  return out;
}

function time(value: unknown, name: string, path: Path): number {
  const text = typeof value === "string" ? value : "";
  const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/.test(text) ? Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text) : NaN;
  if (Number.isNaN(ms)) throw new QueryError(`error parsing args: ${name} must be a time such as 2026-01-31T12:00:00Z, got ${JSON.stringify(value)}`, path);
  return Math.floor(ms / 1000);
}

function groups(field: FieldNode, path: Path, variables: Map<string, unknown>, options: AnalyticsOptions, now: Date): unknown[] {
  const args = argsOf(field, variables);
  const limit = args.limit;
  if (limit === undefined) throw new QueryError(`${DATASET} needs a limit (at most ${GROUP_LIMIT})`, path);
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit <= 0 || limit > GROUP_LIMIT) {
    throw new QueryError(`limit must be positive number and not greater than ${GROUP_LIMIT}`, path);
  }
  const filter = (args.filter ?? {}) as Record<string, unknown>;
  if (filter.datetime_geq === undefined || filter.datetime_leq === undefined) {
    throw new QueryError(`${DATASET} needs a time range: filter: { datetime_geq: …, datetime_leq: … }`, path);
  }
  const from = time(filter.datetime_geq, "datetime_geq", path);
  const to = time(filter.datetime_leq, "datetime_leq", path);
  const nowSecond = Math.floor(now.getTime() / 1000);
  if (from < nowSecond - RETENTION_SECONDS) throw new QueryError(`cannot request data older than ${RETENTION_SECONDS}s`, path);
  if (to - from > RETENTION_SECONDS) throw new QueryError(`query time range is too large: at most ${RETENTION_SECONDS}s`, path);
  if (filter.eventStatus !== undefined && !(EVENT_STATUSES as readonly unknown[]).includes(filter.eventStatus)) {
    throw new QueryError(`error parsing args: eventStatus must be one of ${EVENT_STATUSES.join(", ")}`, path);
  }
  if (filter.configId !== undefined && typeof filter.configId !== "string") throw new QueryError("error parsing args: configId must be a string", path);

  const selections = field.selections!;
  const dims = selections.filter((s) => s.name === "dimensions").flatMap((s) => s.selections!.map((d) => d.name).filter((n) => n !== "__typename"));
  const merged = new Map<string, EventSums & { dims: Record<string, string> }>();
  const configs = (options.configs() as SyntheticConfig[]).filter((c) => filter.configId === undefined || c.id === filter.configId);
  for (const config of configs) {
    for (const s of eventSums(options.seed, config, from, Math.min(to, nowSecond))) {
      if (filter.eventStatus !== undefined && s.eventStatus !== filter.eventStatus) continue;
      const values: Record<string, string> = {};
      for (const d of dims) values[d] = d === "cacheStatus" ? s.cacheStatus : s.eventStatus;
      const k = JSON.stringify(values);
      const m = merged.get(k);
      if (!m) merged.set(k, { ...s, dims: values });
      else {
        m.count += s.count;
        m.queryLatency += s.queryLatency;
        m.connectionLatency += s.connectionLatency;
        m.queryBytes += s.queryBytes;
        m.resultBytes += s.resultBytes;
      }
    }
  }
  const rows = [...merged.values()].filter((g) => g.count > 0).sort((a, b) => b.count - a.count || JSON.stringify(a.dims).localeCompare(JSON.stringify(b.dims)));
  return rows.slice(0, limit).map((g) => render(selections, g));
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

function render(selections: FieldNode[], g: EventSums & { dims: Record<string, string> }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of selections) {
    const k = key(field);
    const sub = (f: (name: string) => unknown, typename: string) =>
      Object.fromEntries(field.selections!.map((s) => [key(s), s.name === "__typename" ? typename : f(s.name)]));
    switch (field.name) {
      case "__typename":
        out[k] = "HyperdriveQueriesAdaptiveGroups";
        break;
      case "count":
        out[k] = g.count;
        break;
      case "dimensions":
        out[k] = sub((name) => g.dims[name], "dimensions");
        break;
      case "avg":
        out[k] = sub((name) => round3((name === "queryLatency" ? g.queryLatency : g.connectionLatency) / g.count), "avg");
        break;
      case "sum":
        out[k] = sub((name) => (name === "queryBytes" ? g.queryBytes : g.resultBytes), "sum");
        break;
    }
  }
  return out;
}
