// `hyperdrive cert …`: CA certificates (to verify the origin) and mTLS client certificates (presented to it).
import { defineCommand } from "../spec";

export const CERT = {
  name: "cert",
  description: "manage CA certificates (to verify the origin) and mTLS client certificates (presented to it)",
};

export const CERT_UPLOAD = { name: "upload", description: "check a certificate locally, then upload it" };

export const uploadCaSpec = defineCommand({
  name: "certificate-authority",
  description: "upload the CA certificate (or CA chain) that signed your database's certificate (for --sslmode verify-ca | verify-full)",
  flags: {
    caCert: { value: "file", description: "the CA certificate, PEM; or a chain of CA certificates (intermediates and root) in one file", required: true },
    name: { value: "name", description: "a name for the certificate" },
  },
  examples: `
Checked before upload: PEM (not DER), every certificate a CA (CA:TRUE) and not expired, no private key.

Examples:
  $ hyperdrive cert upload certificate-authority --ca-cert rds-eu-west-1.pem --name rds-eu-west-1
  $ hyperdrive cert upload certificate-authority --ca-cert chain.pem      # intermediate and root CAs
  $ hyperdrive create prod-db --connection-string - --ca-certificate-id <id> --sslmode verify-full`,
});

export const uploadMtlsSpec = defineCommand({
  name: "mtls-certificate",
  description: "upload a client certificate and its private key, presented by Hyperdrive to the database (mTLS)",
  flags: {
    cert: { value: "file", description: "the client certificate first, then its chain (PEM); may hold the key too", required: true },
    key: { value: "file", description: "the client certificate's private key, unencrypted PEM" },
    name: { value: "name", description: "a name for the certificate" },
  },
  examples: `
Checked before upload: PEM, the key unencrypted and matching the first certificate, nothing expired.
The private key is never printed, not even with --dry-run.

Examples:
  $ hyperdrive cert upload mtls-certificate --cert client.pem --key client-key.pem --name hyperdrive-client
  $ hyperdrive cert upload mtls-certificate --cert client-with-key.pem     # chain and key in one PEM file
  $ hyperdrive update prod-db --mtls-certificate-id <id>`,
});

export const certListSpec = defineCommand({
  name: "list",
  description: "list the CA and client certificates of the account",
  examples: `
Examples:
  $ hyperdrive cert list
  $ hyperdrive cert list --json | jq -r '.[] | select(.ca) | .id'`,
});

export const certGetSpec = defineCommand({
  name: "get",
  description: "show one certificate",
  args: [{ name: "<certificate>", description: "certificate id or name" }],
  examples: `
Examples:
  $ hyperdrive cert get rds-eu-west-1
  $ hyperdrive cert get 2458ce5a-0c35-4c7f-82c7-8e9487d3ff60 --json`,
});

export const certDeleteSpec = defineCommand({
  name: "delete",
  description: "delete a certificate (asks first; --yes in scripts)",
  args: [{ name: "[certificate]", description: "certificate id or name" }],
  flags: {
    id: { value: "id", description: "the certificate's id", complete: { certificates: "id" } },
    name: { value: "name", description: "the certificate's name", complete: { certificates: "name" } },
  },
  examples: `
Examples:
  $ hyperdrive cert delete rds-eu-west-1          # asks first on a terminal
  $ hyperdrive cert delete --id <id> --yes        # in scripts and CI`,
});
