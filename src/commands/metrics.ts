// `hyperdrive metrics [<config>]`: what the GraphQL Analytics API says about a config's queries (or every config's),
// with caching advice. The query building, the numbers and the advice are src/metrics/; the rendering src/ui/.
import type { Context } from "../context";
import type { HyperdriveConfig } from "../api/schemas";
import { GraphqlError, queryGraphql } from "../api/graphql";
import { adviseCaching } from "../metrics/advice";
import { collectNodes } from "../metrics/collect";
import { nodesFor } from "../metrics/query";
import { cachingSettings, summarize, type MetricsSummary } from "../metrics/summarize";
import { resolveWindow } from "../metrics/window";
import { metricsTable, metricsView, WIDTH } from "../ui/metrics-view";
import { resolveConfigId } from "./resolve";
import type { OptionsFor } from "./spec";
import type { metricsSpec } from "./specs/metrics";

export async function run(ctx: Context, configArg: string | undefined, flags: OptionsFor<typeof metricsSpec>): Promise<void> {
  // A bad window is a usage error before any request.
  const window = resolveWindow(flags, ctx.io.now?.() ?? new Date());
  const api = await ctx.api();
  const spin = await ctx.out.spin("Reading Hyperdrive metrics");
  try {
    let configs: HyperdriveConfig[];
    if (configArg !== undefined) {
      const { id, config } = await resolveConfigId(api, configArg);
      configs = [config ?? (await api.client.getConfig(api.accountId, id))];
    } else configs = await api.client.listConfigs(api.accountId);

    const one = configArg !== undefined;
    const nodes = configs.flatMap((c, i) => nodesFor(i, c.id, window, one ? window.buckets : []));
    const debug = Boolean(ctx.io.env.HYPERDRIVE_DEBUG);
    const collected = await collectNodes(
      api.accountId,
      nodes,
      (request) => {
        if (debug) ctx.out.note(`POST /graphql\n${request.query}\nvariables: ${JSON.stringify(request.variables)}`);
        return queryGraphql(api.client, request);
      },
      { tooLarge: (err) => err instanceof GraphqlError && err.reason === "too-large" },
    );
    const synthetic = collected.extensions.some((e) => e.synthetic === true);
    const summaries: MetricsSummary[] = configs.map((c, i) => {
      const config = { id: c.id, name: c.name, caching: cachingSettings(c.caching) };
      const counts = window.buckets.map((_, b) => (collected.groups.get(`c${i}_b${b}`) ?? []).reduce((sum, g) => sum + g.count, 0));
      return summarize({
        config,
        window,
        groups: collected.groups.get(`c${i}_groups`) ?? [],
        ...(one ? { series: { buckets: window.buckets, counts } } : {}),
        synthetic,
        advise: (s) => adviseCaching(s, configArg ?? c.name),
      });
    });
    spin.stop();
    if (one) ctx.out.result(() => metricsView(summaries[0]), summaries[0]);
    else {
      const render = ctx.out.json ? undefined : await ctx.out.tableRenderer(WIDTH);
      ctx.out.result(() => metricsTable(summaries, render!), summaries);
    }
  } finally {
    spin.stop();
  }
}
