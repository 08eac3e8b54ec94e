// Notes that do not fail the probe: the server's version against Hyperdrive's supported range, max_connections
// against the origin connection limit, and unsupported features the server shows cheaply.
import { FREE_PLAN_POOL_SIZE, MAX_NAME_BYTES, PAID_PLAN_POOL_SIZE } from "../api/contract";
import type { Passed } from "./steps";
import type { ProbeTarget } from "./types";

export interface ServerFacts {
  product: "postgresql" | "mysql" | "mariadb";
  /** As the server reports it: "15.18 (Debian 15.18-0+deb12u1)", "8.0.36", "5.5.5-10.11.19-MariaDB-0+deb12u1". */
  version?: string;
  authMethod?: string;
  maxConnections?: number;
  /** PostgreSQL's superuser_reserved_connections. */
  reservedConnections?: number;
  /** PostgreSQL advisory locks held at the time of the probe. */
  advisoryLocks?: number;
  /** MySQL's character_set_server. */
  characterSet?: string;
}


const PRODUCT_NAMES = { postgresql: "PostgreSQL", mysql: "MySQL", mariadb: "MariaDB" } as const;

/** The version a person reads: MariaDB's "5.5.5-" replication prefix and build suffix dropped. */
export function displayVersion(product: ServerFacts["product"], version: string): string {
  return product === "mariadb" ? version.replace(/^5\.5\.5-/, "").replace(/-MariaDB.*$/, "") : version;
}

/** Whether Hyperdrive lists the version as supported: PostgreSQL 9.0–17.x, MySQL 5.7–8.x, every MariaDB. */
export function isSupportedVersion(facts: ServerFacts): boolean {
  const [major = 0, minor = 0] = displayVersion(facts.product, facts.version ?? "").split(/[.\s-]/).map(Number);
  if (facts.product === "postgresql") return major >= 9 && major <= 17;
  if (facts.product === "mysql") return (major === 5 && minor >= 7) || major === 8;
  return true;
}

export function serverNotes(
  facts: ServerFacts,
  target: ProbeTarget,
  originConnectionLimit: number | undefined,
): Passed<void> {
  const lines: string[] = [];
  let warned = false;
  const note = (text: string, isWarning = false) => {
    lines.push(text);
    warned ||= isWarning;
  };
  const product = PRODUCT_NAMES[facts.product];
  if (facts.version) {
    const version = displayVersion(facts.product, facts.version);
    const range = facts.product === "postgresql" ? "9.0–17.x" : "5.7–8.x";
    if (isSupportedVersion(facts)) note(`${product} ${version}`);
    else note(`${product} ${version} is outside the versions Hyperdrive is known to support (${range})`, true);
  }
  if (facts.maxConnections !== undefined) {
    const available = facts.maxConnections - (facts.reservedConnections ?? 0);
    const limit = originConnectionLimit ?? FREE_PLAN_POOL_SIZE;
    const limitText = originConnectionLimit
      ? `the origin connection limit (${limit})`
      : `Hyperdrive's pool (about ${limit} connections on the Free plan, ${PAID_PLAN_POOL_SIZE} on Paid)`;
    if (available < limit) {
      note(`max_connections ${facts.maxConnections} leaves ${available} for clients, fewer than ${limitText}`, true);
    } else {
      note(`max_connections ${facts.maxConnections}`);
    }
  }
  if (facts.advisoryLocks) {
    note(`${facts.advisoryLocks} advisory lock(s) held now: Hyperdrive does not support advisory locks`, true);
  }
  if (facts.characterSet && !facts.characterSet.startsWith("utf8")) {
    note(`character_set_server is ${facts.characterSet}: Hyperdrive does not support non-UTF8 characters in queries`, true);
  }
  for (const [what, name] of [["user name", target.user], ["database name", target.database]]) {
    const bytes = Buffer.byteLength(name);
    if (bytes > MAX_NAME_BYTES) note(`the ${what} is ${bytes} bytes; Hyperdrive allows at most ${MAX_NAME_BYTES}`, true);
  }
  return { status: warned ? "warn" : "ok", detail: lines.join("\n"), value: undefined };
}
