import type { Context } from "../context";
import { ApiError } from "../api/errors";
import { UsageError, EXIT_FAILURE } from "../errors";
import type { ConfigPatch, HyperdriveConfig } from "../api/schemas";
import { buildCreateBody, buildPatchBody, checkCreateMtls, redactSecrets, type UpsertOptions } from "../origin/body";
import { changeLine, planApply, type Change } from "../origin/apply-plan";
import { configView, schemeLabel } from "../ui/config-view";
import { askMissingPassword, hintContext, readSecrets } from "./upsert";
import { bindingFailed, bindingStep, checkBindingFlags, printBinding, checkLocalFlag, localTarget, interruptBeforeBinding } from "./binding-step";
import { createConfigOnce } from "./create";
import type { OptionsFor } from "./spec";
import type { applySpec } from "./specs/apply";

type ApplyOptions = OptionsFor<typeof applySpec>;
type Action = "created" | "updated" | "unchanged";

const ORIGIN_KEYS = ["connectionString", "originHost", "originPort", "originScheme", "database", "originUser", "originPassword", "accessClientId", "accessClientSecret", "serviceId", "sslmode"] as const;
const SETTING_KEYS = [...ORIGIN_KEYS, "cachingDisabled", "maxAge", "swr", "caCertificateId", "mtlsCertificateId", "originConnectionLimit"] as const;

/** A Ctrl-C before the POST or PATCH (at a prompt, while reading the account's configs): nothing was changed. */
const NOTHING_SENT = "Nothing was changed: no create or update request had been sent.";

export async function run(ctx: Context, name: string, options: ApplyOptions): Promise<void> {
  // A question answered with Ctrl-C or Ctrl-D says the note of the moment too (the error boundary prints it).
  await ctx.onInterrupt(NOTHING_SENT);
  await apply(ctx, name, options);
}

async function apply(ctx: Context, name: string, options: ApplyOptions): Promise<void> {
  if (name.trim() === "") throw new UsageError("The config name must not be empty.", "e.g. hyperdrive apply my-db …");
  await checkBindingFlags(ctx, options, "apply");
  const secrets = await readSecrets(ctx, options);
  const localConnectionString = await ctx.secretFrom(options.localConnectionString, "--local-connection-string");
  const api = await ctx.api();
  const matches = (await api.client.listConfigs(api.accountId)).filter((c) => c.name === name);
  if (matches.length > 1) {
    throw new UsageError(
      `The account has ${matches.length} configs named '${name}' (${matches.map((c) => c.id).join(", ")}), so apply cannot tell which to change.`,
      "Delete or rename the extra ones (hyperdrive delete ID, hyperdrive update ID --name NEW), then run apply again.",
    );
  }
  const current = matches[0];
  const bindingFlags = { ...options, localConnectionString };
  if (!current) return create(ctx, name, await askMissingPassword(ctx, secrets), bindingFlags);

  const settings = Object.fromEntries(SETTING_KEYS.filter((k) => secrets[k] !== undefined).map((k) => [k, secrets[k]]));
  const { body: wanted, warnings } = Object.keys(settings).length ? buildPatchBody(settings) : { body: {} as ConfigPatch, warnings: [] };
  for (const w of warnings) ctx.out.warn(w);
  const { plan, kept } = planKeepingSecrets(wanted, current, Boolean(options.keepSecrets));
  await checkLocalFlag(ctx, localConnectionString, localTarget({ name, origin: { ...current.origin, ...plan.body?.origin }, mtls: current.mtls }));
  const path = `/accounts/${api.accountId}/hyperdrive/configs/${current.id}`;
  if (plan.body?.mtls) await (await import("../certs/refs")).checkCertificateRefs(api, plan.body.mtls);
  if (ctx.global.dryRun) {
    const action: Action = plan.body ? "updated" : "unchanged";
    const request = plan.body ? { method: "PATCH", url: api.client.url(path), body: redactSecrets(plan.body) } : undefined;
    const text = [
      `Dry run: nothing was sent. '${name}' (${current.id}) would be ${action}.`,
      ...plan.changes.map((c) => `  ${changeLine(c)}`),
      ...kept.map(keptLine),
      ...(request ? [`PATCH ${request.url}`, JSON.stringify(request.body, null, 2)] : []),
    ].join("\n");
    return ctx.out.result(text, { dry_run: true, action, changes: plan.changes, ...(options.keepSecrets ? { kept } : {}), config: current, ...(request ? { request } : {}) });
  }
  let config: HyperdriveConfig = current;
  if (plan.body) {
    await ctx.onInterrupt(
      `The update request for '${name}' (${current.id}) was sent and no answer had come: it may or may not have been applied.`,
      `Check with hyperdrive get ${name}; running the same apply again sends only what still differs.`,
    );
    const spin = await ctx.out.spin(`Updating '${name}'`);
    try {
      config = await api.client.patchConfig(api.accountId, current.id, plan.body);
    } catch (err) {
      await ctx.onInterrupt(undefined);
      if (err instanceof ApiError) err.context = hintContext(plan.body, name, current);
      throw err;
    } finally {
      spin.stop();
    }
    await ctx.onInterrupt(`The config '${config.name}' (${config.id}) was updated.`);
  }
  const action: Action = plan.body ? "updated" : "unchanged";
  const head = plan.body
    ? `✔ Updated Hyperdrive config '${config.name}' (${config.id})`
    : `✔ Hyperdrive config '${config.name}' (${config.id}) already matches: nothing was sent`;
  await finish(ctx, action, plan.changes, config, [head, ...plan.changes.map((c) => `  ${changeLine(c)}`), ...kept.map(keptLine)].join("\n"), bindingFlags, options.keepSecrets ? kept : undefined);
}

