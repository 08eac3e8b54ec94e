// mTLS and CA certificates: /accounts/{account}/mtls_certificates[/{id}[/associations]].
import { X509Certificate, createPrivateKey, randomUUID, type KeyObject } from "node:crypto";
import { CertUploadSchema } from "../api/schemas";
import { CODES } from "../api/contract";
import { errorReply, pageOf, parseOrThrow, readPaging, type Route } from "./http";
import type { Store, StoredCertificate, StoredConfig } from "./store";

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const TYPES = ["custom", "gateway_managed", "access_managed"];

export function certificateRoutes(store: Store): Route[] {
  const find = (id: string): StoredCertificate => {
    const certificate = store.certificates.get(id);
    if (!certificate) throw errorReply(404, CODES.notFound, `mTLS certificate not found: ${id}`);
    return certificate;
  };
  const users = (id: string): StoredConfig[] =>
    [...store.configs.values()].filter(
      (config) => config.mtls?.ca_certificate_id === id || config.mtls?.mtls_certificate_id === id,
    );

  return [
    {
      method: "GET",
      pattern: "/accounts/:account/mtls_certificates",
      handle: ({ query }) => {
        const ca = query.get("ca");
        if (ca !== null && ca !== "true" && ca !== "false") {
          throw errorReply(400, CODES.invalidRequest, `ca: must be true or false, got "${ca}"`);
        }
        const types = query.getAll("type").flatMap((each) => each.split(","));
        const unknownType = types.find((type) => !TYPES.includes(type));
        if (unknownType !== undefined) {
          throw errorReply(400, CODES.invalidRequest, `type: must be one of ${TYPES.join(", ")}, got "${unknownType}"`);
        }
        const name = query.get("name");
        const matching = [...store.certificates.values()].filter(
          (certificate) =>
            (ca === null || certificate.ca === (ca === "true")) &&
            (name === null || certificate.name === name) &&
            (types.length === 0 || types.includes(certificate.type)),
        );
        const page = pageOf(matching, readPaging(query, { perPage: 50, min: 5, max: 100 }));
        return { result: page.result.map((each) => render(each)), result_info: page.result_info };
      },
    },
    {
      method: "POST",
      pattern: "/accounts/:account/mtls_certificates",
      handle: ({ body }) => {
        const upload = parseOrThrow(CertUploadSchema, body, CODES.certificateInvalidRequest);
        const chain = parseChain(upload.certificates);
        if (upload.private_key !== undefined && !chain[0].checkPrivateKey(parsePrivateKey(upload.private_key))) {
          throw errorReply(400, CODES.privateKey, "The private key does not match the first certificate of the chain");
        }
        return store.mutate(async () => {
          const now = new Date().toISOString();
          const certificate: StoredCertificate = {
            id: randomUUID(),
            ...(upload.name ? { name: upload.name } : {}),
            ca: upload.ca,
            certificates: upload.certificates.replace(/\s+$/, ""),
            ...(upload.private_key === undefined ? {} : { private_key: upload.private_key }),
            ...describe(chain[0]),
            uploaded_on: now,
            updated_at: now,
            type: "custom",
          };
          store.certificates.set(certificate.id, certificate);
          return { result: render(certificate, { withUpdatedAt: true }) };
        });
      },
    },
    {
      method: "GET",
      pattern: "/accounts/:account/mtls_certificates/:id",
      handle: ({ params }) => ({ result: render(find(params.id)) }),
    },
    {
      method: "DELETE",
      pattern: "/accounts/:account/mtls_certificates/:id",
      handle: ({ params }) =>
        store.mutate(async () => {
          const certificate = find(params.id);
          const inUse = users(certificate.id);
          if (inUse.length > 0) {
            const names = inUse.map((config) => `${config.name} (${config.id})`).join(", ");
            throw errorReply(
              400,
              CODES.certificateInUse,
              `The certificate is in use by Hyperdrive config ${names}; remove it from their mtls settings or delete them first`,
            );
          }
          store.certificates.delete(certificate.id);
          return { result: render(certificate) };
        }),
    },
    {
      method: "GET",
      pattern: "/accounts/:account/mtls_certificates/:id/associations",
      handle: ({ params }) => ({
        result: users(find(params.id).id).map(() => ({ service: "hyperdrive", status: "active" })),
      }),
    },
  ];
}

