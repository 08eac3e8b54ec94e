// The flags that describe an origin and a config's settings, declared once for create, update and doctor (see
// src/flags.ts). origin/body.ts reads them by key and names them in its messages by the names derived from here.
import {
  ALL_SSLMODES,
  API_DEFAULT_MAX_AGE_SECONDS,
  API_DEFAULT_SWR_SECONDS,
  MAX_CACHE_AGE_SECONDS,
  MIN_CONNECTION_LIMIT,
  SCHEMES,
  SSLMODES,
} from "../api/contract";
import { flagNames, flags, type OptionsOf } from "../flags";

const schemes = `${SCHEMES.slice(0, -1).join(", ")} or ${SCHEMES.at(-1)}`;

/**
 * Where the database is and how to log in. doctor reaches only host-and-port origins: it still accepts the Tunnel and
 * VPC flags, to say why it cannot check such an origin, but its help does not offer them (`directOnly`).
 */
export function originFlags(o: { defaultScheme?: string; directOnly?: boolean } = {}) {
  const network = o.directOnly === true;
  return flags({
    connectionString: { value: "url", secret: true, description: "the origin as postgres://user:password@host:port/database (or mysql://); - reads stdin, @FILE a file, env:NAME a variable" },
    originHost: { value: "host", description: "database host name or IP", aliases: ["--host"] },
    originPort: { value: "port", description: "database port", aliases: ["--port"] },
    originScheme: { value: "scheme", description: `${schemes}${o.defaultScheme ? ` (default ${o.defaultScheme})` : ""}`, aliases: ["--scheme"], values: SCHEMES },
    database: { value: "name", description: "database name on the origin" },
    originUser: { value: "user", description: "database user", aliases: ["--user"] },
    originPassword: { value: "password", secret: true, description: "database password; - reads stdin (masked prompt on a terminal), @FILE a file, env:NAME a variable", aliases: ["--password"] },
    accessClientId: { value: "id", description: "Cloudflare Access client id, for a database behind a Tunnel (no port)", hidden: network },
    accessClientSecret: { value: "secret", secret: true, description: "Cloudflare Access client secret; - reads stdin, @FILE a file, env:NAME a variable", hidden: network },
    serviceId: { value: "id", description: "Workers VPC service id (instead of host and port)", hidden: network },
    sslmode: { value: "mode", description: `${SSLMODES.postgres.join(" | ")} (PostgreSQL); ${SSLMODES.mysql.join(" | ")} (MySQL)`, values: ALL_SSLMODES },
  });
}

/** The config's other settings: create and update. */
export const CONFIG_FLAGS = flags({
  cachingDisabled: { description: "disable query caching (--caching-disabled false re-enables it)" },
  maxAge: { value: "seconds", description: `cache max age, 0-${MAX_CACHE_AGE_SECONDS} seconds (default ${API_DEFAULT_MAX_AGE_SECONDS})` },
  swr: { value: "seconds", description: `stale-while-revalidate window in seconds (default ${API_DEFAULT_SWR_SECONDS})` },
  caCertificateId: { value: "id", description: "uploaded CA certificate to verify the origin with", aliases: ["--ca-certificate-uuid"], complete: { certificates: "id", ca: true } },
  mtlsCertificateId: {
    value: "id",
    description: "uploaded client certificate presented to the origin",
    aliases: ["--mtls-certificate-uuid"],
    complete: { certificates: "id", ca: false },
  },
  originConnectionLimit: { value: "n", description: `soft maximum of connections to the origin (at least ${MIN_CONNECTION_LIMIT})` },
});

/** update only. */
export const RENAME_FLAG = flags({
  name: { value: "name", description: "rename the config" },
});

/**
 * update only: the certificate flags with their `--no-` forms, which detach the certificate (the value is then false):
 * the only way to free a certificate for `cert delete`.
 */
export const DETACH_FLAGS = flags({
  caCertificateId: {
    ...CONFIG_FLAGS.caCertificateId,
    negation: "detach the CA certificate (a verify-ca/verify-full config needs --sslmode require with it)",
  },
  mtlsCertificateId: { ...CONFIG_FLAGS.mtlsCertificateId, negation: "detach the client certificate" },
});

const UPSERT_FLAGS = { ...originFlags(), ...CONFIG_FLAGS, ...RENAME_FLAG };

/** The create/update flags, as commander hands them over (strings, before validation; false for update's --no- forms). */
export type UpsertOptions = Omit<OptionsOf<typeof UPSERT_FLAGS>, "caCertificateId" | "mtlsCertificateId"> & {
  caCertificateId?: string | false;
  mtlsCertificateId?: string | false;
};

/** Each of them as messages name it: `FLAG.originHost` is `--origin-host`. */
export const FLAG = flagNames(UPSERT_FLAGS);
