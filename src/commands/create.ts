import type { Context } from "../context";
import type { Api } from "../session/connect";
import type { ConfigCreate, HyperdriveConfig } from "../api/schemas";
import { ApiError, NetworkError } from "../api/errors";
import { mayHaveReachedServer } from "../api/client";
import { buildCreateBody, checkCreateMtls } from "../origin/body";
import { schemeLabel, configView } from "../ui/config-view";
import { dryRun } from "./dry-run";
import { configEntry, rememberNames } from "./remember";
import { originConnectionString } from "../origin/local-connection-string";
import { askMissingPassword, hintContext, readSecrets } from "./upsert";
import { bindingFailed, bindingStep, checkBindingFlags, printBinding, checkLocalFlag, localTarget, interruptBeforeBinding } from "./binding-step";
import { EXIT_FAILURE } from "../errors";
import type { OptionsFor } from "./spec";
import type { createSpec } from "./specs/create";

export type CreateOptions = OptionsFor<typeof createSpec>;

/** A Ctrl-C before the POST (at a prompt, during --preflight): nothing exists yet. */
const NOTHING_SENT = "Nothing was created: the create request had not been sent.";

export async function run(ctx: Context, name: string, options: CreateOptions): Promise<void> {
  // A question answered with Ctrl-C or Ctrl-D says the note of the moment too (the error boundary prints it).
  await ctx.onInterrupt(NOTHING_SENT);
  const created = await prepareAndCreate(ctx, name, options);
  if (!created) return;
  const { config, body, localConnectionString } = created;
  // Say what was created before the binding step may ask anything.
  ctx.out.print(`✔ Created Hyperdrive ${schemeLabel(config.origin.scheme)} config '${config.name}': ${config.id}\n\n${configView(config)}\n`);
  const done = `The config '${config.name}' (${config.id}) was created`;
  await interruptBeforeBinding(ctx, config, done, options);
  const binding = await bindingStep(ctx, config, { ...options, localConnectionString }, undefined, { testedOrigin: testedOrigin(ctx, body), done });
  await ctx.onInterrupt(undefined);
  printBinding(ctx, [binding], { ...config, binding });
  // The config exists (its id and the snippet are printed), but what was asked for the Worker's files did not happen.
  if (bindingFailed(binding, options)) ctx.exitCode = EXIT_FAILURE;
}

/** Everything up to the POST and the POST itself; undefined for --dry-run (which printed the request). */
async function prepareAndCreate(ctx: Context, name: string, options: CreateOptions) {
  await checkBindingFlags(ctx, options, "create");
  const secrets = await readSecrets(ctx, options);
  const localConnectionString = await ctx.secretFrom(options.localConnectionString, "--local-connection-string");
  const o = await askMissingPassword(ctx, secrets);
  const { body, warnings } = buildCreateBody(name, o);
  checkCreateMtls(body, o);
  for (const w of warnings) ctx.out.warn(w);
  await checkLocalFlag(ctx, localConnectionString, localTarget(body));
  if (options.preflight) await (await import("./doctor")).preflight(ctx, body.origin, body.mtls?.sslmode, body.origin_connection_limit);

  const api = await ctx.api();
  const path = `/accounts/${api.accountId}/hyperdrive/configs`;
  if (body.mtls) await (await import("../certs/refs")).checkCertificateRefs(api, body.mtls);
  if (ctx.global.dryRun) {
    await dryRun(ctx, api, "POST", path, body);
    return undefined;
  }
  const config = await createConfigOnce(ctx, api, name, body);
  return { config, body, localConnectionString };
}

/** --local: the id goes into the record of emulator-made ids beside the Worker's config (see session/local-ids). */
async function recordLocalConfig(ctx: Context, config: { id: string; name: string }): Promise<void> {
  const [{ recordLocalIds, localDirFor }, { findWranglerConfig }] = await Promise.all([
    import("../session/local-ids"),
    import("../wrangler-config/locate"),
  ]);
  const found = findWranglerConfig({ configPath: ctx.global.config, cwd: ctx.cwd }).config;
  try {
    await recordLocalIds(localDirFor(found?.path, ctx.cwd), [config]);
  } catch (error) {
    ctx.out.warn(`Could not record ${config.id} as an id of the local emulator: ${(error as Error).message}`);
  }
}

/** --local with a host-and-port origin and its password: the origin as wrangler dev's default local string. */
function testedOrigin(ctx: Context, body: ReturnType<typeof buildCreateBody>["body"]): string | undefined {
  if (!ctx.global.local) return undefined;
  const origin = body.origin as Record<string, unknown>;
  const { scheme, host, port, database, user, password } = origin;
  if (typeof host !== "string" || typeof port !== "number" || typeof password !== "string") return undefined;
  if (typeof scheme !== "string" || typeof database !== "string" || typeof user !== "string") return undefined;
  return originConnectionString({ scheme, host, port, database, user, password, sslmode: body.mtls?.sslmode });
}

/** The POST that creates a config (never retried), behind the spinner; a lost answer says the config may exist. */
export async function createConfigOnce(ctx: Context, api: Api, name: string, body: ConfigCreate): Promise<HyperdriveConfig> {
  // Ctrl-C from here until the answer: the request may have reached Cloudflare, so the config may exist.
  await ctx.onInterrupt(
    `The create request for '${name}' was sent and no answer had come: the config may exist.`,
    `Check with hyperdrive get ${name} before creating it again (the name would be taken: 2017); hyperdrive apply ${name} … creates it only if it is missing.`,
  );
  const spin = await ctx.out.spin(`Creating '${name}' (Hyperdrive tests the connection to the origin)`);
  let config;
  try {
    config = await api.client.createConfig(api.accountId, body);
  } catch (err) {
    await ctx.onInterrupt(undefined);
    if (err instanceof ApiError) err.context = { ...hintContext(body, name), creating: true };
    // A POST is never retried: if it may have reached the server, the config may exist although no answer came.
    if (err instanceof NetworkError && mayHaveReachedServer(err.errno)) {
      throw new NetworkError(
        `${err.message} The config may have been created: the request may have reached Cloudflare before the answer was lost.`,
        err.errno,
        `Check with \`hyperdrive get ${name}\` before creating it again (the name would be taken: 2017).`,
      );
    }
    throw err;
  } finally {
    spin.stop();
  }
  await ctx.onInterrupt(`The config '${config.name}' (${config.id}) was created.`);
  if (ctx.global.local) await recordLocalConfig(ctx, config);
  rememberNames(ctx, api, { seen: [configEntry(config)] });
  return config;
}
