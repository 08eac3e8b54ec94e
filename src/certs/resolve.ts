// `cert get` and `cert delete` take a certificate id or its name; create/update check the ids they are given.
import { ApiError } from "../api/errors";
import type { Certificate } from "../api/schemas";
import type { Api } from "../session/connect";
import { UsageError } from "../errors";
import { findByName } from "../find-by-name";

/** Certificate ids are UUIDs (36 characters); accept them without dashes too. */
const CERTIFICATE_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export type CertificateRef = { id: string } | { name: string };

/** Exactly one of `<id|name>`, --id and --name (wrangler's `cert delete` takes the flags). */
export function certificateRef(idOrName: string | undefined, flags: { id?: string; name?: string } = {}): CertificateRef {
  const given = [idOrName, flags.id, flags.name].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0 ? "Which certificate? Give its id or name." : "Give the certificate once: an id or name, --id, or --name.",
      "e.g. hyperdrive cert delete my-ca, or --id <id>; hyperdrive cert list shows them.",
    );
  }
  if (flags.id !== undefined) return { id: flags.id };
  if (flags.name !== undefined) return { name: flags.name };
  return CERTIFICATE_ID.test(idOrName!) ? { id: idOrName! } : { name: idOrName! };
}

/** GET one certificate; undefined when the API answers 404. */
export async function getCertificateIfAny({ client, accountId }: Api, id: string): Promise<Certificate | undefined> {
  try {
    return await client.getCertificate(accountId, id);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

const line = (c: Certificate) => `  ${c.id}  ${c.name ?? "(no name)"}  ${c.ca ? "CA" : "client"}${c.expires_on ? `  expires ${c.expires_on}` : ""}`;

/** The one certificate with this id, or with this name (listed with ?name=, filtered here too); else an error listing candidates. */
export async function findCertificate(api: Api, ref: CertificateRef): Promise<Certificate> {
  const { client, accountId } = api;
  if ("id" in ref) {
    const found = await getCertificateIfAny(api, ref.id);
    if (found) return found;
    throw new UsageError(`No certificate with id ${ref.id} in account ${accountId}.`, "hyperdrive cert list shows the certificates and their ids.");
  }
  const { name } = ref;
  return findByName(
    name,
    await client.listCertificates(accountId, { name }),
    {
      nameOf: (c) => c.name ?? undefined,
      line,
      plural: "certificates",
      notFound: `No certificate named '${name}' in account ${accountId}.`,
      none: "The account has no certificates yet. Upload one with hyperdrive cert upload certificate-authority or mtls-certificate.",
      heading: "Certificates in the account",
    },
    () => client.listCertificates(accountId),
  );
}
