// `hyperdrive cert …` as commander commands: flags, help and examples only. The handlers (./cert) load when a
// subcommand runs, through the `action` wrapper of src/main.ts, like every other command.
import type { Command } from "commander";
import type { Context } from "../context";

type Loader = () => Promise<{ run: (ctx: Context, ...args: any[]) => Promise<void> }>;
type Handlers = typeof import("./cert");

const handler =
  (name: keyof Handlers): Loader =>
  () =>
    import("./cert").then((m) => ({ run: m[name] }));

const EXAMPLES = {
  ca: `
Checked before upload: PEM (not DER), exactly one certificate, a CA (CA:TRUE), not expired.

Examples:
  $ hyperdrive cert upload certificate-authority --ca-cert rds-eu-west-1.pem --name rds-eu-west-1
  $ hyperdrive create prod-db --connection-string - --ca-certificate-id <id> --sslmode verify-full`,
  mtls: `
Checked before upload: PEM, the key unencrypted and matching the first certificate, nothing expired.
The private key is never printed, not even with --dry-run.

Examples:
  $ hyperdrive cert upload mtls-certificate --cert client.pem --key client-key.pem --name hyperdrive-client
  $ hyperdrive cert upload mtls-certificate --cert client-with-key.pem     # chain and key in one PEM file
  $ hyperdrive update prod-db --mtls-certificate-id <id>`,
  list: `
Examples:
  $ hyperdrive cert list
  $ hyperdrive cert list --json | jq -r '.[] | select(.ca) | .id'`,
  get: `
Examples:
  $ hyperdrive cert get rds-eu-west-1
  $ hyperdrive cert get 2458ce5a-0c35-4c7f-82c7-8e9487d3ff60 --json`,
  delete: `
Examples:
  $ hyperdrive cert delete rds-eu-west-1          # asks first on a terminal
  $ hyperdrive cert delete --id <id> --yes        # in scripts and CI`,
};

export function registerCertCommands(program: Command, action: (load: Loader) => (...args: any[]) => Promise<void>): void {
  const cert = program
    .command("cert")
    .description("manage CA certificates (to verify the origin) and mTLS client certificates (presented to it)");

  const upload = cert.command("upload").description("check a certificate locally, then upload it");
  upload
    .command("certificate-authority")
    .description("upload the CA certificate that signed your database's certificate (for --sslmode verify-ca | verify-full)")
    .requiredOption("--ca-cert <file>", "the CA certificate, PEM: one CA, not a bundle")
    .option("--name <name>", "a name for the certificate")
    .addHelpText("after", EXAMPLES.ca)
    .action(action(handler("uploadCertificateAuthority")));
  upload
    .command("mtls-certificate")
    .description("upload a client certificate and its private key, presented by Hyperdrive to the database (mTLS)")
    .requiredOption("--cert <file>", "the client certificate first, then its chain (PEM); may hold the key too")
    .option("--key <file>", "the client certificate's private key, unencrypted PEM")
    .option("--name <name>", "a name for the certificate")
    .addHelpText("after", EXAMPLES.mtls)
    .action(action(handler("uploadMtlsCertificate")));

  cert
    .command("list")
    .description("list the CA and client certificates of the account")
    .addHelpText("after", EXAMPLES.list)
    .action(action(handler("list")));

  cert
    .command("get")
    .argument("<certificate>", "certificate id or name")
    .description("show one certificate")
    .addHelpText("after", EXAMPLES.get)
    .action(action(handler("get")));

  cert
    .command("delete")
    .argument("[certificate]", "certificate id or name")
    .option("--id <id>", "the certificate's id")
    .option("--name <name>", "the certificate's name")
    .description("delete a certificate (asks first; --yes in scripts)")
    .addHelpText("after", EXAMPLES.delete)
    .action(action(handler("remove")));
}
