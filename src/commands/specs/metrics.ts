import { defineCommand } from "../spec";

export const metricsSpec = defineCommand({
  name: "metrics",
  description: "show queries, cache statuses, hit ratio, latency and caching advice (GraphQL Analytics)",
  args: [{ name: "[config]", description: "config id or name (default: every config of the account, one row each)" }],
  flags: {
    since: { value: "when", description: "start of the window: 30m, 24h, 7d, 31d before now, or a UTC time (default 24h)" },
    until: { value: "when", description: "end of the window: a duration before now, or a UTC time (default now)" },
  },
  examples: `
Examples:
  $ hyperdrive metrics prod-db                    # the last 24 hours, hourly
  $ hyperdrive metrics prod-db --since 7d         # a week, every 6 hours
  $ hyperdrive metrics --since 30d                # every config, one row each
  $ hyperdrive metrics prod-db --since 2026-11-01 --until 2026-11-08 --json
The API token needs Account · Account Analytics · Read. Metrics are kept for 31 days.`,
});
