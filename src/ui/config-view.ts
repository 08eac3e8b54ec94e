// How Hyperdrive configs read in a terminal: the list table, the key/value view of one config, and the summary
// of what an update changed. Secrets never reach here (the API does not return them; patches are redacted first).
import { API_DEFAULT_MAX_AGE_SECONDS, API_DEFAULT_SWR_SECONDS, isScheme, productOf } from "../api/contract";
import type { ConfigPatch, HyperdriveConfig } from "../api/schemas";
import { keyValues, type Column, type Table } from "./table";

export function schemeLabel(scheme: string | undefined): string {
  if (scheme !== undefined && isScheme(scheme)) return productOf(scheme);
  return scheme ?? "";
}

function cachingText(caching: HyperdriveConfig["caching"]): string {
  if (!caching || caching.disabled === true) return caching ? "disabled" : "enabled";
  if (caching.max_age === undefined && caching.stale_while_revalidate === undefined) return "enabled";
  const swr = caching.stale_while_revalidate;
  return `max_age ${caching.max_age ?? API_DEFAULT_MAX_AGE_SECONDS}s, swr ${swr === 0 ? "off" : `${swr ?? API_DEFAULT_SWR_SECONDS}s`}`;
}

function mtlsText(mtls: HyperdriveConfig["mtls"]): string {
  if (!mtls) return "";
  const parts = [
    mtls.sslmode,
    mtls.ca_certificate_id ? `ca ${mtls.ca_certificate_id}` : undefined,
    mtls.mtls_certificate_id ? `client cert ${mtls.mtls_certificate_id}` : undefined,
  ].filter(Boolean);
  return parts.join(", ");
}

/** Where the origin is: host:port, a Tunnel host, or a Workers VPC service. */
function originLocation(o: HyperdriveConfig["origin"]): { host: string; port: string } {
  if (o.service_id) return { host: `vpc service ${o.service_id}`, port: "" };
  if (o.access_client_id) return { host: `${o.host ?? ""} (Access)`, port: "" };
  return { host: o.host ?? "", port: o.port === undefined ? "" : String(o.port) };
}

/** The list's columns, in the order shown; when the terminal is narrow, the least important give way first. */
const CONFIG_COLUMNS: Column[] = [
  { header: "id", importance: 0, keep: true },
  { header: "name", importance: 0, keep: true, min: 16 },
  { header: "user", importance: 4, min: 8 },
  { header: "host", importance: 1, min: 16 },
  { header: "port", importance: 5 },
  { header: "scheme", importance: 3 },
  { header: "database", importance: 2, min: 8 },
  { header: "caching", importance: 6, min: 8 },
  { header: "mtls", importance: 7, min: 12 },
  { header: "connection limit", importance: 8 },
];

export function configsTable(configs: HyperdriveConfig[]): Table | string {
  if (configs.length === 0) return "No Hyperdrive configs in this account. Create one with: hyperdrive create <name> --connection-string …";
  const rows = configs.map((c) => {
    const loc = originLocation(c.origin);
    return [
      c.id,
      c.name,
      c.origin.user ?? "",
      loc.host,
      loc.port,
      schemeLabel(c.origin.scheme),
      c.origin.database ?? "",
      cachingText(c.caching),
      mtlsText(c.mtls),
      c.origin_connection_limit === undefined ? "" : String(c.origin_connection_limit),
    ];
  });
  return { columns: CONFIG_COLUMNS, rows };
}

export function configView(c: HyperdriveConfig): string {
  const o = c.origin;
  return keyValues([
    ["id", c.id],
    ["name", c.name],
    ["scheme", o.scheme],
    ["host", o.host],
    ["port", o.port === undefined ? undefined : String(o.port)],
    ["access client id", o.access_client_id],
    ["vpc service id", o.service_id],
    ["database", o.database],
    ["user", o.user],
    ["caching", cachingText(c.caching)],
    ["sslmode", c.mtls?.sslmode],
    ["ca certificate", c.mtls?.ca_certificate_id],
    ["client certificate", c.mtls?.mtls_certificate_id],
    ["connection limit", c.origin_connection_limit === undefined ? undefined : String(c.origin_connection_limit)],
    ["created", c.created_on],
    ["modified", c.modified_on],
    ["restarted", c.restarted_on ?? undefined],
  ]);
}

/** One line per field an update sent; secrets are named, never shown. */
export function patchSummary(patch: ConfigPatch, after: HyperdriveConfig): string[] {
  const lines: string[] = [];
  if (patch.name !== undefined) lines.push(`name → ${after.name}`);
  for (const [k, v] of Object.entries(patch.origin ?? {})) {
    if (k === "password") lines.push("origin password → changed");
    else if (k === "access_client_secret") lines.push("access client secret → changed");
    else lines.push(`origin ${k.replace(/_/g, " ")} → ${String(v)}`);
  }
  if (patch.caching) lines.push(`caching → ${cachingText(after.caching)}`);
  for (const [k, v] of Object.entries(patch.mtls ?? {})) lines.push(`${k.replace(/_/g, " ")} → ${String(v)}`);
  if (patch.origin_connection_limit !== undefined) lines.push(`connection limit → ${patch.origin_connection_limit}`);
  return lines;
}
