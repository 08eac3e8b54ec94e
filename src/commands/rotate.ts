// `hyperdrive rotate <config>`: new origin credentials, the two ways Cloudflare documents. In place: one PATCH of the
// credentials (Hyperdrive tests them before saving), optionally a restart of the pool. Blue/green (--new-config): a
// copy of the config with the new credentials, and the Worker's bindings repointed to it; the old config stays, as the
// rollback. Never runs SQL on the user's database: it prints what to do there.
import type { Context } from "../context";
import { ApiError } from "../api/errors";
import { MAX_CONFIG_NAME_LENGTH, productOf, isScheme } from "../api/contract";
import type { ConfigCreate, ConfigPatch, HyperdriveConfig } from "../api/schemas";
import { copyConfigBody, credentialsPatch, redactSecrets, type NewCredentials } from "../origin/body";
import { EXIT_FAILURE, UsageError } from "../errors";
import type { RepointOutcome, Repointed } from "../wrangler-config/repoint";
import { resolveConfigId } from "./resolve";
import { secretSource } from "../origin/secret-source";
import { hintContext } from "./upsert";
import type { OptionsFor } from "./spec";
import type { rotateSpec } from "./specs/rotate";

export type RotateOptions = OptionsFor<typeof rotateSpec>;

/** A request shown by --dry-run: sent when it only reads, never when it changes something. */
interface ShownRequest {
  method: string;
  url: string;
  body?: unknown;
  sent: boolean;
}

/** A binding in the --json document: where it is, and whether the file now says so. */
type BindingRow = Repointed & { file?: string; written: boolean };

/**
 * The new config's name: `<old>-<yyyymmdd>`, then `-2`, `-3` … while taken. Longer than `max` characters, the old name
 * is cut (and a trailing `-`, `_` or `.` with it) so that the date and the counter are always kept whole.
 */
export function newConfigName(old: string, date: Date, taken: ReadonlySet<string>, max = MAX_CONFIG_NAME_LENGTH): string {
  const day = date.toISOString().slice(0, 10).replaceAll("-", "");
  const chars = [...old];
  for (let n = 1; ; n++) {
    const suffix = `-${day}${n === 1 ? "" : `-${n}`}`;
    const room = max - suffix.length;
    const base = chars.length <= room ? old : chars.slice(0, room).join("").replace(/[-_.]+$/, "");
    const name = base + suffix;
    if (!taken.has(name)) return name;
  }
}

export async function run(ctx: Context, idOrName: string, options: RotateOptions): Promise<void> {
  const blueGreen = options.newConfig === true;
  if (!blueGreen) {
    if (options.name !== undefined) throw new UsageError("--name names the new config: it goes with --new-config.", "e.g. hyperdrive rotate prod-db --new-config --name prod-db-v2");
    if (options.updateConfig === false) throw new UsageError("--no-update-config goes with --new-config: rotating in place changes no binding.");
  }
  if (options.name !== undefined && options.name.trim() === "") throw new UsageError("--name must not be empty.");
  // Until a change is sent (a prompt, the lookup, the preflight), a Ctrl-C leaves everything as it was.
  await ctx.onInterrupt("Nothing was changed: no config was changed or created.");
  const credentials: NewCredentials = {
    password: await ctx.secretFrom(options.originPassword, "--origin-password"),
    user: options.originUser,
    accessClientSecret: await ctx.secretFrom(options.accessClientSecret, "--access-client-secret"),
  };
  const api = await ctx.api();
  const requests: ShownRequest[] = [];
  const configPath = (id: string) => `/accounts/${api.accountId}/hyperdrive/configs/${id}`;

  // 1. The stored config: one GET; a name is looked up in the list instead, and blue/green lists the names anyway.
  const listUrl = api.client.url(`/accounts/${api.accountId}/hyperdrive/configs`);
  const listed = blueGreen ? await api.client.listConfigs(api.accountId) : undefined;
  const resolved = await resolveConfigId(api, idOrName, listed);
  const known = resolved.config ?? listed?.find((c) => c.id === resolved.id);
  requests.push(known ? { method: "GET", url: listUrl, sent: true } : { method: "GET", url: api.client.url(configPath(resolved.id)), sent: true });
  const old = known ?? (await api.client.getConfig(api.accountId, resolved.id));
  await ctx.onInterrupt(
    blueGreen
      ? `Nothing was changed: no config was created and no binding was repointed; '${old.name}' is as it was.`
      : `Nothing was changed: '${old.name}' (${old.id}) still uses its old credentials.`,
  );

  if (credentials.password === undefined && credentials.accessClientSecret === undefined && ctx.prompter) {
    credentials.password = await ctx.prompter.secret(`New password for ${credentials.user ?? old.origin.user ?? "the database user"}: `);
  }
  const body: ConfigPatch | ConfigCreate = blueGreen ? copyConfigBody(old, "-", credentials) : credentialsPatch(credentials, old);

  // 2. Preflight: the stored origin with the new credentials, from here.
  const target = { ...old.origin, ...(credentials.user ? { user: credentials.user } : {}), password: credentials.password };
  const explicit = options.preflight === true;
  if (options.preflight !== false && credentials.password !== undefined && (explicit || !ctx.global.dryRun)) {
    await (await import("./doctor")).preflight(ctx, target, old.mtls?.sslmode ?? undefined, old.origin_connection_limit, explicit ? "required" : "auto");
  }

  if (blueGreen) return rotateToNewConfig(ctx, api, old, body as ConfigCreate, options, requests, listed ?? []);
  return rotateInPlace(ctx, api, old, body as ConfigPatch, options, requests);
}

