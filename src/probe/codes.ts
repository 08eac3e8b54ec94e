// Hyperdrive's connection-test errors (2008–2016): the message the API returns, in its own words where they have been
// observed, else the "Details" sentence of Hyperdrive's troubleshooting docs, and the docs' recommended fix.

export interface HyperdriveError {
  message: string;
  hint: string;
}

export const GENERIC_ERROR = 2015;

export const HYPERDRIVE_ERRORS: Readonly<Record<number, HyperdriveError>> = {
  2008: {
    message: "Bad hostname.",
    hint: "Hyperdrive could not resolve the database hostname. Confirm it exists in public DNS.",
  },
  2009: {
    message: "The hostname does not resolve to a public IP address, or the IP address is not a public address.",
    hint:
      "Hyperdrive connects only to public IP addresses. Reach a private database through a Cloudflare Tunnel: " +
      "create the config with --access-client-id and --access-client-secret (and no port).",
  },
  2010: {
    message: "Cannot connect to the host:port.",
    hint: "Check the host and port, and that the database is reachable from the public Internet.",
  },
  2011: {
    message:
      "Network connection to the provided database was refused. Please check that host and port are correct and " +
      "that the database allows connections from public IP addresses.",
    hint: "A firewall or access control list is likely rejecting the connection: allow connections from the public Internet.",
  },
  2012: {
    message: "Databases must be configured to support SSL/TLS.",
    hint: "Hyperdrive requires TLS (SSL) to connect. Configure TLS on your database.",
  },
  2013: {
    message: "Invalid database credentials.",
    hint: "Ensure the user exists and the password is correct (case-sensitive).",
  },
  2014: {
    message: "The specified database name does not exist.",
    hint: "Check the database (not table) name, and that the user may use it.",
  },
  2015: {
    message: "Failed to connect to the provided database",
    hint: "Hyperdrive failed to connect for the reason above; if it is unclear, open a support ticket with Cloudflare.",
  },
  2016: {
    message: "Test query failed.",
    hint: "Give the user Hyperdrive connects as permission to connect to the database and to run queries in it.",
  },
};

/** The message Hyperdrive's API would return; 2015 carries the detail after a colon, as Hyperdrive does. */
export function hyperdriveMessage(code: number, detail: string): string {
  const { message } = HYPERDRIVE_ERRORS[code] ?? HYPERDRIVE_ERRORS[GENERIC_ERROR];
  return code === GENERIC_ERROR ? `${message}: ${detail}` : message;
}

/** Hyperdrive's words when the server ends the session during TLS or startup (e.g. it requires a client certificate). */
export const SERVER_CLOSED = "Server return error and closed connection.";

export const CLIENT_CERT_HINT =
  "The database requires a client certificate: upload one (hyperdrive cert upload mtls-certificate) and create the " +
  "config with --mtls-certificate-id.";
