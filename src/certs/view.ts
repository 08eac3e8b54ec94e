// How certificates read in a terminal: the list table, the key/value view of one, and what to do after an upload.
// Dates are ISO 8601; the PEM text and (never returned by the API) the private key are not shown.
import type { Certificate } from "../api/schemas";
import { keyValues, table } from "../ui/table";
import { isoTime } from "./check";

const DAY_MS = 86_400_000;

const kindOf = (c: Certificate): string => (c.ca ? "CA certificate" : "client certificate");

/** "CA certificate 'prod-ca' (id)", or without the name when it has none. */
export function certificateLabel(c: Certificate): string {
  return `${kindOf(c)} ${c.name ? `'${c.name}' (${c.id})` : c.id}`;
}

function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Whole days until expiry, "expired", or "" when the API gave no date. */
function daysLeft(c: Certificate, now: Date): string {
  const expires = parseDate(c.expires_on);
  if (!expires) return "";
  return expires <= now ? "expired" : String(Math.floor((expires.getTime() - now.getTime()) / DAY_MS));
}

const isoOf = (value: string | undefined): string | undefined => {
  const d = parseDate(value);
  return d ? isoTime(d) : value;
};

export function certificatesTable(certs: Certificate[], now: Date): string {
  if (certs.length === 0) {
    return "No certificates in this account. Upload one with: hyperdrive cert upload certificate-authority --ca-cert ca.pem";
  }
  const rows = certs.map((c) => [c.id, c.name ?? "", c.ca ? "CA" : "client", c.issuer ?? "", isoOf(c.expires_on) ?? "", daysLeft(c, now)]);
  return table(["id", "name", "kind", "issuer", "expires", "days left"], rows);
}

export function certificateView(c: Certificate, now: Date): string {
  const left = daysLeft(c, now);
  return keyValues([
    ["id", c.id],
    ["name", c.name ?? undefined],
    ["kind", kindOf(c)],
    ["issuer", c.issuer],
    ["serial number", c.serial_number],
    ["signature", c.signature],
    ["uploaded", isoOf(c.uploaded_on)],
    ["expires", c.expires_on && `${isoOf(c.expires_on)}${left === "expired" ? " (expired)" : left ? ` (${left} days left)` : ""}`],
  ]);
}

/** After an upload: what was stored and how a config uses it. */
export function uploadedText(c: Certificate, now: Date): string {
  const next = c.ca
    ? [
        "Next: verify your database's certificate with it:",
        `  hyperdrive create <name> --connection-string … --ca-certificate-id ${c.id} --sslmode verify-full`,
        `  hyperdrive update <config> --ca-certificate-id ${c.id} --sslmode verify-full`,
      ]
    : [
        "Next: present it to your database:",
        `  hyperdrive create <name> --connection-string … --mtls-certificate-id ${c.id}`,
        `  hyperdrive update <config> --mtls-certificate-id ${c.id}`,
      ];
  return [`✔ Uploaded ${certificateLabel(c)}`, "", certificateView(c, now), "", ...next].join("\n");
}
