// `create` and `update` given --ca-certificate-id / --mtls-certificate-id: check first that each id names an uploaded
// certificate of the right kind, so the user gets a plain answer instead of a failed connection test.
import type { Api } from "../session/connect";
import { UsageError } from "../errors";
import { getCertificateIfAny } from "./resolve";

const REFS = [
  {
    key: "ca_certificate_id",
    flag: "--ca-certificate-id",
    ca: true,
    wrongKind: "is a client certificate, not a CA",
    fix: "upload the CA that signed your database's certificate with hyperdrive cert upload certificate-authority --ca-cert ca.pem, and pass its id",
  },
  {
    key: "mtls_certificate_id",
    flag: "--mtls-certificate-id",
    ca: false,
    wrongKind: "is a CA certificate, not a client certificate",
    fix: "upload the client certificate and its key with hyperdrive cert upload mtls-certificate --cert client.pem --key client-key.pem, and pass its id",
  },
] as const;

export async function checkCertificateRefs(
  api: Api,
  mtls: { ca_certificate_id?: string; mtls_certificate_id?: string } | undefined,
): Promise<void> {
  await Promise.all(
    REFS.map(async (ref) => {
      const id = mtls?.[ref.key];
      if (id === undefined) return;
      const cert = await getCertificateIfAny(api, id);
      if (!cert) {
        throw new UsageError(
          `${ref.flag} ${id}: no certificate with this id in account ${api.accountId}.`,
          `hyperdrive cert list shows the uploaded certificates; or ${ref.fix}.`,
        );
      }
      if (cert.ca !== ref.ca) {
        throw new UsageError(`${ref.flag} ${id}${cert.name ? ` ('${cert.name}')` : ""} ${ref.wrongKind}.`, `For ${ref.flag}, ${ref.fix}.`);
      }
    }),
  );
}
