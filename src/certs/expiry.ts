// When an uploaded certificate stops working. A chain (a CA chain, or a client certificate with its intermediates) is
// as good as its first certificate to expire, so its expiry is the earliest end date among the certificates the API
// returns in `certificates` — the API's `expires_on` describes one certificate only.
import { X509Certificate } from "node:crypto";
import type { Certificate } from "../api/schemas";

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
export function expiryOf(c: Pick<Certificate, "expires_on" | "certificates">): Expiry | undefined {
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

function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The API's `expires_on`, or for a chain its earliest end date as the API writes dates; null when there is none. */
export function expiresOn(c: Pick<Certificate, "expires_on" | "certificates">): string | null {
  const expiry = expiryOf(c);
  if (!expiry) return null;
  return expiry.chain || !c.expires_on ? expiry.date.toISOString().replace(/\.\d{3}Z$/, "Z") : c.expires_on;
}
