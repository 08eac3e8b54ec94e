import { defineCommand } from "../spec";

export const deleteSpec = defineCommand({
  name: "delete",
  description: "delete a config (asks first; --yes in scripts)",
  args: [{ name: "<config>", description: "config id or name" }],
  examples: `
Examples:
  $ hyperdrive delete prod-db            # asks first on a terminal
  $ hyperdrive delete prod-db --yes      # in scripts and CI`,
});