type Api = Awaited<ReturnType<Context["api"]>>;

async function rotateInPlace(ctx: Context, api: Api, old: HyperdriveConfig, patch: ConfigPatch, options: RotateOptions, requests: ShownRequest[]): Promise<void> {
  const path = `/accounts/${api.accountId}/hyperdrive/configs/${old.id}`;
  const restart = options.restart === true;
  const summary = { strategy: "in-place" as const, old: { id: old.id, name: old.name } };
  if (ctx.global.dryRun) {
    requests.push({ method: "PATCH", url: api.client.url(path), body: redactSecrets(patch), sent: false });
    if (restart) requests.push({ method: "POST", url: api.client.url(`${path}/restart`), sent: false });
    ctx.out.result(dryRunText(requests, []), { dry_run: true, ...summary, restarted: false, bindings: [], requests });
    return;
  }

  // 3. PATCH only the credentials; Hyperdrive tests them first and keeps the old ones when it refuses.
  await ctx.onInterrupt(
    `The new credentials for '${old.name}' (${old.id}) were sent and no answer had come: Hyperdrive saves them only if its connection test passes, so the config uses either its old credentials or the new ones.`,
    `To be sure it uses the new ones, run: ${rotateAgain(ctx, old, options)}`,
  );
  const spin = await ctx.out.spin(`Updating the credentials of '${old.name}' (Hyperdrive tests the connection)`);
  try {
    await api.client.patchConfig(api.accountId, old.id, patch);
  } catch (err) {
    await ctx.onInterrupt(undefined);
    if (err instanceof ApiError) {
      err.context = hintContext(patch, old.name, old);
      ctx.out.note(`'${old.name}' was not changed: it still uses its old credentials.`);
    }
    throw err;
  } finally {
    spin.stop();
  }
  const lines = [`✔ Rotated the credentials of '${old.name}' (${old.id}) in place: Hyperdrive's connection test passed.`];
  if (patch.origin?.user) lines.push(`  origin user     → ${patch.origin.user}`);
  if (patch.origin?.password) lines.push("  origin password → changed");
  if (patch.origin?.access_client_secret) lines.push("  Access client secret → changed");

  // 4. --restart: the pool's connections are logged in with the old credentials until they are replaced.
  let restarted = false;
  const rotated = `The credentials of '${old.name}' (${old.id}) were rotated in place`;
  const restartCommand = ctx.commandLine(["restart", old.name || old.id]);
  if (restart) {
    await ctx.onInterrupt(
      `${rotated}; the restart request was sent and no answer had come: pooled connections may still be logged in with the old credentials.`,
      `Restart the pool with: ${restartCommand}`,
    );
    const spinRestart = await ctx.out.spin(`Restarting '${old.name}'`);
    try {
      await api.client.restartConfig(api.accountId, old.id);
      restarted = true;
    } catch (err) {
      await ctx.onInterrupt(undefined);
      if (err instanceof ApiError) {
        ctx.out.note(lines.join("\n"));
        ctx.out.note(`The new credentials are saved, but the restart failed: pooled connections keep the old login until they are recycled.`);
      }
      throw err;
    } finally {
      spinRestart.stop();
    }
    lines.push(
      "✔ Restarted: the pool's connections were closed; new ones log in with the new credentials.",
      "  Cost: the first queries afterwards wait for a new connection to the origin.",
    );
  } else {
    lines.push(
      "",
      "Connections already in the pool stay logged in with the old credentials until they are recycled (the cache is kept).",
      `To reconnect them now, run this again with --restart (POST …/configs/${old.id}/restart).`,
    );
  }
  await ctx.onInterrupt(undefined);
  // 5. What to do at the database: printed, never run.
  lines.push("", ...databaseSteps(old, patch.origin?.user, restarted));
  ctx.out.result(lines.join("\n"), { ...summary, restarted, bindings: [] });
}

