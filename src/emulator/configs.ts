// Hyperdrive configs: /accounts/{account}/hyperdrive/configs[/{id}[/restart]].
import { randomBytes } from "node:crypto";
import * as z from "zod/mini";
import {
  AccessOriginInputSchema,
  ConfigCreateSchema,
  ConfigPatchSchema,
  OriginInputSchema,
  PublicOriginInputSchema,
  VpcOriginInputSchema,
  networkVariantOf,
  type ApiMessage,
  type Caching,
  type ConfigCreate,
  type ConfigPatch,
  type Mtls,
  type OriginInput,
} from "../api/schemas";
import { API_CODES, API_DEFAULT_CONNECTION_LIMIT, CODES, FREE_PLAN_POOL_SIZE, SSLMODES, needsCaCertificate, productOf, sslmodeFamily } from "../api/contract";
import type { ConnectionTest } from "./connection-test";
import { ErrorReply, errorReply, pageOf, readPaging, zodErrors, type Route } from "./http";
import type { Store, StoredConfig } from "./store";

const NETWORK_KEYS = ["host", "port", "access_client_id", "access_client_secret", "service_id"] as const;
/** Response key order; the secrets (password, access_client_secret) are not in it. */
const VISIBLE_ORIGIN_KEYS = ["scheme", "database", "user", "host", "port", "access_client_id", "service_id"] as const;
const ORIGIN_VARIANTS = { public: PublicOriginInputSchema, access: AccessOriginInputSchema, vpc: VpcOriginInputSchema };

/** The account's plan: which documented limits the emulator applies. */
export type Plan = "free" | "paid";

export interface ConfigRouteOptions {
  store: Store;
  maxConfigs: number;
  connectionTest: ConnectionTest;
  /** Default paid: connection limit default 60, no most. Free: default and most 20. */
  plan?: Plan;
}

export function configRoutes({ store, maxConfigs, connectionTest, plan = "paid" }: ConfigRouteOptions): Route[] {
  const defaultLimit = plan === "free" ? FREE_PLAN_POOL_SIZE : API_DEFAULT_CONNECTION_LIMIT;
  /** The Free plan's pool is at most 20 connections [OAS description]; Paid has no most the API enforces. */
  const checkLimit = (limit: number | undefined) => {
    if (plan === "free" && limit !== undefined && limit > FREE_PLAN_POOL_SIZE) {
      throw errorReply(400, CODES.configInvalid, `origin_connection_limit: at most ${FREE_PLAN_POOL_SIZE} on the Free plan, got ${limit}`);
    }
  };
  const find = (id: string): StoredConfig => {
    const config = store.configs.get(id);
    if (!config) throw errorReply(404, CODES.notFound, `Hyperdrive config not found: ${id}`);
    return config;
  };
  /** Checks the rules that need the whole config and the account, tests the connection if asked, then saves. */
  const save = async (config: StoredConfig, { test }: { test: boolean }) => {
    checkConfig(config, store);
    if (test) await connectionTest(config);
    store.configs.set(config.id, config);
    return { result: render(config) };
  };

  return [
    {
      method: "GET",
      pattern: "/accounts/:account/hyperdrive/configs",
      handle: ({ query }) => {
        const page = pageOf([...store.configs.values()], readPaging(query, { perPage: 20, min: 1, max: 100 }));
        return { result: page.result.map(render), result_info: page.result_info };
      },
    },
    {
      method: "POST",
      pattern: "/accounts/:account/hyperdrive/configs",
      handle: ({ body }) => {
        const input = parseConfigInput(body);
        checkLimit(input.origin_connection_limit);
        return store.mutate(() => {
          if (store.configs.size >= maxConfigs) {
            const message = `This account already has the maximum of ${maxConfigs} Hyperdrive configs`;
            throw errorReply(400, CODES.configLimit, message);
          }
          const now = new Date().toISOString();
          return save(
            {
              id: randomBytes(16).toString("hex"),
              name: input.name,
              origin: input.origin,
              caching: normalizeCaching(input.caching),
              mtls: normalizeMtls(input.mtls),
              origin_connection_limit: input.origin_connection_limit ?? defaultLimit,
              created_on: now,
              modified_on: now,
            },
            { test: true },
          );
        });
      },
    },
    {
      method: "GET",
      pattern: "/accounts/:account/hyperdrive/configs/:id",
      handle: ({ params }) => ({ result: render(find(params.id)) }),
    },
    {
      // Replace: name and the complete origin are required; caching resets to its defaults when omitted, while
      // omitted mtls and origin_connection_limit keep their stored values.
      method: "PUT",
      pattern: "/accounts/:account/hyperdrive/configs/:id",
      handle: ({ params, body }) => {
        const input = parseConfigInput(body);
        checkLimit(input.origin_connection_limit);
        return store.mutate(() => {
          const stored = find(params.id);
          return save(
            {
              ...stored,
              name: input.name,
              origin: input.origin,
              caching: normalizeCaching(input.caching),
              mtls: input.mtls === undefined ? stored.mtls : normalizeMtls(input.mtls),
              origin_connection_limit: input.origin_connection_limit ?? stored.origin_connection_limit,
              modified_on: new Date().toISOString(),
            },
            { test: true },
          );
        });
      },
    },
    {
      // Edit: top-level fields replace; in origin, database fields merge and a network variant replaces the whole
      // network part; secrets not re-sent are kept. The connection is tested when origin or mtls is sent.
      method: "PATCH",
      pattern: "/accounts/:account/hyperdrive/configs/:id",
      handle: ({ params, body }) => {
        const patch = parseConfigPatch(body);
        checkLimit(patch.origin_connection_limit);
        return store.mutate(() => {
          const stored = find(params.id);
          return save(
            {
              ...stored,
              name: patch.name ?? stored.name,
              origin: patch.origin ? mergeOrigin(stored.origin, patch.origin) : stored.origin,
              caching: patch.caching ? normalizeCaching(patch.caching) : stored.caching,
              mtls: patch.mtls ? normalizeMtls(patch.mtls) : stored.mtls,
              origin_connection_limit: patch.origin_connection_limit ?? stored.origin_connection_limit,
              modified_on: new Date().toISOString(),
            },
            { test: patch.origin !== undefined || patch.mtls !== undefined },
          );
        });
      },
    },
    {
      method: "DELETE",
      pattern: "/accounts/:account/hyperdrive/configs/:id",
      handle: ({ params }) =>
        store.mutate(async () => {
          store.configs.delete(find(params.id).id);
          return { result: null };
        }),
    },
    {
      method: "POST",
      pattern: "/accounts/:account/hyperdrive/configs/:id/restart",
      handle: ({ params }) =>
        store.mutate(async () => {
          const config = find(params.id);
          config.restarted_on = new Date().toISOString();
          return { result: render(config) };
        }),
    },
  ];
}

