// The flags of the binding step (create, bind, apply), declared with the specs: every start loads the specs, and the
// binding step itself (src/commands/binding-step.ts) only when a command runs it.
import { flags, type OptionsOf } from "../../flags";

/** create and bind: where the binding goes. */
export const BINDING_FLAGS = flags({
  binding: { value: "name", description: "binding name in the Worker (default HYPERDRIVE; an existing binding of that name is repointed)" },
  updateConfig: { description: "write the binding into wrangler.json/jsonc/toml without asking", negation: "never write the wrangler config; print the snippet" },
  localConnectionString: { value: "url", secret: true, description: "connection string for wrangler dev, saved in .env (.env.<env> with --env) beside the config; - reads stdin, @FILE a file, env:NAME a variable" },
  remote: { description: 'write "remote": true: wrangler dev connects to the deployed config, not a local database' },
  createEnv: { description: "with --env: add the environment's section when the wrangler config has none of that name (else exit 2)" },
});

export type BindingFlags = OptionsOf<typeof BINDING_FLAGS>;
