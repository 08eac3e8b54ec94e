import { defineCommand } from "../spec";

export const emulatorSpec = defineCommand({
  name: "emulator",
  description: "serve a local emulator of the Cloudflare API (Hyperdrive configs, certificates, accounts)",
  flags: {
    port: { value: "port", description: "TCP port (0 for any free one)", default: "8787" },
    host: { value: "host", description: "address to listen on", default: "127.0.0.1" },
    state: { value: "file", description: "keep the state in this JSON file (mode 0600: it holds passwords)" },
    token: { value: "token", description: "the API token it accepts (default hyperdrive-emulator-token)" },
    allowPrivateOrigins: { description: "accept private and loopback origins in the connection test" },
    skipOriginCheck: { description: "accept every origin without a connection test" },
    plan: { value: "plan", choices: ["free", "paid"] as const, description: "the account's plan and its documented limits: free (10 configs, pool ≤ 20) or paid (default: 25 configs)" },
    maxConfigs: { value: "n", description: "how many configs the account may hold (default: the plan's, 25 on paid)" },
    fault: {
      value: "spec",
      description: "inject failures, e.g. 429:after=3, 503:nth=2, 5xx:rate=0.2:seed=42, latency=200, drop:nth=1",
      parse: (v: string, prev: string[]) => [...prev, v],
      default: [] as string[],
    },
    metricsSeed: { value: "n", description: "seed of the synthetic query events behind POST /graphql (hyperdrive metrics); default 1" },
    quiet: { description: "do not log requests" },
  },
  examples: `
The global --account-id <id> sets the account it serves (32 lowercase hex digits; default: a fixed id, printed
when it starts); --json prints its URL, account id and token as JSON.

Examples:
  $ hyperdrive emulator --state .hyperdrive/emulator.json --allow-private-origins
  $ hyperdrive emulator --port 0 --skip-origin-check --fault 429:after=3:retry-after=1 --json
  $ hyperdrive emulator --metrics-seed 7          # other synthetic metrics for hyperdrive metrics`,
});
