// After create, and for `bind`: put the binding into the Worker's wrangler config (src/wrangler-config/) and say
// what happened. The outcome always carries the id and a snippet, so the config is never lost.
import type { Context } from "../context";
import type { BindingOutcome } from "../wrangler-config/apply";
import { flags, type OptionsOf } from "../flags";

/** create and bind: where the binding goes. */
export const BINDING_FLAGS = flags({
  binding: { value: "name", description: "binding name in the Worker (default HYPERDRIVE; an existing binding of that name is repointed)" },
  updateConfig: { description: "write the binding into wrangler.json/jsonc/toml without asking", negation: "never write the wrangler config; print the snippet" },
  localConnectionString: { value: "url", description: "connection string for wrangler dev, saved in .env beside the config; - reads it from stdin" },
  remote: { description: 'write "remote": true: wrangler dev connects to the deployed config, not a local database' },
});

export type BindingFlags = OptionsOf<typeof BINDING_FLAGS>;

/** Before any request: an invalid --binding or a missing --config file is a usage error (exit 2), not a lost config. */
export async function checkBindingFlags(ctx: Context, flags: BindingFlags): Promise<void> {
  if (flags.binding !== undefined) (await import("../wrangler-config/binding-name")).validateBindingFlag(flags.binding);
  if (ctx.global.config !== undefined) (await import("../wrangler-config/locate")).findWranglerConfig({ configPath: ctx.global.config, cwd: ctx.cwd });
}

export async function bindingStep(ctx: Context, config: { id: string; name: string }, flags: BindingFlags, defaultWrite?: boolean): Promise<BindingOutcome> {
  const { applyBinding } = await import("../wrangler-config/apply");
  return applyBinding(
    {
      cwd: ctx.cwd,
      configPath: ctx.global.config,
      env: ctx.global.env,
      binding: flags.binding,
      remote: flags.remote,
      id: config.id,
      updateConfig: flags.updateConfig ?? defaultWrite,
      localConnectionString: flags.localConnectionString,
      processEnv: ctx.io.env,
    },
    { prompter: ctx.prompter },
  );
}

/** Reasons that arise only once a write was decided on (asked for, or agreed to at the prompt). */
const WRITE_FAILURES = new Set(["changed-on-disk", "locked", "read-only", "read-failed", "write-failed"]);

/**
 * Whether the step failed at something the user asked for, which fails the command (exit 1): a binding edit asked for
 * with --binding or --update-config (or agreed to) that did not happen, or a `.env` line that could not be saved.
 */
export function bindingFailed(o: BindingOutcome, flags: BindingFlags): boolean {
  if (o.localConnectionString?.status === "failed") return true;
  if (o.status !== "failed") return false;
  return flags.binding !== undefined || flags.updateConfig === true || WRITE_FAILURES.has(o.reason ?? "");
}

/** Human lines for an outcome: what happened, and the snippet whenever the file was not written. */
export function bindingText(o: BindingOutcome): string {
  const lines = [`${o.status === "failed" ? "⚠" : o.status === "skipped" ? "•" : "✔"} ${o.message}`];
  if (o.status === "skipped" || o.status === "failed") {
    lines.push("", `Add this to your Worker's ${o.path ? "config" : "wrangler config"}${o.env ? ` (env ${o.env})` : ""}:`, "", o.snippet.trimEnd());
  }
  if (o.localConnectionString) lines.push(`${o.localConnectionString.status === "failed" ? "⚠" : "•"} ${o.localConnectionString.message}`);
  return lines.join("\n");
}
