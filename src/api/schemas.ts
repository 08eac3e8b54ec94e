// The shape of the Cloudflare objects this tool touches; their vocabulary (schemes, sslmodes, limits, codes) is
// src/api/contract.ts. The local emulator validates requests with these schemas, and the API client validates responses
// with RESPONSES, as ajv code generated from their JSON Schema (src/api/validators.ts, by `npm run generate`) so that no
// command loads zod to read an answer. Keep one definition of each object here.
// Written with zod/mini, whose functions are bundled one by one; the messages are zod's English ones.
import * as z from "zod/mini";
import { en } from "zod/locales";
import { ALL_SSLMODES, MAX_CACHE_AGE_SECONDS, MIN_CONNECTION_LIMIT, SCHEMES } from "./contract";

z.config(en());

const integer = z.number().check(z.int());
const nonEmpty = z.string().check(z.minLength(1));

// ---------------------------------------------------------------------------------------------------------------
// Envelope

export interface ApiMessage {
  code: number;
  message: string;
  documentation_url?: string;
  error_chain?: ApiMessage[];
}

export const ApiMessageSchema: z.ZodMiniType<ApiMessage> = z.lazy(() =>
  z.looseObject({
    code: integer,
    message: z.string(),
    documentation_url: z.optional(z.string()),
    error_chain: z.optional(z.array(ApiMessageSchema)),
  }),
);

export const ResultInfoSchema = z.looseObject({
  page: z.optional(integer),
  per_page: z.optional(integer),
  count: z.optional(integer),
  total_count: z.optional(integer),
  total_pages: z.optional(integer),
});
export type ResultInfo = z.infer<typeof ResultInfoSchema>;

