// The part of the GraphQL Analytics API that Hyperdrive documents ("Metrics and analytics"): the dataset
// `hyperdriveQueriesAdaptiveGroups`, its metrics, dimensions and filters, and how long the data is kept. Nothing here
// is guessed: the query builder uses only these names, the emulator answers only these names (anything else is an
// "unknown field" error), and a test checks the query text sent against this schema.

export const DATASET = "hyperdriveQueriesAdaptiveGroups";

/** Every cacheStatus value, in the documentation's order. */
export const CACHE_STATUSES = [
  "disabled",
  "hit",
  "miss",
  "uncacheable",
  "multiplestatements",
  "notaquery",
  "oversizedquery",
  "oversizedresult",
  "parseerror",
  "transaction",
  "volatile",
] as const;
export type CacheStatus = (typeof CACHE_STATUSES)[number];

export const EVENT_STATUSES = ["complete", "error"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** "Metrics can be queried (and are retained) for the past 31 days." */
export const RETENTION_SECONDS = 31 * 24 * 3600;

/** The `limit` the documentation's examples use. */
export const GROUP_LIMIT = 10000;

/** A field of the documented schema: a scalar, or an object with its own fields; `args` are its arguments. */
export interface SchemaField {
  type: string;
  args?: Record<string, string>;
}
export type SchemaType = { kind: "object"; fields: Record<string, SchemaField> } | { kind: "input"; fields: Record<string, string> };

/**
 * The documented types. Names of the object types are ours (the documentation shows fields, not type names); the
 * scalar and input field names are the documentation's. `Time` is an RFC 3339 date-time; `string` is Cloudflare's
 * lower-case string scalar, as in the documented variable declarations.
 */
export const DOCUMENTED_SCHEMA: Record<string, SchemaType> = {
  Query: { kind: "object", fields: { viewer: { type: "Viewer" } } },
  Viewer: { kind: "object", fields: { accounts: { type: "[Account]", args: { filter: "AccountFilter" } } } },
  AccountFilter: { kind: "input", fields: { accountTag: "string" } },
  Account: { kind: "object", fields: { [DATASET]: { type: "[Group]", args: { limit: "uint64", filter: "GroupFilter" } } } },
  GroupFilter: { kind: "input", fields: { configId: "string", eventStatus: "string", datetime_geq: "Time", datetime_leq: "Time" } },
  Group: { kind: "object", fields: { count: { type: "uint64" }, dimensions: { type: "Dimensions" }, avg: { type: "Avg" }, sum: { type: "Sum" } } },
  Dimensions: { kind: "object", fields: { cacheStatus: { type: "string" }, eventStatus: { type: "string" } } },
  Avg: { kind: "object", fields: { connectionLatency: { type: "float64" }, queryLatency: { type: "float64" } } },
  Sum: { kind: "object", fields: { queryBytes: { type: "uint64" }, resultBytes: { type: "uint64" } } },
};

export const SCALARS = new Set(["string", "Time", "Date", "uint64", "float64", "Boolean"]);

/** The documented schema in GraphQL's schema language (for tools that validate a query against it). */
export function documentedSdl(): string {
  const lines: string[] = ["scalar string", "scalar Time", "scalar Date", "scalar uint64", "scalar float64", "schema { query: Query }"];
  for (const [name, type] of Object.entries(DOCUMENTED_SCHEMA)) {
    if (type.kind === "input") {
      lines.push(`input ${name} { ${Object.entries(type.fields).map(([f, t]) => `${f}: ${t}`).join(" ")} }`);
      continue;
    }
    const fields = Object.entries(type.fields).map(([f, { type: t, args }]) => {
      const a = args ? `(${Object.entries(args).map(([k, v]) => `${k}: ${v}`).join(", ")})` : "";
      return `${f}${a}: ${t}`;
    });
    lines.push(`type ${name} { ${fields.join(" ")} }`);
  }
  return lines.join("\n");
}
