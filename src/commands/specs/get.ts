import { defineCommand } from "../spec";

export const getSpec = defineCommand({
  name: "get",
  description: "show one config",
  args: [{ name: "<config>", description: "config id or name" }],
  examples: `
Examples:
  $ hyperdrive get prod-db
  $ hyperdrive get 6b7efc370ea34ded8327fa20698dfe3a --json | jq .origin.host`,
});
