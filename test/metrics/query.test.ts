// The query text hyperdrive sends, validated against a schema of only the fields Hyperdrive's "Metrics and analytics"
// page documents (built with the graphql package, independently of the emulator's own parser): an undocumented
// field, argument or filter fails here.
import { describe, expect, it } from "vitest";
import { buildSchema, parse, validate, visit } from "graphql";
import { buildRequest, nodesFor, readAnswer } from "../../src/metrics/query";
import { documentedSdl, DATASET } from "../../src/metrics/schema";
import { resolveWindow } from "../../src/metrics/window";

const schema = buildSchema(documentedSdl());
const errorsOf = (query: string) => validate(schema, parse(query)).map((e) => e.message);
const NOW = new Date("2026-12-01T12:00:00Z");
const ACCOUNT = "0123456789abcdef0123456789abcdef";
const ID = "6b7efc370ea34ded8327fa20698dfe3a";

describe("the documented schema", () => {
  it("accepts the documentation's own three example queries", () => {
    const examples = [
      `query HyperdriveQueries($accountTag: string!, $configId: string!, $datetimeStart: Time!, $datetimeEnd: Time!) {
        viewer { accounts(filter: { accountTag: $accountTag }) {
          hyperdriveQueriesAdaptiveGroups(limit: 10000, filter: { configId: $configId, datetime_geq: $datetimeStart, datetime_leq: $datetimeEnd }) {
            count dimensions { cacheStatus } } } } }`,
      `query AverageHyperdriveLatencies($accountTag: string!, $configId: string!, $datetimeStart: Time!, $datetimeEnd: Time!) {
        viewer { accounts(filter: { accountTag: $accountTag }) {
          hyperdriveQueriesAdaptiveGroups(limit: 10000, filter: { configId: $configId, eventStatus: "complete", datetime_geq: $datetimeStart, datetime_leq: $datetimeEnd }) {
            avg { connectionLatency queryLatency } } } } }`,
      `query HyperdriveQueryAndResultBytesForSuccessfulQueries($accountTag: string!, $configId: string!, $datetimeStart: Date!, $datetimeEnd: Date!) {
        viewer { accounts(filter: { accountTag: $accountTag }) {
          hyperdriveQueriesAdaptiveGroups(limit: 10000, filter: { configId: $configId, datetime_geq: $datetimeStart, datetime_leq: $datetimeEnd }) {
            sum { queryBytes resultBytes } } } } }`,
    ];
    // The third example declares its bounds as Date where the filter takes Time: the page's own inconsistency.
    expect(examples.slice(0, 2).map(errorsOf)).toEqual([[], []]);
  });

  it("refuses what the page does not document (the test is able to fail)", () => {
    const q = (groupFields: string, filter = "") =>
      `query($a: string!) { viewer { accounts(filter: { accountTag: $a }) { ${DATASET}(limit: 10, filter: { datetime_geq: "x", datetime_leq: "y"${filter} }) { ${groupFields} } } } }`;
    expect(errorsOf(q("count"))).toEqual([]);
    expect(errorsOf(q("count dimensions { datetimeHour }"))).not.toEqual([]);
    expect(errorsOf(q("quantiles { queryLatencyP50 }"))).not.toEqual([]);
    expect(errorsOf(q("count", ", cacheStatus: \"hit\""))).not.toEqual([]);
    expect(errorsOf(q("count").replace(DATASET, "hyperdriveQueriesAdaptive"))).not.toEqual([]);
    expect(errorsOf(q("count").replace("limit: 10", "limit: 10, orderBy: [count_DESC]"))).not.toEqual([]);
  });
});

describe("buildRequest", () => {
  const window = resolveWindow({ since: "24h" }, NOW);
  const nodes = nodesFor(0, ID, window, window.buckets);
  const request = buildRequest(ACCOUNT, nodes);

  it("uses only documented fields, arguments and filters", () => {
    expect(errorsOf(request.query)).toEqual([]);
  });

  it("asks, in one request, for the window's groups and one aliased field per hourly bucket with its own bounds", () => {
    const fields: Array<{ alias?: string; geq?: string; leq?: string; selections: string[] }> = [];
    visit(parse(request.query), {
      Field(node) {
        if (node.name.value !== DATASET) return;
        const filter = node.arguments?.find((a) => a.name.value === "filter")?.value;
        const bound = (name: string) =>
          filter?.kind === "ObjectValue" ? (filter.fields.find((f) => f.name.value === name)?.value as { value?: string } | undefined)?.value : undefined;
        fields.push({ alias: node.alias?.value, geq: bound("datetime_geq"), leq: bound("datetime_leq"), selections: node.selectionSet!.selections.map((s) => (s as { name: { value: string } }).name.value) });
      },
    });
    expect(fields).toHaveLength(25);
    expect(fields[0]).toEqual({ alias: "c0_groups", geq: "2026-11-30T12:00:00Z", leq: "2026-12-01T12:00:00Z", selections: ["count", "dimensions", "avg", "sum"] });
    expect(fields[1]).toEqual({ alias: "c0_b0", geq: "2026-11-30T12:00:00Z", leq: "2026-11-30T12:59:59Z", selections: ["count"] });
    expect(fields[24]).toEqual({ alias: "c0_b23", geq: "2026-12-01T11:00:00Z", leq: "2026-12-01T12:00:00Z", selections: ["count"] });
    // Buckets neither overlap nor leave a gap: each starts a second after the previous one ends.
    for (let i = 2; i < fields.length; i++) expect(Date.parse(fields[i].geq!) - Date.parse(fields[i - 1].leq!)).toBe(1000);
  });

  it("passes the account and config ids as variables, never inside the text", () => {
    expect(request.variables).toEqual({ accountTag: ACCOUNT, config0: ID });
    expect(request.query).not.toContain(ID);
    expect(request.query).not.toContain(ACCOUNT);
  });

  it("declares one variable per config when several share a request", () => {
    const two = buildRequest(ACCOUNT, [...nodesFor(0, ID, window), ...nodesFor(1, "f".repeat(32), window)]);
    expect(two.variables).toEqual({ accountTag: ACCOUNT, config0: ID, config1: "f".repeat(32) });
    expect(errorsOf(two.query)).toEqual([]);
  });
});

describe("readAnswer", () => {
  const window = resolveWindow({ since: "1h" }, NOW);
  const nodes = nodesFor(0, ID, window, window.buckets.slice(0, 1));

  it("reads groups (numbers given as strings too) and treats a missing field or account as no data", () => {
    const groups = readAnswer(
      { viewer: { accounts: [{ c0_groups: [{ count: "12", dimensions: { cacheStatus: "hit", eventStatus: "complete" }, avg: { queryLatency: 1.5, connectionLatency: 0 }, sum: { queryBytes: 10, resultBytes: "20" } }] }] } },
      nodes,
    );
    expect(groups.get("c0_groups")).toEqual([{ count: 12, cacheStatus: "hit", eventStatus: "complete", avgQueryLatency: 1.5, avgConnectionLatency: 0, queryBytes: 10, resultBytes: 20 }]);
    expect(groups.get("c0_b0")).toEqual([]);
    expect(readAnswer({ viewer: { accounts: [] } }, nodes).get("c0_groups")).toEqual([]);
  });

  it("refuses an answer of another shape", () => {
    expect(() => readAnswer({ viewer: {} }, nodes)).toThrow(/accounts is not a list/);
    expect(() => readAnswer({ viewer: { accounts: [{ c0_groups: [{ count: "many" }] }] } }, nodes)).toThrow(/c0_groups\[0\]\.count is not a number/);
  });
});
