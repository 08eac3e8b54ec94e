// The GraphQL requests `hyperdrive metrics` sends, and reading their answers. One request asks for several aliased
// fields of the one documented dataset: per config, the window's groups by cacheStatus and eventStatus (count, avg
// latencies, sum of bytes), and, for a series, one field per bucket with its own datetime_geq/leq filter — there is
// no documented time dimension to group by. Only names from schema.ts are used.
import { CACHE_STATUSES, DATASET, EVENT_STATUSES, GROUP_LIMIT, type CacheStatus, type EventStatus } from "./schema";
import { iso, type Bucket } from "./window";

/** One aliased dataset field: the window's groups of one config, or one bucket's count. */
export interface MetricsNode {
  alias: string;
  configId: string;
  kind: "groups" | "count";
  since: Date;
  until: Date;
}

export interface GraphqlRequest {
  query: string;
  variables: Record<string, string>;
}

/** The nodes for one config: its groups over the window, then one count per bucket (none without `buckets`). */
export function nodesFor(configIndex: number, configId: string, window: { since: Date; until: Date }, buckets: Bucket[] = []): MetricsNode[] {
  return [
    { alias: `c${configIndex}_groups`, configId, kind: "groups", since: window.since, until: window.until },
    ...buckets.map((b, i): MetricsNode => ({ alias: `c${configIndex}_b${i}`, configId, kind: "count", since: b.since, until: b.until })),
  ];
}

const GROUP_FIELDS = `count
        dimensions {
          cacheStatus
          eventStatus
        }
        avg {
          connectionLatency
          queryLatency
        }
        sum {
          queryBytes
          resultBytes
        }`;

/** The request for `nodes`: config ids and the account are variables; the time bounds are literals per field. */
export function buildRequest(accountId: string, nodes: MetricsNode[]): GraphqlRequest {
  const configVars = new Map<string, string>();
  for (const n of nodes) if (!configVars.has(n.configId)) configVars.set(n.configId, `config${configVars.size}`);
  const declarations = ["$accountTag: string!", ...[...configVars.values()].map((v) => `$${v}: string!`)].join(", ");
  const fields = nodes.map((n) => {
    const filter = `{ configId: $${configVars.get(n.configId)}, datetime_geq: ${JSON.stringify(iso(n.since))}, datetime_leq: ${JSON.stringify(iso(n.until))} }`;
    return `      ${n.alias}: ${DATASET}(limit: ${GROUP_LIMIT}, filter: ${filter}) {
        ${n.kind === "groups" ? GROUP_FIELDS : "count"}
      }`;
  });
  const query = `query HyperdriveMetrics(${declarations}) {
  viewer {
    accounts(filter: { accountTag: $accountTag }) {
${fields.join("\n")}
    }
  }
}`;
  const variables: Record<string, string> = { accountTag: accountId };
  for (const [id, name] of configVars) variables[name] = id;
  return { query, variables };
}

/** One group of the answer, checked and with its gaps filled. */
export interface Group {
  count: number;
  cacheStatus?: CacheStatus | string;
  eventStatus?: EventStatus | string;
  avgQueryLatency?: number;
  avgConnectionLatency?: number;
  queryBytes: number;
  resultBytes: number;
}

export class AnswerShapeError extends Error {}

const num = (v: unknown, where: string): number | undefined => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  // uint64 values may come as strings.
  if (typeof v === "string" && /^\d+(\.\d+)?$/.test(v)) return Number(v);
  throw new AnswerShapeError(`${where} is not a number`);
};
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The groups of every node in `data` (the `data` member of the answer), by alias. */
export function readAnswer(data: unknown, nodes: MetricsNode[]): Map<string, Group[]> {
  const accounts = obj(obj(data).viewer).accounts;
  if (!Array.isArray(accounts)) throw new AnswerShapeError("data.viewer.accounts is not a list");
  // No account in the answer: the account has no data for these filters (or none the token may see).
  const account = obj(accounts[0]);
  const out = new Map<string, Group[]>();
  for (const node of nodes) {
    const raw = account[node.alias];
    if (raw === undefined || raw === null) {
      out.set(node.alias, []);
      continue;
    }
    if (!Array.isArray(raw)) throw new AnswerShapeError(`${node.alias} is not a list`);
    out.set(
      node.alias,
      raw.map((g, i) => {
        const where = `${node.alias}[${i}]`;
        const group = obj(g);
        const dims = obj(group.dimensions);
        const avg = obj(group.avg);
        const sum = obj(group.sum);
        return {
          count: num(group.count, `${where}.count`) ?? 0,
          ...(typeof dims.cacheStatus === "string" ? { cacheStatus: dims.cacheStatus } : {}),
          ...(typeof dims.eventStatus === "string" ? { eventStatus: dims.eventStatus } : {}),
          ...optional("avgQueryLatency", num(avg.queryLatency, `${where}.avg.queryLatency`)),
          ...optional("avgConnectionLatency", num(avg.connectionLatency, `${where}.avg.connectionLatency`)),
          queryBytes: num(sum.queryBytes, `${where}.sum.queryBytes`) ?? 0,
          resultBytes: num(sum.resultBytes, `${where}.sum.resultBytes`) ?? 0,
        };
      }),
    );
  }
  return out;
}

const optional = <K extends string>(key: K, value: number | undefined): { [P in K]?: number } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };

export const isCacheStatus = (s: unknown): s is CacheStatus => (CACHE_STATUSES as readonly unknown[]).includes(s);
export const isEventStatus = (s: unknown): s is EventStatus => (EVENT_STATUSES as readonly unknown[]).includes(s);
