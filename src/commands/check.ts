// `hyperdrive check`: a pre-deploy gate. Every Hyperdrive binding of the Worker's config (found as wrangler finds it),
// each env's too, against the account: one list of the configs per account, one list of the certificates when a
// target config uses one, then src/wrangler-config/binding-check.ts judges and src/ui/check-view.ts prints.
import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { ApiError } from "../api/errors";
import type { Certificate, HyperdriveConfig } from "../api/schemas";
import type { Context } from "../context";
import { EXIT_FAILURE, UsageError } from "../errors";
import type { Api } from "../session/connect";
import { localDirFor, readLocalIds } from "../session/local-ids";
import { checkView } from "../ui/check-view";
import {
  certificateRefs,
  checkBindings,
  envNames,
  needsLookup,
  readSections,
  resolvedConfigs,
  type Section,
  type SectionBinding,
} from "../wrangler-config/binding-check";
import { describeProblem, parseConfig } from "../wrangler-config/document";
import { LOCAL_CONNECTION_STRING_PREFIX } from "../wrangler-config/dotenv";
import { findLocalConnectionString } from "../wrangler-config/local-dev";
import { findWranglerConfig } from "../wrangler-config/locate";
import { shellWord } from "../shell-word";
import type { OptionsFor } from "./spec";
import type { checkSpec } from "./specs/check";

type CheckOptions = OptionsFor<typeof checkSpec>;
type LocalString = ReturnType<Parameters<typeof checkBindings>[0]["localString"]>;


export async function run(ctx: Context, _options: CheckOptions): Promise<void> {
  const { global } = ctx;
  const search = findWranglerConfig({ configPath: global.config, cwd: ctx.cwd });
  if (!search.config) {
    throw new UsageError(
      `No wrangler.json, wrangler.jsonc or wrangler.toml in ${ctx.cwd} or any folder above it: nothing to check.`,
      "Run hyperdrive check in the Worker's folder, or name its config with --config path/to/wrangler.jsonc.",
    );
  }
  const { path, format } = search.config;
  const shown = relative(ctx.cwd, path) || path;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`Cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  const parsed = parseConfig(text, format);
  if (!parsed.ok) throw new UsageError(`${shown} does not parse: ${describeProblem(parsed.problem)}.`, "Fix the file (wrangler would refuse it too), then run hyperdrive check again.");
  const envs = envNames(parsed.doc);
  const sections = readSections(parsed.doc, global.env);
  if (!sections) {
    throw new UsageError(
      `--env ${global.env}: ${shown} has no env.${global.env}.`,
      envs.length ? `Its environments: ${envs.join(", ")}.` : `It has no environments; run hyperdrive check without --env.`,
    );
  }

  const dir = dirname(path);
  // Looked up only when some binding has an id worth looking up: a config of placeholders needs no account.
  const api = sections.some((s) => s.bindings.some(needsLookup)) ? await ctx.api() : undefined;
  const accountFor = (s: Section) => (api === undefined ? (s.accountId ?? "") : global.local || global.accountId ? api.accountId : (s.accountId ?? api.accountId));
  const accounts = [...new Set(sections.filter((s) => s.bindings.some(needsLookup)).map(accountFor))];
  const configs = new Map<string, HyperdriveConfig[]>();
  const certificates = new Map<string, Certificate[]>();
  const certificatesRefused = new Map<string, string>();
  if (api) {
    const spin = await ctx.out.spin("Listing Hyperdrive configs");
    try {
      const lists = await Promise.all(accounts.map((account) => api.client.listConfigs(account)));
      accounts.forEach((account, i) => configs.set(account, lists[i]));
      // One certificate list per account whose bound configs use a certificate: it carries every expiry date.
      const withCerts = [...resolvedConfigs({ sections, accountFor, configs })].filter(([, list]) => list.some((c) => certificateRefs(c).length > 0)).map(([account]) => account);
      if (withCerts.length) {
        spin.update("Listing certificates");
        const certLists = await Promise.all(withCerts.map((account) => listCertificates(api, account)));
        withCerts.forEach((account, i) => {
          const list = certLists[i];
          if (Array.isArray(list)) certificates.set(account, list);
          else certificatesRefused.set(account, list.refused);
        });
      }
    } finally {
      spin.stop();
    }
  }

  const folder = relative(ctx.cwd, dir);
  const localStrings = new Map<SectionBinding, LocalString>();
  await Promise.all(
    sections.flatMap((section) =>
      section.bindings.map(async (b) => {
        if (b.binding === undefined || b.remote) return;
        const source = await findLocalConnectionString({ dir, binding: b.binding, env: section.env, processEnv: ctx.io.env, entry: { ...b, binding: b.binding } });
        // wrangler dev --env X reads .env and .env.local too: a string found only there is the top level's.
        const own = section.env === undefined ? [] : [`.env.${section.env}`, `.env.${section.env}.local`].map((name) => join(dir, name));
        localStrings.set(
          b,
          !source ? { kind: "none" } : section.env !== undefined && source.kind === "file" && !own.includes(source.path) ? { kind: "top-level", file: relative(ctx.cwd, source.path) } : { kind: "own" },
        );
      }),
    ),
  );
  const bindCommand = (section: Section, binding: string, config = "<config>") =>
    [
      "hyperdrive",
      ...(global.local ? ["--local"] : []),
      ...(global.config !== undefined ? ["-c", shellWord(global.config)] : []),
      "bind",
      config === "<config>" ? config : shellWord(config),
      "--binding",
      shellWord(binding),
      ...(section.env !== undefined ? ["--env", shellWord(section.env)] : []),
    ].join(" ");
  const { bindings, summary } = checkBindings({
    sections,
    accountFor,
    configs,
    certificates,
    certificatesRefused,
    localIds: await readLocalIds(localDirFor(path, ctx.cwd)),
    local: Boolean(global.local),
    localString: (_section, b) => localStrings.get(b) ?? { kind: "own" },
    localStringPlace: (section, binding) => ({
      variable: LOCAL_CONNECTION_STRING_PREFIX + binding,
      file: join(folder, section.env === undefined ? ".env" : `.env.${section.env}`),
    }),
    bindCommand,
    now: ctx.io.now?.() ?? new Date(),
  });
  const render = ctx.out.json ? undefined : await ctx.out.tableRenderer();
  ctx.out.result(() => checkView(render!, shown, bindings, summary, envs, Boolean(global.local)), { config: path, env: global.env ?? null, local: Boolean(global.local), bindings, summary });
  if (!summary.deployable) ctx.exitCode = EXIT_FAILURE;
}

/**
 * The account's certificates, or why the credentials may not list them: a token made for Hyperdrive alone lacks "SSL
 * and Certificates · Read", and that should not fail the gate (the bindings are still checked; the expiry is not).
 */
async function listCertificates(api: Api, account: string): Promise<Certificate[] | { refused: string }> {
  try {
    return await api.client.listCertificates(account);
  } catch (error) {
    if (error instanceof ApiError && error.kind === "auth") return { refused: `HTTP ${error.status}: ${error.message.replace(/\.$/, "")}` };
    throw error;
  }
}
