import { defineCommand } from "../spec";

export const listSpec = defineCommand({
  name: "list",
  description: "list the configs of the account",
  examples: `
Examples:
  $ hyperdrive list
  $ hyperdrive list --json | jq -r '.[].name'`,
});
