import { defineCommand } from "../spec";

const NEW = "New config (blue/green):";

export const rotateSpec = defineCommand({
  name: "rotate",
  description: "change a config's origin credentials: in place, or blue/green with a new config and repointed bindings",
  args: [{ name: "<config>", description: "config id or name" }],
  flags: {
    originPassword: {
      value: "password",
      secret: true,
      description: "the new database password; - reads stdin, @FILE a file, env:NAME a variable (asked, masked, on a terminal when omitted)",
      aliases: ["--password"],
    },
    originUser: { value: "user", description: "a new database user (a second user created for the rotation)", aliases: ["--user"] },
    accessClientSecret: { value: "secret", secret: true, description: "the new Cloudflare Access client secret (Tunnel origins); same forms as --origin-password" },
    preflight: {
      description: "check the stored origin from here with the new credentials first (default: when it is reachable from here)",
      negation: "skip the check from here; Hyperdrive's connection test still runs",
    },
    restart: {
      description: "then restart the config so the pool's connections log in again with the new credentials",
      conflicts: { newConfig: "a new config starts with a new pool; --restart is for rotating in place." },
    },
    newConfig: { description: "create a new config with every setting of this one plus the new credentials, and repoint the bindings to it", group: NEW },
    name: { value: "name", description: "the new config's name (default <config>-<yyyymmdd>)", group: NEW },
    updateConfig: { negation: "do not edit the wrangler config: print the binding snippets instead", group: NEW },
  },
  examples: `
Examples:
  $ hyperdrive rotate prod-db --origin-password env:NEW_DB_PASSWORD --restart      # in place, pool reconnected
  $ printf %s "$NEW" | hyperdrive rotate prod-db --origin-password - --origin-user app_v2
  $ hyperdrive rotate prod-db --new-config --origin-password @new-password.txt      # blue/green: prod-db-20261201
  $ hyperdrive rotate prod-db --new-config --env staging --no-update-config --dry-run

In place, the config keeps its id: one PATCH of the credentials, which Hyperdrive tests before saving (a refused change
changes nothing). Connections already pooled stay logged in until they are recycled; --restart reconnects them now.
Blue/green leaves the old config as it is: deploy, check, then delete it; binding it again is the rollback.
hyperdrive never runs SQL on your database: it prints what to do there next.`,
});