const keptLine = (field: string) => `  ${field}: not sent (write-only; --keep-secrets, and no other origin field differs)`;

/**
 * --keep-secrets: a password or Access secret is left out when nothing else of the origin differs from the stored
 * config (so a rerun of the same command sends nothing); with any other origin change it goes with it, as without.
 */
function planKeepingSecrets(wanted: ConfigPatch, current: HyperdriveConfig, keep: boolean): { plan: ReturnType<typeof planApply>; kept: string[] } {
  const origin = wanted.origin as Record<string, unknown> | undefined;
  const secrets = keep && origin ? (["password", "access_client_secret"] as const).filter((k) => origin[k] !== undefined) : [];
  if (secrets.length === 0) return { plan: planApply(wanted, current), kept: [] };
  const rest = Object.fromEntries(Object.entries(origin!).filter(([k]) => !(secrets as readonly string[]).includes(k)));
  const { origin: _origin, ...others } = wanted;
  const without = planApply((Object.keys(rest).length ? { ...others, origin: rest } : others) as ConfigPatch, current);
  if (without.body?.origin !== undefined) return { plan: planApply(wanted, current), kept: [] };
  return { plan: without, kept: secrets.map((k) => `origin.${k}`) };
}

async function create(ctx: Context, name: string, o: UpsertOptions, flags: ApplyOptions): Promise<void> {
  const { body, warnings } = buildCreateBody(name, o);
  checkCreateMtls(body, o);
  for (const w of warnings) ctx.out.warn(w);
  await checkLocalFlag(ctx, flags.localConnectionString, localTarget(body));
  const api = await ctx.api();
  const path = `/accounts/${api.accountId}/hyperdrive/configs`;
  if (body.mtls) await (await import("../certs/refs")).checkCertificateRefs(api, body.mtls);
  const changes: Change[] = [{ field: "name", old: null, new: name }];
  if (ctx.global.dryRun) {
    const request = { method: "POST", url: api.client.url(path), body: redactSecrets(body) };
    const text = `Dry run: nothing was sent. '${name}' does not exist and would be created.\nPOST ${request.url}\n${JSON.stringify(request.body, null, 2)}`;
    return ctx.out.result(text, { dry_run: true, action: "created", changes, config: null, request });
  }
  const config = await createConfigOnce(ctx, api, name, body);
  const head = `✔ Created Hyperdrive ${schemeLabel(config.origin.scheme)} config '${config.name}': ${config.id}\n\n${configView(config)}`;
  await finish(ctx, "created", changes, config, head, flags);
}

/** The binding step as on create (only when a binding flag was given, or on create), then one result. */
async function finish(ctx: Context, action: Action, changes: Change[], config: HyperdriveConfig, head: string, flags: ApplyOptions, kept?: string[]): Promise<void> {
  const wantsBinding = action === "created" || flags.binding !== undefined || flags.updateConfig !== undefined || flags.localConnectionString !== undefined || flags.remote !== undefined;
  const keptFields = kept ?? (flags.keepSecrets ? [] : undefined);
  const value = { action, changes, ...(keptFields ? { kept: keptFields } : {}), config };
  if (!wantsBinding) {
    await ctx.onInterrupt(undefined);
    return ctx.out.result(head, value);
  }
  if (action === "created") ctx.out.print(`${head}\n`);
  const done =
    action === "created"
      ? `The config '${config.name}' (${config.id}) was created`
      : action === "updated"
        ? `The config '${config.name}' (${config.id}) was updated`
        : `The config '${config.name}' (${config.id}) already matched (nothing was sent)`;
  await interruptBeforeBinding(ctx, config, done, flags);
  const binding = await bindingStep(ctx, config, flags, undefined, { done });
  await ctx.onInterrupt(undefined);
  printBinding(ctx, [binding], { ...value, binding }, action === "created" ? [] : [head]);
  if (bindingFailed(binding, flags)) ctx.exitCode = EXIT_FAILURE;
}
