import { originFlags } from "../../origin/flags";
import { defineCommand } from "../spec";

export const doctorSpec = defineCommand({
  name: "doctor",
  description: "check an origin database from here and predict Hyperdrive's verdict (codes 2008-2016)",
  args: [{ name: "[connection-string]", secret: true, description: "the origin as a connection string (or give the origin flags; - reads it from stdin)" }],
  flags: {
    ...originFlags({ directOnly: true }),
    caCert: { value: "file", description: "PEM CA that must have signed the server certificate (verify-ca, verify-full)" },
    clientCert: { value: "file", description: "PEM client certificate to present (mTLS); may also hold the key" },
    clientKey: { value: "file", description: "PEM private key of the client certificate" },
    allowPrivate: { description: "the database will be reached through a Tunnel: a private address is a note, not a failure" },
    timeout: { value: "seconds", description: "per-step timeout (default 10)" },
  },
  examples: `
Examples:
  $ printf %s "$DATABASE_URL" | hyperdrive doctor -
  $ hyperdrive doctor --origin-host db.example.com --database app --origin-user app --origin-password - --sslmode verify-full --ca-cert ca.pem
  $ hyperdrive doctor "$DATABASE_URL" --json | jq .failure
Exit codes: 0 Hyperdrive would accept the origin · 1 a failure code is predicted · 2 invalid input`,
});
