// `apply`: the settings the flags give (a PATCH body built by buildPatchBody) against the stored config → the fields
// that differ, and the PATCH that changes only those. Pure: no I/O.
import { API_DEFAULT_MAX_AGE_SECONDS, API_DEFAULT_SWR_SECONDS } from "../api/contract";
import type { ConfigPatch, HyperdriveConfig, OriginPatch } from "../api/schemas";
import { completePatch } from "./body";

/** One line of the diff: a compared field (old → new), or a secret, always sent since it cannot be read back. */
export type Change = { field: string; old: unknown; new: unknown } | { field: string; sent: "write-only" };

export interface ApplyPlan {
  changes: Change[];
  /** The PATCH to send; undefined when nothing differs and no secret was given. */
  body?: ConfigPatch;
}

const SECRETS = new Set(["password", "access_client_secret"]);
/** The origin's network part: sent whole when any of it changes (host with port, or host with the Access pair, or a service). */
const NETWORK = ["host", "port", "access_client_id", "access_client_secret", "service_id"] as const;

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

export function planApply(wanted: ConfigPatch, current: HyperdriveConfig): ApplyPlan {
  const changes: Change[] = [];
  const patch: ConfigPatch = {};
  const stored = (current.origin ?? {}) as Record<string, unknown>;

  if (wanted.origin) {
    const given = wanted.origin as Record<string, unknown>;
    const origin: Record<string, unknown> = {};
    let networkChanged = false;
    for (const [key, value] of Object.entries(given)) {
      if (SECRETS.has(key)) {
        changes.push({ field: `origin.${key}`, sent: "write-only" });
        origin[key] = value;
        if (key === "access_client_secret") networkChanged = true;
      } else if (!same(stored[key], value)) {
        changes.push({ field: `origin.${key}`, old: stored[key] ?? null, new: value });
        origin[key] = value;
        if ((NETWORK as readonly string[]).includes(key)) networkChanged = true;
      }
    }
    // The API takes the network location as a whole: a new port goes with its host, an Access id with its secret.
    if (networkChanged) for (const key of NETWORK) if (given[key] !== undefined) origin[key] = given[key];
    if (Object.keys(origin).length) patch.origin = origin as OriginPatch;
  }

  if (wanted.caching) {
    const now = {
      disabled: current.caching?.disabled ?? false,
      max_age: current.caching?.max_age ?? API_DEFAULT_MAX_AGE_SECONDS,
      stale_while_revalidate: current.caching?.stale_while_revalidate ?? API_DEFAULT_SWR_SECONDS,
    };
    const differ = (Object.entries(wanted.caching) as Array<[keyof typeof now, unknown]>).filter(([k, v]) => v !== undefined && !same(now[k], v));
    for (const [k, v] of differ) changes.push({ field: `caching.${k}`, old: now[k], new: v });
    if (differ.length) patch.caching = Object.fromEntries(differ) as ConfigPatch["caching"];
  }

  if (wanted.mtls) {
    const now = (current.mtls ?? {}) as Record<string, unknown>;
    const differ = Object.entries(wanted.mtls).filter(([k, v]) => v !== undefined && !same(now[k], v));
    for (const [k, v] of differ) changes.push({ field: `mtls.${k}`, old: now[k] ?? null, new: v });
    if (differ.length) patch.mtls = Object.fromEntries(differ) as ConfigPatch["mtls"];
  }

  if (wanted.origin_connection_limit !== undefined && !same(current.origin_connection_limit, wanted.origin_connection_limit)) {
    changes.push({ field: "origin_connection_limit", old: current.origin_connection_limit ?? null, new: wanted.origin_connection_limit });
    patch.origin_connection_limit = wanted.origin_connection_limit;
  }

  if (Object.keys(patch).length === 0) return { changes };
  return { changes, body: completePatch(patch, current) };
}

/** A diff line for people: `origin.host: a → b`, or `origin.password: sent (write-only)`. */
export function changeLine(c: Change): string {
  if ("sent" in c) return `${c.field}: sent (write-only)`;
  const show = (v: unknown) => (v === null || v === undefined ? "(none)" : String(v));
  return `${c.field}: ${show(c.old)} → ${show(c.new)}`;
}
