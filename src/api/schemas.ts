// The single contract for the Cloudflare objects this tool touches: the API client parses responses with these
// schemas and the local emulator validates requests with them. Keep one definition of each object here.
import { z } from "zod";

// ---------------------------------------------------------------------------------------------------------------
// Envelope

export interface ApiMessage {
  code: number;
  message: string;
  documentation_url?: string;
  error_chain?: ApiMessage[];
}

export const ApiMessageSchema: z.ZodType<ApiMessage> = z.lazy(() =>
  z.looseObject({
    code: z.number().int(),
    message: z.string(),
    documentation_url: z.string().optional(),
    error_chain: z.array(ApiMessageSchema).optional(),
  }),
);

export const ResultInfoSchema = z.looseObject({
  page: z.number().int().optional(),
  per_page: z.number().int().optional(),
  count: z.number().int().optional(),
  total_count: z.number().int().optional(),
  total_pages: z.number().int().optional(),
});
export type ResultInfo = z.infer<typeof ResultInfoSchema>;

export const EnvelopeSchema = z.looseObject({
  success: z.boolean(),
  errors: z.array(ApiMessageSchema).default([]),
  messages: z.array(z.unknown()).default([]),
  result: z.unknown().optional(),
  result_info: ResultInfoSchema.optional().nullable(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Hyperdrive configs: shared parts

export const SCHEMES = ["postgres", "postgresql", "mysql"] as const;
export const SchemeSchema = z.enum(SCHEMES);
export type Scheme = z.infer<typeof SchemeSchema>;

export const POSTGRES_SSLMODES = ["require", "verify-ca", "verify-full"] as const;
export const MYSQL_SSLMODES = ["REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"] as const;
export const SslmodeSchema = z.enum([...POSTGRES_SSLMODES, ...MYSQL_SSLMODES]);
export type Sslmode = z.infer<typeof SslmodeSchema>;

export const MAX_CACHE_AGE = 3600;
export const MIN_CONNECTION_LIMIT = 5;

export const CachingSchema = z.strictObject({
  disabled: z.boolean().optional(),
  max_age: z.number().int().min(0).max(MAX_CACHE_AGE).optional(),
  stale_while_revalidate: z.number().int().min(0).optional(),
});
export type Caching = z.infer<typeof CachingSchema>;

export const MtlsSchema = z.strictObject({
  ca_certificate_id: z.string().min(1).optional(),
  mtls_certificate_id: z.string().min(1).optional(),
  sslmode: SslmodeSchema.optional(),
});
export type Mtls = z.infer<typeof MtlsSchema>;

const port = z.number().int().min(1).max(65535);
const nonEmpty = z.string().min(1);

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

export const PublicOriginInputSchema = z.strictObject({ ...OriginDatabaseSchema.shape, ...PublicNetworkSchema.shape });
export const AccessOriginInputSchema = z.strictObject({ ...OriginDatabaseSchema.shape, ...AccessNetworkSchema.shape });
export const VpcOriginInputSchema = z.strictObject({ ...OriginDatabaseSchema.shape, ...VpcNetworkSchema.shape });

/** A complete origin with secrets, as POST and PUT take it. */
export const OriginInputSchema = z.union([PublicOriginInputSchema, AccessOriginInputSchema, VpcOriginInputSchema]);
export type OriginInput = z.infer<typeof OriginInputSchema>;

/** POST /hyperdrive/configs and PUT /hyperdrive/configs/{id}. */
export const ConfigCreateSchema = z.object({
  name: nonEmpty,
  origin: OriginInputSchema,
  caching: CachingSchema.optional(),
  mtls: MtlsSchema.optional(),
  origin_connection_limit: z.number().int().min(MIN_CONNECTION_LIMIT).optional(),
});
export type ConfigCreate = z.infer<typeof ConfigCreateSchema>;

/**
 * The origin of a PATCH: any database fields, plus at most one complete network variant. The variant check
 * (complete, not mixed) is done by `networkVariantOf`, since zod unions of partial objects give poor messages.
 */
export const OriginPatchSchema = z.strictObject({
  scheme: SchemeSchema.optional(),
  database: nonEmpty.optional(),
  user: nonEmpty.optional(),
  password: nonEmpty.optional(),
  host: nonEmpty.optional(),
  port: port.optional(),
  access_client_id: nonEmpty.optional(),
  access_client_secret: nonEmpty.optional(),
  service_id: nonEmpty.optional(),
});
export type OriginPatch = z.infer<typeof OriginPatchSchema>;

/** PATCH /hyperdrive/configs/{id}: only what changes. */
export const ConfigPatchSchema = z.strictObject({
  name: nonEmpty.optional(),
  origin: OriginPatchSchema.optional(),
  caching: CachingSchema.optional(),
  mtls: MtlsSchema.optional(),
  origin_connection_limit: z.number().int().min(MIN_CONNECTION_LIMIT).optional(),
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
  scheme: z.string().optional(),
  database: z.string().optional(),
  user: z.string().optional(),
  host: z.string().optional(),
  port: z.number().int().optional(),
  access_client_id: z.string().optional(),
  service_id: z.string().optional(),
});
export type Origin = z.infer<typeof OriginSchema>;

export const ConfigSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  origin: OriginSchema,
  caching: z
    .looseObject({
      disabled: z.boolean().optional(),
      max_age: z.number().optional(),
      stale_while_revalidate: z.number().optional(),
    })
    .optional(),
  mtls: z
    .looseObject({
      ca_certificate_id: z.string().optional(),
      mtls_certificate_id: z.string().optional(),
      sslmode: z.string().optional(),
    })
    .optional()
    .nullable(),
  origin_connection_limit: z.number().int().optional(),
  created_on: z.string().optional(),
  modified_on: z.string().optional(),
  restarted_on: z.string().nullable().optional(),
});
export type HyperdriveConfig = z.infer<typeof ConfigSchema>;

// ---------------------------------------------------------------------------------------------------------------
// mTLS and CA certificates

export const CertUploadSchema = z.strictObject({
  ca: z.boolean(),
  certificates: nonEmpty,
  private_key: nonEmpty.optional(),
  name: z.string().optional(),
});
export type CertUpload = z.infer<typeof CertUploadSchema>;

export const CertificateSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullable().optional(),
  ca: z.boolean(),
  certificates: z.string().optional(),
  issuer: z.string().optional(),
  signature: z.string().optional(),
  serial_number: z.string().optional(),
  expires_on: z.string().optional(),
  uploaded_on: z.string().optional(),
  updated_at: z.string().optional(),
  type: z.string().optional(),
});
export type Certificate = z.infer<typeof CertificateSchema>;

export const CertAssociationSchema = z.looseObject({ service: z.string(), status: z.string() });
export type CertAssociation = z.infer<typeof CertAssociationSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Accounts and tokens

export const AccountSchema = z.looseObject({ id: z.string(), name: z.string(), type: z.string().optional() });
export type Account = z.infer<typeof AccountSchema>;

export const TokenVerifySchema = z.looseObject({
  id: z.string(),
  status: z.enum(["active", "disabled", "expired"]),
  not_before: z.string().optional(),
  expires_on: z.string().optional(),
});
export type TokenVerify = z.infer<typeof TokenVerifySchema>;