/** Next steps at the database, in its own SQL; the user runs them (hyperdrive never connects to change anything). */
function databaseSteps(old: HyperdriveConfig, newUser: string | undefined, restarted: boolean): string[] {
  const scheme = old.origin.scheme;
  const mysql = scheme !== undefined && isScheme(scheme) && productOf(scheme) === "MySQL";
  const oldUser = old.origin.user ?? "<old user>";
  const lines = ["Next, at the database (hyperdrive does not run SQL there):"];
  const when = restarted ? "now" : "once the old connections are gone (after --restart, or when they are recycled)";
  if (newUser !== undefined && newUser !== old.origin.user) {
    if (mysql) lines.push(`  ${when}: DROP USER '${oldUser}'@'%';   -- the host part as you created it`);
    else lines.push(`  ${when}: ALTER ROLE "${oldUser}" NOLOGIN;`, `  then, with its objects reassigned (REASSIGN OWNED BY "${oldUser}" TO "${newUser}";): DROP ROLE "${oldUser}";`);
  } else if (mysql) {
    lines.push(`  if you kept the old password valid (MySQL 8: RETAIN CURRENT PASSWORD), ${when}: ALTER USER '${oldUser}'@'%' DISCARD OLD PASSWORD;`);
    lines.push("  otherwise nothing is left to revoke: the user has only the new password.");
  } else {
    lines.push(`  nothing to revoke: a PostgreSQL role has one password, and "${oldUser}" now has only the new one.`);
    lines.push(`  check that no old session is left ${restarted ? "" : "(after --restart) "}with: SELECT count(*) FROM pg_stat_activity WHERE usename = '${oldUser}';`);
  }
  return lines;
}

