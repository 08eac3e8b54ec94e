import type { Context } from "../context";
import { ApiError } from "../api/errors";
import { EXIT_FAILURE, UsageError } from "../errors";
import type { HyperdriveConfig } from "../api/schemas";
import { buildPatchBody, completePatch, detachWarnings, patchNeedsStored, type DetachKey } from "../origin/body";
import { patchSummary } from "../ui/config-view";
import { dryRun } from "./dry-run";
import { configEntry, rememberNames } from "./remember";
import { resolveConfigId } from "./resolve";
import { hintContext, readSecrets } from "./upsert";
import type { OptionsFor } from "./spec";
import type { updateSpec } from "./specs/update";

/** A Ctrl-C before the PATCH (at a prompt for a secret, during a read or --preflight): nothing was changed. */
const NOTHING_SENT = "Nothing was changed: the update request had not been sent.";

export async function run(ctx: Context, idOrName: string, options: OptionsFor<typeof updateSpec>): Promise<void> {
  await ctx.onInterrupt(NOTHING_SENT);
  const { localConnectionString: localFlag, ...rest } = options;
  const o = await readSecrets(ctx, rest);
  const localConnectionString = await ctx.secretFrom(localFlag, "--local-connection-string");
  // --local-connection-string alone changes only the Worker's .env: nothing is sent to the API.
  const onlyLocal = localConnectionString !== undefined && !Object.entries(rest).some(([key, value]) => key !== "preflight" && value !== undefined);
  const { body: patch, warnings, detach = [] }: { body: ReturnType<typeof buildPatchBody>["body"]; warnings: string[]; detach?: DetachKey[] } = onlyLocal
    ? { body: {}, warnings: [] }
    : buildPatchBody(o);
  for (const w of warnings) ctx.out.warn(w);
  const bindings = localConnectionString === undefined ? undefined : await findBindingsOrFail(ctx);

  const api = await ctx.api();
  const { id, config: before } = await resolveConfigId(api, idOrName);
  const path = `/accounts/${api.accountId}/hyperdrive/configs/${id}`;
  let current = before;
  let bound: string[] = [];
  if (localConnectionString !== undefined) {
    current ??= await api.client.getConfig(api.accountId, id);
    bound = bindingsTo(ctx, bindings!, current);
    const { checkLocalFlag, localTarget } = await import("./binding-step");
    const origin = { ...current.origin, ...(patch as { origin?: object }).origin } as { scheme?: string; host?: string };
    await checkLocalFlag(ctx, localConnectionString, localTarget({ name: current.name, origin, mtls: current.mtls }));
  }
  if (onlyLocal) {
    if (ctx.global.dryRun) {
      ctx.out.result(`Dry run: nothing was written. The local connection string would be saved for ${bound.join(", ")}.`, { dry_run: true, bindings: bound });
      return;
    }
    return saveLocal(ctx, current!, bound, localConnectionString!, "No request was sent: only the local connection string for wrangler dev changed.", "Nothing was sent to the API");
  }
  const asked = patch.mtls;
  const needsStored = patchNeedsStored(patch);
  /** Whether `current` was read by id just now, with nothing awaited since: fresh enough to complete the PATCH. */
  let fresh = false;
  if (needsStored && !current) {
    current = await api.client.getConfig(api.accountId, id);
    fresh = true;
  }
  let body = current ? completePatch(patch, current, detach) : patch;
  if (current) for (const w of detachWarnings(current, detach)) ctx.out.warn(w);
  if (body.mtls) {
    await (await import("../certs/refs")).checkCertificateRefs(api, body.mtls);
    fresh = false;
  }
  if (options.preflight) {
    // The stored origin completes what the update changes; the password must be among the changes (it is never returned).
    current ??= await api.client.getConfig(api.accountId, id);
    const sslmode = body.mtls?.sslmode ?? current.mtls?.sslmode;
    await (await import("./doctor")).preflight(ctx, { ...current.origin, ...body.origin }, sslmode, body.origin_connection_limit ?? current.origin_connection_limit);
    fresh = false;
  }
  if (ctx.global.dryRun) return dryRun(ctx, api, "PATCH", path, body);
  // caching and mtls are sent whole, completed from the stored config: read it again right before the PATCH (the
  // list a name was found in, or a preflight, may be seconds old), so that a concurrent update of another caching
  // or mtls field is kept. What remains is the API's own race between that read and the PATCH (README, Reliability).
  if (needsStored && !fresh) {
    current = await api.client.getConfig(api.accountId, id);
    body = completePatch(patch, current, detach);
  }

  // Ctrl-C from here until the answer: the PATCH may have reached Cloudflare. A rename may be applied: ask by id then.
  const label = before?.name ?? current?.name;
  await ctx.onInterrupt(
    `The update request for ${label ? `'${label}' (${id})` : id} was sent and no answer had come: the update may or may not have been applied.`,
    `Check with hyperdrive get ${body.name !== undefined || !label ? id : label}: it shows the stored settings (a password is never shown).`,
  );
  const spin = await ctx.out.spin(`Updating '${before?.name ?? id}'`);
  let config;
  try {
    config = await api.client.patchConfig(api.accountId, id, body);
  } catch (err) {
    await ctx.onInterrupt(undefined);
    if (err instanceof ApiError) err.context = hintContext(body, current?.name ?? idOrName, current);
    throw err;
  } finally {
    spin.stop();
  }
  const updated = `The config '${config.name}' (${config.id}) was updated`;
  if (localConnectionString === undefined) await ctx.onInterrupt(undefined);
  else await ctx.onInterrupt(`${updated}; the connection string for wrangler dev was not saved.`, `Save it with: ${saveCommand(ctx, config)}`);
  rememberNames(ctx, api, { seen: [configEntry(config)] });
  const detached = detach.filter((k) => current?.mtls?.[k]).map((k) => `${k.replace(/_/g, " ")} → detached`);
  const changes = [...patchSummary({ ...body, mtls: asked }, config), ...detached].map((l) => `  ${l}`).join("\n");
  const summary = `✔ Updated Hyperdrive config '${config.name}' (${config.id})\n${changes}`;
  if (localConnectionString !== undefined) return saveLocal(ctx, config, bound, localConnectionString, summary, updated);
  ctx.out.result(summary, config);
}

