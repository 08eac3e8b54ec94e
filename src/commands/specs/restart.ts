import { defineCommand } from "../spec";

export const restartSpec = defineCommand({
  name: "restart",
  description: "drain a config's connection pool and build a new one; the config is unchanged (asks first; --yes in scripts)",
  args: [{ name: "<config>", description: "config id or name" }],
  examples: `
Examples:
  $ hyperdrive restart prod-db            # asks first on a terminal
  $ hyperdrive restart prod-db --yes      # in scripts and CI (POST …/configs/{id}/restart)`,
});
