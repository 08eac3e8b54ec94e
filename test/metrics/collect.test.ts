import { describe, expect, it } from "vitest";
import { parse, visit } from "graphql";
import { collectNodes } from "../../src/metrics/collect";
import { nodesFor, type GraphqlRequest } from "../../src/metrics/query";
import { resolveWindow } from "../../src/metrics/window";

const window = resolveWindow({ since: "24h" }, new Date("2026-12-01T12:00:00Z"));
const aliasesOf = (r: GraphqlRequest) => {
  const out: string[] = [];
  visit(parse(r.query), { Field: (f) => void (f.alias && out.push(f.alias.value)) });
  return out;
};
class TooLarge extends Error {}

describe("collectNodes", () => {
  const nodes = nodesFor(0, "a".repeat(32), window, window.buckets);

  it("asks for one config's groups and 24 buckets in one request", async () => {
    const sent: GraphqlRequest[] = [];
    const got = await collectNodes("acct", nodes, async (r) => (sent.push(r), { data: { viewer: { accounts: [Object.fromEntries(aliasesOf(r).map((a) => [a, [{ count: 1 }]]))] } } }), { tooLarge: () => false });
    expect(sent).toHaveLength(1);
    expect(got.groups.size).toBe(25);
  });

  it("splits a request the API finds too large in halves until it is accepted, keeping every answer", async () => {
    const sizes: number[] = [];
    const got = await collectNodes(
      "acct",
      nodes,
      async (r) => {
        const aliases = aliasesOf(r);
        sizes.push(aliases.length);
        if (aliases.length > 8) throw new TooLarge("in combination, your request queries too many nodes, zones and accounts");
        return { data: { viewer: { accounts: [Object.fromEntries(aliases.map((a) => [a, [{ count: Number(a.split("_b")[1] ?? 100) }]]))] } } };
      },
      { tooLarge: (e) => e instanceof TooLarge },
    );
    expect(sizes).toEqual([25, 13, 7, 6, 12, 6, 6]);
    expect([...got.groups.keys()].sort()).toEqual(nodes.map((n) => n.alias).sort());
    expect(got.groups.get("c0_b23")).toEqual([{ count: 23, queryBytes: 0, resultBytes: 0 }]);
  });

  it("passes any other failure on", async () => {
    await expect(collectNodes("acct", nodes, async () => Promise.reject(new Error("not authorized for that account")), { tooLarge: () => false })).rejects.toThrow(/not authorized/);
  });
});
