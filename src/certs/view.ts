// How certificates read in a terminal: the list table, the key/value view of one, and what to do after an upload.
// Dates are ISO 8601; the PEM text and (never returned by the API) the private key are not shown. A chain is as good
// as its first certificate to expire, so its expiry is the earliest end date among the certificates the API returns.
import { X509Certificate } from "node:crypto";
import type { Certificate } from "../api/schemas";
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

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** When the certificate stops working; for a chain, which of its certificates expires first. */
export interface Expiry {
  date: Date;
  /** A chain's certificates, and which of them expires first (unless the API's date is earlier still). */
  chain?: { subjects: string[]; first?: { index: number; subject: string } };
}

/**
 * The expiry of an uploaded certificate: the API's `expires_on`, or for a chain (several certificates in
 * `certificates`), the earliest end date among them, since the chain fails when any one of them expires.
 */
export function expiryOf(c: Certificate): Expiry | undefined {
  const stated = parseDate(c.expires_on);
  const parsed: X509Certificate[] = [];
  for (const block of c.certificates?.match(CERTIFICATE_BLOCK) ?? []) {
    try {
      parsed.push(new X509Certificate(block));
    } catch {
      // A block the API returned but Node cannot parse: judged by expires_on alone.
    }
  }
  if (parsed.length < 2) return stated ? { date: stated } : parsed[0] ? { date: new Date(parsed[0].validTo) } : undefined;
  const ends = parsed.map((x) => new Date(x.validTo));
  const index = ends.reduce((first, end, i) => (end < ends[first] ? i : first), 0);
  const subjects = parsed.map((x) => x.subject.split("\n").join(", "));
  if (stated && stated < ends[index]) return { date: stated, chain: { subjects } };
  return { date: ends[index], chain: { subjects, first: { index, subject: subjects[index] } } };
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