/** The config as the API returns it: no secrets, mtls only when set, restarted_on only after a restart. */
function render(config: StoredConfig): Record<string, unknown> {
  const origin: Record<string, unknown> = {};
  for (const key of VISIBLE_ORIGIN_KEYS) {
    const value = (config.origin as Record<string, unknown>)[key];
    if (value !== undefined) origin[key] = value;
  }
  return {
    id: config.id,
    name: config.name,
    origin,
    caching: config.caching,
    ...(config.mtls ? { mtls: config.mtls } : {}),
    origin_connection_limit: config.origin_connection_limit,
    created_on: config.created_on,
    modified_on: config.modified_on,
    ...(config.restarted_on ? { restarted_on: config.restarted_on } : {}),
  };
}

/** POST and PUT bodies: the origin is checked against the one network variant it carries. */
function parseConfigInput(body: unknown): ConfigCreate {
  const origin = recordAt(body, "origin");
  const problems = origin ? networkProblems(origin, { required: true }) : [];
  const variant = origin && problems.length === 0 ? networkVariantOf(origin) : undefined;
  const schema = z.extend(ConfigCreateSchema, {
    origin:
      variant === "public" || variant === "access" || variant === "vpc"
        ? ORIGIN_VARIANTS[variant]
        : origin
          ? z.unknown() // already reported in `problems`
          : z.looseObject({}),
  });
  const parsed = schema.safeParse(body);
  const errors = [...problems, ...(parsed.success ? [] : zodErrors(parsed.error, CODES.configInvalid))];
  if (errors.length > 0 || !parsed.success) throw new ErrorReply(400, errors);
  return { ...parsed.data, origin: parsed.data.origin as OriginInput };
}

function parseConfigPatch(body: unknown): ConfigPatch {
  const origin = recordAt(body, "origin");
  const problems = origin ? networkProblems(origin, { required: false }) : [];
  const parsed = ConfigPatchSchema.safeParse(body);
  const errors = [...problems, ...(parsed.success ? [] : zodErrors(parsed.error, CODES.configInvalid))];
  if (errors.length > 0 || !parsed.success) throw new ErrorReply(400, errors);
  return parsed.data;
}

function recordAt(body: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  const isRecord = typeof value === "object" && value !== null && !Array.isArray(value);
  return isRecord ? (value as Record<string, unknown>) : undefined;
}

