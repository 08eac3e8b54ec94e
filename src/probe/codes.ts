// Hyperdrive's connection-test errors (2008–2016): the message the API returns, in its own words where they have been
// observed, else the "Details" sentence of Hyperdrive's troubleshooting docs. The fix for each is hintFor's
// (src/api/errors.ts), shared with the API's errors.

export interface HyperdriveError {
  message: string;
}

export const GENERIC_ERROR = 2015;

export const HYPERDRIVE_ERRORS: Readonly<Record<number, HyperdriveError>> = {
  2008: { message: "Bad hostname." },
  2009: { message: "The hostname does not resolve to a public IP address, or the IP address is not a public address." },
  2010: { message: "Cannot connect to the host:port." },
  2011: {
    message:
      "Network connection to the provided database was refused. Please check that host and port are correct and " +
      "that the database allows connections from public IP addresses.",
  },
  2012: { message: "Databases must be configured to support SSL/TLS." },
  2013: { message: "Invalid database credentials." },
  2014: { message: "The specified database name does not exist." },
  2015: { message: "Failed to connect to the provided database" },
  2016: { message: "Test query failed." },
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