/** The certificate as the API returns it: everything but the private key; `updated_at` on the upload answer only. */
function render(certificate: StoredCertificate, { withUpdatedAt = false } = {}): Record<string, unknown> {
  const { private_key: _privateKey, updated_at, ...visible } = certificate;
  return withUpdatedAt ? { ...visible, updated_at } : visible;
}

/**
 * The PEM certificates of `certificates`, leaf first. Anything else in the field (a private key, stray text, a
 * certificate that does not parse) is refused the way Cloudflare refuses it: "Unable to parse certificate".
 */
function parseChain(text: string): X509Certificate[] {
  const unparsable = (detail: string) => errorReply(400, CODES.certificateParse, `Unable to parse certificate: ${detail}`);
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw unparsable("certificates holds a private key; send the key in private_key, apart from the certificate");
  }
  const blocks = text.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) throw unparsable("no PEM CERTIFICATE block found");
  if (text.replace(CERTIFICATE_BLOCK, "").trim() !== "") throw unparsable("text outside the PEM CERTIFICATE blocks");
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw unparsable(`certificate ${index + 1} of the chain: ${(error as Error).message}`);
    }
  });
}

function parsePrivateKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw errorReply(400, CODES.privateKey, `Unable to parse private key: ${(error as Error).message}`);
  }
}

/** The read-only fields Cloudflare derives from the certificate. */
function describe(
  certificate: X509Certificate,
): Pick<StoredCertificate, "issuer" | "signature" | "serial_number" | "expires_on"> {
  return {
    // Node lists the RDNs one per line, most significant first; Cloudflare prints them RFC 4514 style.
    issuer: certificate.issuer.split("\n").reverse().join(","),
    signature: signatureAlgorithm(certificate.raw),
    serial_number: BigInt(`0x${certificate.serialNumber}`).toString(10),
    expires_on: new Date(certificate.validTo).toISOString().replace(".000Z", "Z"),
  };
}

// Names as Go's crypto/x509 prints them (the Cloudflare API answers e.g. "SHA256WithRSA").
const SIGNATURE_ALGORITHMS: Record<string, string> = {
  "1.2.840.113549.1.1.4": "MD5WithRSA",
  "1.2.840.113549.1.1.5": "SHA1WithRSA",
  "1.2.840.113549.1.1.11": "SHA256WithRSA",
  "1.2.840.113549.1.1.12": "SHA384WithRSA",
  "1.2.840.113549.1.1.13": "SHA512WithRSA",
  "1.2.840.113549.1.1.10": "RSASSA-PSS",
  "1.2.840.10045.4.1": "ECDSAWithSHA1",
  "1.2.840.10045.4.3.2": "ECDSAWithSHA256",
  "1.2.840.10045.4.3.3": "ECDSAWithSHA384",
  "1.2.840.10045.4.3.4": "ECDSAWithSHA512",
  "1.3.101.112": "Ed25519",
};

/**
 * The signature algorithm of a DER certificate (Node 20's X509Certificate does not expose it):
 * Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE { algorithm OID, … }, … }.
 */
function signatureAlgorithm(der: Buffer): string {
  const element = (at: number) => {
    let length = der[at + 1];
    let start = at + 2;
    if (length & 0x80) {
      const bytes = length & 0x7f;
      length = 0;
      for (let index = 0; index < bytes; index++) length = length * 256 + der[start + index];
      start += bytes;
    }
    return { start, end: start + length };
  };
  const certificate = element(0);
  const tbs = element(certificate.start);
  const algorithm = element(tbs.end);
  const oid = element(algorithm.start);
  const arcs: number[] = [];
  let value = 0;
  for (const byte of der.subarray(oid.start, oid.end)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  const [first = 0, ...rest] = arcs;
  const dotted = [first < 80 ? Math.floor(first / 40) : 2, first < 80 ? first % 40 : first - 80, ...rest].join(".");
  return SIGNATURE_ALGORITHMS[dotted] ?? dotted;
}