/** Mixed or incomplete network variants, one error per field; a missing network part when `required`. */
function networkProblems(origin: Record<string, unknown>, { required }: { required: boolean }): ApiMessage[] {
  const problem = (field: string, message: string) => ({
    code: CODES.configInvalid,
    message: field ? `origin.${field}: ${message}` : `origin: ${message}`,
  });
  switch (networkVariantOf(origin)) {
    case "mixed":
      return origin.service_id !== undefined
        ? [problem("service_id", "a Workers VPC origin (service_id) takes no host, port, access_client_id or access_client_secret")]
        : [problem("port", "an origin behind Cloudflare Access (access_client_id, access_client_secret) takes no port")];
    case "incomplete": {
      const access = origin.access_client_id !== undefined || origin.access_client_secret !== undefined;
      const fields = access ? ["host", "access_client_id", "access_client_secret"] : ["host", "port"];
      const together = access ? "host, access_client_id and access_client_secret" : "host and port";
      return fields
        .filter((field) => origin[field] === undefined)
        .map((field) => problem(field, `required: the network part of an origin is sent whole (${together})`));
    }
    case "none":
      return required
        ? [problem("", "needs host and port, host with access_client_id and access_client_secret, or service_id")]
        : [];
    default:
      return [];
  }
}

function mergeOrigin(stored: OriginInput, patch: NonNullable<ConfigPatch["origin"]>): OriginInput {
  const network = networkVariantOf(patch) === "none" ? stored : patch;
  const merged: Record<string, unknown> = {
    scheme: patch.scheme ?? stored.scheme,
    database: patch.database ?? stored.database,
    user: patch.user ?? stored.user,
    password: patch.password ?? stored.password,
  };
  for (const key of NETWORK_KEYS) {
    const value = (network as Record<string, unknown>)[key];
    if (value !== undefined) merged[key] = value;
  }
  const variant = networkVariantOf(merged);
  const schema = variant === "public" || variant === "access" || variant === "vpc" ? ORIGIN_VARIANTS[variant] : OriginInputSchema;
  return schema.parse(merged) as OriginInput;
}

/** Caching as stored and answered: default max_age/swr are not echoed, and disabling drops them. */
function normalizeCaching(caching: Caching | undefined): Caching {
  if (caching?.disabled) return { disabled: true };
  return { disabled: false, ...caching };
}

/** mtls without unset fields; undefined (omitted from answers) when nothing is set. */
function normalizeMtls(mtls: Mtls | undefined): Mtls | undefined {
  const set = Object.entries(mtls ?? {}).filter(([, value]) => value !== undefined);
  return set.length > 0 ? (Object.fromEntries(set) as Mtls) : undefined;
}

/** The rules that need the merged config and the account's certificates and configs. */
function checkConfig(config: StoredConfig, store: Store): void {
  const errors: ApiMessage[] = [];
  const mtlsError = (message: string) => errors.push({ code: CODES.mtlsInvalid, message });
  const { origin, mtls } = config;
  if (mtls && "service_id" in origin) {
    mtlsError(API_CODES.mtlsInvalid.message);
  } else if (mtls) {
    const sslmodes: readonly string[] = SSLMODES[sslmodeFamily(origin.scheme)];
    if (mtls.sslmode !== undefined && !sslmodes.includes(mtls.sslmode)) {
      mtlsError(`mtls.sslmode: "${mtls.sslmode}" is not a ${productOf(origin.scheme)} sslmode (use ${sslmodes.join(", ")})`);
    }
    if (mtls.sslmode !== undefined && needsCaCertificate(mtls.sslmode) && !mtls.ca_certificate_id) {
      mtlsError(`mtls.ca_certificate_id: required with sslmode ${mtls.sslmode}`);
    }
    if (mtls.ca_certificate_id !== undefined) {
      const ca = store.certificates.get(mtls.ca_certificate_id);
      if (!ca) mtlsError(`mtls.ca_certificate_id: no certificate has the id ${mtls.ca_certificate_id}`);
      else if (!ca.ca) {
        mtlsError(`mtls.ca_certificate_id: certificate ${ca.id} is a client certificate, not a CA (ca: false)`);
      }
    }
    if (mtls.mtls_certificate_id !== undefined) {
      const client = store.certificates.get(mtls.mtls_certificate_id);
      if (!client) mtlsError(`mtls.mtls_certificate_id: no certificate has the id ${mtls.mtls_certificate_id}`);
      else if (client.ca) mtlsError(`mtls.mtls_certificate_id: certificate ${client.id} is a CA certificate (ca: true)`);
      else if (!client.private_key) {
        mtlsError(`mtls.mtls_certificate_id: certificate ${client.id} was uploaded without its private key`);
      }
    }
  }
  if (errors.length > 0) throw new ErrorReply(400, errors);
  const sameName = [...store.configs.values()].find((other) => other.name === config.name && other.id !== config.id);
  if (sameName) throw errorReply(400, CODES.nameExists, API_CODES.nameExists.message);
}
