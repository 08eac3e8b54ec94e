// How certificates read in a terminal: the list table, the key/value view of one, and what to do after an upload.
// Dates are ISO 8601; the PEM text and (never returned by the API) the private key are not shown. A chain's expiry is
// that of its first certificate to expire (./expiry).
import type { Certificate } from "../api/schemas";
import { expiryOf, type Expiry } from "./expiry";
import { keyValues, type Column, type Table } from "../ui/table";
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
function daysLeft(expiry: Expiry | undefined, now: Date): string {
  if (!expiry) return "";
  return expiry.date <= now ? "expired" : String(Math.floor((expiry.date.getTime() - now.getTime()) / DAY_MS));
}

const isoOf = (value: string | undefined): string | undefined => {
  const d = parseDate(value);
  return d ? isoTime(d) : value;
};

/** The list's columns, in the order shown; when the terminal is narrow, the least important give way first. */
const CERTIFICATE_COLUMNS: Column[] = [
  { header: "id", importance: 0, keep: true },
  { header: "name", importance: 0, keep: true, min: 16 },
  { header: "kind", importance: 3 },
  { header: "issuer", importance: 4, min: 16 },
  { header: "expires", importance: 1 },
  { header: "days left", importance: 2 },
];

export function certificatesTable(certs: Certificate[], now: Date): Table | string {
  if (certs.length === 0) {
    return "No certificates in this account. Upload one with: hyperdrive cert upload certificate-authority --ca-cert ca.pem";
  }
  const rows = certs.map((c) => {
    const expiry = expiryOf(c);
    return [c.id, c.name ?? "", c.ca ? "CA" : "client", c.issuer ?? "", expiry ? isoTime(expiry.date) : (c.expires_on ?? ""), daysLeft(expiry, now)];
  });
  return { columns: CERTIFICATE_COLUMNS, rows };
}

export function certificateView(c: Certificate, now: Date): string {
  const expiry = expiryOf(c);
  const left = daysLeft(expiry, now);
  const chain = expiry?.chain;
  const when = left === "expired" ? " (expired)" : left ? ` (${left} days left)` : "";
  return keyValues([
    ["id", c.id],
    ["name", c.name ?? undefined],
    ["kind", kindOf(c)],
    ["issuer", c.issuer],
    ["serial number", c.serial_number],
    ["signature", c.signature],
    ["uploaded", isoOf(c.uploaded_on)],
    ["chain", chain && `${chain.subjects.length} certificates: ${chain.subjects.join("; ")}`],
    [
      "expires",
      expiry
        ? `${isoTime(expiry.date)}${when}${chain?.first ? `: certificate ${chain.first.index + 1} of ${chain.subjects.length} (${chain.first.subject}), the first of the chain to expire` : ""}`
        : c.expires_on,
    ],
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