export const EnvelopeSchema = z.looseObject({
  success: z.boolean(),
  errors: z._default(z.array(ApiMessageSchema), []),
  messages: z._default(z.array(z.unknown()), []),
  result: z.optional(z.unknown()),
  result_info: z.nullable(z.optional(ResultInfoSchema)),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Hyperdrive configs: shared parts

export const SchemeSchema = z.enum(SCHEMES);
export const SslmodeSchema = z.enum(ALL_SSLMODES);

export const CachingSchema = z.object({
  disabled: z.optional(z.boolean()),
  max_age: z.optional(z.number().check(z.int(), z.gte(0), z.lte(MAX_CACHE_AGE_SECONDS))),
  stale_while_revalidate: z.optional(z.number().check(z.int(), z.gte(0))),
});
export type Caching = z.infer<typeof CachingSchema>;

export const MtlsSchema = z.object({
  ca_certificate_id: z.optional(nonEmpty),
  mtls_certificate_id: z.optional(nonEmpty),
  sslmode: z.optional(SslmodeSchema),
});
export type Mtls = z.infer<typeof MtlsSchema>;

const port = z.number().check(z.int(), z.gte(1), z.lte(65535));

/** The database part of an origin, with its secret. */
export const OriginDatabaseSchema = z.object({
  scheme: SchemeSchema,
  database: nonEmpty,
  user: nonEmpty,
  password: nonEmpty,
});

/** The three ways Hyperdrive reaches a database (the "network part" of an origin). Never partial. */
export const PublicNetworkSchema = z.object({ host: nonEmpty, port });
export const AccessNetworkSchema = z.object({
  host: nonEmpty,
  access_client_id: nonEmpty,
  access_client_secret: nonEmpty,
});
export const VpcNetworkSchema = z.object({ service_id: nonEmpty });

// ---------------------------------------------------------------------------------------------------------------
// Requests (what the client sends, what the emulator accepts)

// Request objects drop fields they do not declare, as the real API does (its OpenAPI schema never sets
// additionalProperties: false; alchemy, for one, always sends origin.query): wrong types and missing required fields
// are still refused. Which origin variant a body carries is decided by networkVariantOf, not by the union.
export const PublicOriginInputSchema = z.object({ ...OriginDatabaseSchema.shape, ...PublicNetworkSchema.shape });
export const AccessOriginInputSchema = z.object({ ...OriginDatabaseSchema.shape, ...AccessNetworkSchema.shape });
export const VpcOriginInputSchema = z.object({ ...OriginDatabaseSchema.shape, ...VpcNetworkSchema.shape });

/** A complete origin with secrets, as POST and PUT take it. */
export const OriginInputSchema = z.union([PublicOriginInputSchema, AccessOriginInputSchema, VpcOriginInputSchema]);
export type OriginInput = z.infer<typeof OriginInputSchema>;

/** POST /hyperdrive/configs and PUT /hyperdrive/configs/{id}. */
export const ConfigCreateSchema = z.object({
  name: nonEmpty,
  origin: OriginInputSchema,
  caching: z.optional(CachingSchema),
  mtls: z.optional(MtlsSchema),
  origin_connection_limit: z.optional(z.number().check(z.int(), z.gte(MIN_CONNECTION_LIMIT))),
});
export type ConfigCreate = z.infer<typeof ConfigCreateSchema>;

/**
 * The origin of a PATCH: any database fields, plus at most one complete network variant. The variant check
 * (complete, not mixed) is done by `networkVariantOf`, since zod unions of partial objects give poor messages.
 */
export const OriginPatchSchema = z.object({
  scheme: z.optional(SchemeSchema),
  database: z.optional(nonEmpty),
  user: z.optional(nonEmpty),
  password: z.optional(nonEmpty),
  host: z.optional(nonEmpty),
  port: z.optional(port),
  access_client_id: z.optional(nonEmpty),
  access_client_secret: z.optional(nonEmpty),
  service_id: z.optional(nonEmpty),
});
export type OriginPatch = z.infer<typeof OriginPatchSchema>;

/** PATCH /hyperdrive/configs/{id}: only what changes. */
export const ConfigPatchSchema = z.object({
  name: z.optional(nonEmpty),
  origin: z.optional(OriginPatchSchema),
  caching: z.optional(CachingSchema),
  mtls: z.optional(MtlsSchema),
  origin_connection_limit: z.optional(z.number().check(z.int(), z.gte(MIN_CONNECTION_LIMIT))),
});
export type ConfigPatch = z.infer<typeof ConfigPatchSchema>;

export type NetworkVariant = "public" | "access" | "vpc";

/**
 * Which network variant an origin (or origin patch) carries: `none` when it has no network field, `mixed` when its
 * fields belong to more than one variant, `incomplete` when a variant lacks a required field.
 */
export function networkVariantOf(origin: Record<string, unknown>): NetworkVariant | "none" | "mixed" | "incomplete" {
  const has = (k: string) => origin[k] !== undefined;
  const vpc = has("service_id");
  const access = has("access_client_id") || has("access_client_secret");
  const hostPort = has("host") || has("port");
  if (vpc && (access || hostPort)) return "mixed";
  if (vpc) return "vpc";
  if (access) {
    if (has("port")) return "mixed";
    return has("host") && has("access_client_id") && has("access_client_secret") ? "access" : "incomplete";
  }
  if (hostPort) return has("host") && has("port") ? "public" : "incomplete";
  return "none";
}

// ---------------------------------------------------------------------------------------------------------------
// Responses

/** The origin as the API returns it: secrets are write-only and never come back. */
export const OriginSchema = z.looseObject({
  scheme: z.optional(z.string()),
  database: z.optional(z.string()),
  user: z.optional(z.string()),
  host: z.optional(z.string()),
  port: z.optional(integer),
  access_client_id: z.optional(z.string()),
  service_id: z.optional(z.string()),
});
export type Origin = z.infer<typeof OriginSchema>;

export const ConfigSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  origin: OriginSchema,
  caching: z.optional(
    z.looseObject({
      disabled: z.optional(z.boolean()),
      max_age: z.optional(z.number()),
      stale_while_revalidate: z.optional(z.number()),
    }),
  ),
  mtls: z.nullable(
    z.optional(
      z.looseObject({
        ca_certificate_id: z.optional(z.string()),
        mtls_certificate_id: z.optional(z.string()),
        sslmode: z.optional(z.string()),
      }),
    ),
  ),
  origin_connection_limit: z.optional(integer),
  created_on: z.optional(z.string()),
  modified_on: z.optional(z.string()),
  restarted_on: z.optional(z.nullable(z.string())),
});
export type HyperdriveConfig = z.infer<typeof ConfigSchema>;

// ---------------------------------------------------------------------------------------------------------------
// mTLS and CA certificates

export const CertUploadSchema = z.object({
  ca: z.boolean(),
  certificates: nonEmpty,
  private_key: z.optional(nonEmpty),
  name: z.optional(z.string()),
});
export type CertUpload = z.infer<typeof CertUploadSchema>;

export const CertificateSchema = z.looseObject({
  id: z.string(),
  name: z.optional(z.nullable(z.string())),
  ca: z.boolean(),
  certificates: z.optional(z.string()),
  issuer: z.optional(z.string()),
  signature: z.optional(z.string()),
  serial_number: z.optional(z.string()),
  expires_on: z.optional(z.string()),
  uploaded_on: z.optional(z.string()),
  updated_at: z.optional(z.string()),
  type: z.optional(z.string()),
});
export type Certificate = z.infer<typeof CertificateSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Accounts

export const AccountSchema = z.looseObject({ id: z.string(), name: z.string(), type: z.optional(z.string()) });
export type Account = z.infer<typeof AccountSchema>;

// ---------------------------------------------------------------------------------------------------------------
// What the client validates: each entry becomes `validate<Name>` in src/api/validators.ts.

export const RESPONSES = {
  Envelope: EnvelopeSchema,
  Config: ConfigSchema,
  ConfigList: z.array(ConfigSchema),
  Certificate: CertificateSchema,
  CertificateList: z.array(CertificateSchema),
  AccountList: z.array(AccountSchema),
  Anything: z.unknown(),
};
