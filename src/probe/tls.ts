// TLS as Hyperdrive applies it: `require` encrypts, `verify-ca` also checks the chain against the uploaded CA (and the
// certificate's dates), `verify-full` also checks the hostname. The client certificate is presented when given.
import { isIP } from "node:net";
import { checkServerIdentity, type ConnectionOptions, type PeerCertificate, type TLSSocket } from "node:tls";
import {
  ALL_SSLMODES,
  CERTIFICATE_EXPIRY_WARNING_DAYS,
  CONNECTION_FAILURE_DETAILS,
  DEFAULT_TLS_VERIFICATION,
  SSLMODE_VERIFICATION,
  normaliseSslmode,
  type TlsVerification,
} from "../api/contract";
import { ProbeFailure, type Passed } from "./steps";
import type { ProbeTls } from "./types";

const DAY_MS = 86_400_000;

/** What an sslmode (either family's spelling) makes the probe check; default require. Throws for modes Hyperdrive lacks. */
export function verificationOf(sslmode: string | undefined): TlsVerification {
  if (sslmode === undefined) return DEFAULT_TLS_VERIFICATION;
  const mode = normaliseSslmode(sslmode);
  if (!mode) throw new TypeError(`Hyperdrive does not support sslmode ${sslmode} (use one of ${ALL_SSLMODES.join(", ")})`);
  return SSLMODE_VERIFICATION[mode];
}

/**
 * Options for tls.connect. The chain is judged after the handshake (authorized / authorizationError) and the hostname
 * by `checkHostname`, so the probe can say what is wrong rather than only that the handshake failed.
 */
export function tlsOptions(host: string, tls: ProbeTls): ConnectionOptions {
  return {
    ca: tls.ca,
    cert: tls.clientCert,
    key: tls.clientKey,
    servername: isIP(host) ? undefined : host,
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  };
}

/** Options for the database driver's own connection: the chain is enforced in verify modes (checked before). */
export function driverTlsOptions(host: string, tls: ProbeTls, mode: TlsVerification): ConnectionOptions {
  return { ...tlsOptions(host, tls), rejectUnauthorized: mode !== "require" };
}

const CHAIN_ERRORS: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: "the certificate has expired",
  CERT_NOT_YET_VALID: "the certificate is not valid yet",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the chain ends in a CA that is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the certificate is not signed by a trusted CA",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the certificate's issuer is not a trusted CA",
  UNABLE_TO_GET_ISSUER_CERT: "the certificate's issuer is not a trusted CA",
  INVALID_CA: "a certificate in the chain is not a CA",
};

function describe(cert: PeerCertificate): string {
  if (!cert.valid_to) return "no server certificate";
  const until = new Date(cert.valid_to).toISOString().slice(0, 10);
  return `certificate CN=${cert.subject?.CN ?? "?"}, issued by CN=${cert.issuer?.CN ?? "?"}, valid until ${until}`;
}

/** Judges the server certificate of an established TLS session under `mode`. */
export function assessCertificate(
  secure: TLSSocket,
  host: string,
  tls: ProbeTls,
  mode: TlsVerification,
): Passed<void> {
  const cert = secure.getPeerCertificate();
  const trustedBy = tls.ca ? "the given CA" : "public CAs";
  const facts = [`${secure.getProtocol()}, ${describe(cert)}`];
  const chainError = secure.authorized ? undefined : String(secure.authorizationError);
  const hostError = mode === "verify-full" ? checkServerIdentity(host, cert) : undefined;
  if (mode !== "require" && (chainError || hostError)) {
    const reason = chainError ? `${CHAIN_ERRORS[chainError] ?? chainError} (${chainError})` : hostError?.message;
    throw new ProbeFailure(2015, `${reason}: ${describe(cert)}`, {
      hyperdrive: CONNECTION_FAILURE_DETAILS.certValidation,
      hint: chainError
        ? "Use the CA that signed the database's certificate (--ca-cert), and renew the certificate if it expired."
        : "Connect with a hostname the certificate names, or use --sslmode verify-ca.",
    });
  }
  let status: "ok" | "warn" = "ok";
  if (chainError) {
    status = "warn";
    facts.push(
      `not verified against ${trustedBy}: ${CHAIN_ERRORS[chainError] ?? chainError}; ` +
        "sslmode require may be refused for it — to be sure, use verify-full with your CA",
    );
  } else {
    facts.push(`verified against ${trustedBy}${mode === "verify-full" ? `, hostname ${host} matches` : ""}`);
  }
  const daysLeft = Math.floor((new Date(cert.valid_to).getTime() - Date.now()) / DAY_MS);
  if (daysLeft >= 0 && daysLeft < CERTIFICATE_EXPIRY_WARNING_DAYS) {
    status = "warn";
    facts.push(`the certificate expires in ${daysLeft} days`);
  }
  if (tls.clientCert) facts.push("client certificate presented");
  return { status, detail: facts.join("; "), value: undefined };
}