interface FoundBindings {
  path: string;
  where: string;
  bindings: Array<{ binding: string; id: string | undefined }>;
}

/** The Hyperdrive bindings of the Worker's config section (top level or --env); a usage error without a config. */
async function findBindingsOrFail(ctx: Context): Promise<FoundBindings> {
  // The parsers load only for this flag: update is on every script's fast path.
  const [{ findWranglerConfig }, { listBindings }, { readFileSync }, { relative }] = await Promise.all([
    import("../wrangler-config/locate"),
    import("../wrangler-config/document"),
    import("node:fs"),
    import("node:path"),
  ]);
  const { config, searched } = findWranglerConfig({ configPath: ctx.global.config, cwd: ctx.cwd });
  if (!config) {
    throw new UsageError(
      `--local-connection-string is saved for the Worker's binding, but there is no wrangler.json, wrangler.jsonc or wrangler.toml in ${searched[0] ?? ctx.cwd} or the folders above it.`,
      "Run it from the Worker's folder, or name the config with -c PATH.",
    );
  }
  const name = relative(ctx.cwd, config.path) || config.path;
  const where = ctx.global.env === undefined ? name : `env.${ctx.global.env} of ${name}`;
  return { path: config.path, where, bindings: listBindings(readFileSync(config.path, "utf8"), config.format, ctx.global.env, name) };
}

/** The names of the bindings that point to the config; a usage error (before anything is sent) when none does. */
function bindingsTo(ctx: Context, found: FoundBindings, config: { id: string; name: string }): string[] {
  const names = found.bindings.filter((b) => b.id === config.id).map((b) => b.binding);
  if (names.length === 0) {
    const env = ctx.global.env === undefined ? "" : ` --env ${ctx.global.env}`;
    throw new UsageError(
      `No binding in ${found.where} points to '${config.name}' (${config.id}), so there is no local connection string to change.`,
      `Bind it first: hyperdrive bind ${config.name}${env} --local-connection-string URL`,
    );
  }
  return names;
}

/** The command that saves the local connection string again (the string itself left for the user to give). */
function saveCommand(ctx: Context, config: { id: string; name: string }): string {
  return ctx.commandLine(["update", config.name || config.id, "--local-connection-string", "URL"]);
}

/**
 * Saves the string for each binding of the config (as \`bind\` does) and prints the outcome after `summary`; `done`
 * is what a Ctrl-C meanwhile says was done before (the update applied, or nothing sent).
 */
async function saveLocal(ctx: Context, config: HyperdriveConfig, bound: string[], value: string, summary: string, done: string): Promise<void> {
  const { bindingStep, printBinding } = await import("./binding-step");
  const outcomes = [];
  const saving = { done, command: saveCommand(ctx, config) };
  for (const binding of bound) outcomes.push(await bindingStep(ctx, config, { binding, updateConfig: false, localConnectionString: value }, undefined, { saving }));
  await ctx.onInterrupt(undefined);
  printBinding(ctx, outcomes, { ...config, bindings: outcomes }, [summary]);
  if (outcomes.some((o) => o.localConnectionString?.status === "failed")) ctx.exitCode = EXIT_FAILURE;
}