async function rotateToNewConfig(
  ctx: Context,
  api: Api,
  old: HyperdriveConfig,
  copy: ConfigCreate,
  options: RotateOptions,
  requests: ShownRequest[],
  configs: HyperdriveConfig[],
): Promise<void> {
  const listPath = `/accounts/${api.accountId}/hyperdrive/configs`;
  const taken = new Set(configs.map((c) => c.name));
  let name = options.name;
  if (name !== undefined && taken.has(name)) {
    throw new UsageError(`A config named '${name}' already exists.`, `Choose another --name, or leave it out for ${newConfigName(old.name, now(ctx), taken)}.`);
  }
  name ??= newConfigName(old.name, now(ctx), taken);
  const body: ConfigCreate = { ...copy, name };
  const write = options.updateConfig !== false && !ctx.global.dryRun;
  const { repointBindings } = await import("../wrangler-config/repoint");
  const repoint = (newId: string, writeNow: boolean) =>
    repointBindings({ cwd: ctx.cwd, configPath: ctx.global.config, env: ctx.global.env, oldId: old.id, newId, write: writeNow });

  if (ctx.global.dryRun) {
    requests.push({ method: "POST", url: api.client.url(listPath), body: redactSecrets(body), sent: false });
    const planned = await repoint("<new id>", false);
    const rows = rowsOf(planned, false);
    ctx.out.result(dryRunText(requests, rows, planned), {
      dry_run: true,
      strategy: "new-config",
      old: { id: old.id, name: old.name },
      new: { name },
      restarted: false,
      bindings: rows,
      requests,
    });
    return;
  }

  // What a Ctrl-C says from here: the bindings to repoint (as planned now), and the commands that do it by hand.
  const toRepoint = write ? (await repoint("<new id>", false)).bindings : [];
  const bindAll = (target: { name: string; id: string }) => bindCommands(ctx, target, toRepoint);
  const configFile = await (async () => {
    const { findWranglerConfig } = await import("../wrangler-config/locate");
    const found = findWranglerConfig({ configPath: ctx.global.config, cwd: ctx.cwd }).config;
    return found ? relativeName(ctx, found.path) : undefined;
  })();

  // 1. The new config: if this fails, nothing was created.
  await ctx.onInterrupt(
    `The create request for '${name}' (a copy of '${old.name}' with the new credentials) was sent and no answer had come: it may exist. '${old.name}' and the bindings are unchanged.`,
    `Check with hyperdrive get ${name}; if it exists, point the bindings at it (${bindAll({ name, id: name })}) or delete it (hyperdrive delete ${name}).`,
  );
  const spin = await ctx.out.spin(`Creating '${name}' (Hyperdrive tests the connection to the origin)`);
  let created: HyperdriveConfig;
  try {
    created = await api.client.createConfig(api.accountId, body);
  } catch (err) {
    await ctx.onInterrupt(undefined);
    if (err instanceof ApiError) {
      err.context = { ...hintContext(body, name, old), creating: true };
      ctx.out.note(`Nothing was created; '${old.name}' is unchanged.`);
    }
    throw err;
  } finally {
    spin.stop();
  }

  // 2. The bindings: each one pointing at the old id, in every env (or --env), now points at the new one.
  const made = `'${created.name}' (${created.id}) was created with the new credentials`;
  const undo = `or undo with: hyperdrive delete ${created.name}`;
  if (toRepoint.length > 0) {
    await ctx.onInterrupt(`${made}; the bindings were not repointed: ${configFile} still points at '${old.name}'.`, `Finish with: ${bindAll(created)}; ${undo}`);
  } else {
    await ctx.onInterrupt(`${made}; no binding was repointed.`, `Bind it with: ${ctx.commandLine(["bind", created.name, "--binding", "NAME"])}; ${undo}`);
  }
  const { realFiles } = await import("../wrangler-config/files");
  const outcome = await repointBindings(
    { cwd: ctx.cwd, configPath: ctx.global.config, env: ctx.global.env, oldId: old.id, newId: created.id, write },
    {
      ...realFiles,
      async writeFileAtomic(path, text, o) {
        await ctx.onInterrupt(
          `${made}; ${configFile} was being written: it holds either the old bindings or every one of them pointing at ${created.id}, never half (the write is atomic).`,
          `To be sure, run: ${bindAll(created)} (each changes nothing if the binding points there already)`,
        );
        await realFiles.writeFileAtomic(path, text, o);
      },
    },
  );
  await ctx.onInterrupt(undefined);
  const rows = rowsOf(outcome, outcome.status === "written");
  const lines = [`✔ Created '${created.name}' (${created.id}): a copy of '${old.name}' with the new credentials.`];
  const file = outcome.path ? relativeName(ctx, outcome.path) : undefined;
  if (outcome.status === "written") {
    lines.push(`✔ ${outcome.message}`);
    for (const b of outcome.bindings) lines.push(`  ${b.env ? `env.${b.env}` : "(top level)"}  ${b.binding}  ${b.old} → ${b.new}`);
  } else if (outcome.status === "failed") {
    lines.push(
      `⚠ The new config exists (${created.id}), but the bindings were not repointed: ${outcome.message}`,
      "Point them at it by hand:",
      "",
      ...snippetLines(outcome),
    );
  } else if (outcome.status === "planned") {
    lines.push(`• ${file} was not changed (--no-update-config). Point these bindings at ${created.id}:`);
    for (const b of outcome.bindings) lines.push(`  ${b.env ? `env.${b.env}` : "(top level)"}  ${b.binding}  ${b.old} → ${b.new}`);
    lines.push("", ...snippetLines(outcome));
  } else {
    lines.push(`• ${outcome.message}`, `  Bind it with: hyperdrive bind ${created.name} --binding NAME${ctx.global.env ? ` --env ${ctx.global.env}` : ""}`);
  }
  lines.push("", ...nextSteps(old, created, outcome));
  ctx.out.result(lines.join("\n"), {
    strategy: "new-config",
    old: { id: old.id, name: old.name },
    new: { id: created.id, name: created.name },
    restarted: false,
    bindings: rows,
    ...(outcome.status === "failed" ? { error: outcome.message, snippets: outcome.snippets } : {}),
  });
  if (outcome.status === "failed") ctx.exitCode = EXIT_FAILURE;
}

/** `hyperdrive bind NEW --binding B [--env E]` for each binding (one with NAME to fill in when none is known), joined by "; ". */
function bindCommands(ctx: Context, target: { name: string; id: string }, bindings: Repointed[]): string {
  const rows: Array<{ binding: string; env?: string }> = bindings.length ? bindings : [{ binding: "NAME" }];
  const envOf = (env?: string) => (env !== undefined && ctx.global.env === undefined ? ["--env", env] : []);
  return rows.map((b) => ctx.commandLine(["bind", target.name || target.id, "--binding", b.binding, ...envOf(b.env)])).join("; ");
}

/**
 * The same in-place rotation, to run again: the secrets as references (`-`, `@FILE`, `env:NAME`), never their values;
 * a value typed on the command line becomes `-` (asked, masked, on a terminal; read from standard input otherwise).
 */
function rotateAgain(ctx: Context, old: HyperdriveConfig, options: RotateOptions): string {
  const words = ["rotate", old.name || old.id];
  let stdinTaken = false;
  const secret = (flag: string, value: string | undefined): string[] => {
    if (value === undefined) return [];
    const kind = secretSource(value, flag).kind;
    if (kind === "file" || kind === "env") return [flag, value];
    if (stdinTaken) return [flag, "@FILE"];
    stdinTaken = true;
    return [flag, "-"];
  };
  if (options.originUser !== undefined) words.push("--origin-user", options.originUser);
  words.push(...secret("--origin-password", options.originPassword), ...secret("--access-client-secret", options.accessClientSecret));
  if (options.restart) words.push("--restart");
  if (options.preflight === false) words.push("--no-preflight");
  return ctx.commandLine(words);
}

function now(ctx: Context): Date {
  return ctx.io.now?.() ?? new Date();
}

function relativeName(ctx: Context, path: string): string {
  return path.startsWith(`${ctx.cwd}/`) ? path.slice(ctx.cwd.length + 1) : path;
}

function rowsOf(outcome: RepointOutcome, written: boolean): BindingRow[] {
  return outcome.bindings.map((b) => ({ ...b, ...(outcome.path ? { file: outcome.path } : {}), written }));
}

function snippetLines(outcome: RepointOutcome): string[] {
  return outcome.snippets.flatMap((snippet, i) => (i === 0 ? [snippet] : ["", snippet]));
}

function nextSteps(old: HyperdriveConfig, created: HyperdriveConfig, outcome: RepointOutcome): string[] {
  const envs = [...new Set(outcome.bindings.map((b) => b.env))];
  const deploy = envs.length === 0 ? ["npx wrangler deploy"] : envs.map((env) => `npx wrangler deploy${env ? ` --env ${env}` : ""}`);
  const rollback = outcome.bindings.length
    ? outcome.bindings.map((b) => `  hyperdrive bind ${old.name} --binding ${b.binding}${b.env ? ` --env ${b.env}` : ""}`)
    : [`  hyperdrive bind ${old.name} --binding NAME`];
  return [
    "Next steps:",
    "  1. Check the bindings before deploying: hyperdrive check   (exit 0: each points to a config of the account)",
    `  2. Deploy the Worker: ${deploy.join("; ")}`,
    "     (or gradually: npx wrangler versions upload, then npx wrangler versions deploy with a percentage)",
    `  3. Once no deployed version uses '${old.name}': hyperdrive delete ${old.name}   (then revoke its credentials at the database)`,
    `Rollback, while '${old.name}' exists: point the bindings back and deploy again:`,
    ...rollback,
    `'${created.name}' can then be deleted: hyperdrive delete ${created.name}`,
  ];
}

function dryRunText(requests: ShownRequest[], rows: BindingRow[], outcome?: RepointOutcome): string {
  const lines = ["Dry run: nothing was changed (only the reads marked 'sent' went to the API)."];
  for (const r of requests) {
    lines.push(`${r.method} ${r.url}${r.sent ? "   (sent: read only)" : ""}`);
    if (r.body !== undefined) lines.push(JSON.stringify(r.body, null, 2));
  }
  if (outcome) {
    if (rows.length) {
      lines.push(`Would edit ${outcome.path}:`);
      for (const b of rows) lines.push(`  ${b.env ? `env.${b.env}` : "(top level)"}  ${b.binding}  ${b.old} → ${b.new}`);
    } else {
      lines.push(`No file edit: ${outcome.message}`);
    }
  }
  return lines.join("\n");
}

