// The first bytes of the PostgreSQL and MySQL protocols, spoken directly on the socket: enough to learn whether the
// server offers TLS (and, for MySQL, its version and default authentication plugin) and to start TLS.
import type { Socket } from "node:net";
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from "node:tls";
import { timeoutError } from "./network";

/** PostgreSQL SSLRequest: Int32 length 8, Int32 80877103 (1234 << 16 | 5679). */
export const PG_SSL_REQUEST = Buffer.from([0x00, 0x00, 0x00, 0x08, 0x04, 0xd2, 0x16, 0x2f]);

// MySQL capability flags.
const CLIENT_LONG_PASSWORD = 0x1;
const CLIENT_PROTOCOL_41 = 0x200;
export const CLIENT_SSL = 0x800;
const CLIENT_SECURE_CONNECTION = 0x8000;
const CLIENT_PLUGIN_AUTH = 0x80000;
const UTF8MB4_GENERAL_CI = 45;
const MAX_PACKET_SIZE = 16 * 1024 * 1024;

export interface MysqlHandshake {
  serverVersion: string;
  capabilities: number;
  /** The server's default authentication plugin (absent on servers without CLIENT_PLUGIN_AUTH). */
  authPlugin?: string;
}

/** An ERR packet sent instead of the handshake (e.g. "Host … is not allowed to connect", "Too many connections"). */
export class MysqlGreetingError extends Error {
  constructor(
    readonly errno: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads from `socket` until `frameLength` reports a complete frame; resolves with that frame. */
function readFrame(socket: Socket, frameLength: (data: Buffer) => number | undefined, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const finish = (error: Error | undefined, frame?: Buffer) => {
      clearTimeout(timer);
      socket.off("data", onData).off("error", finish).off("close", onClose);
      socket.pause();
      if (error) reject(error);
      else resolve(frame as Buffer);
    };
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const length = frameLength(data);
      if (length !== undefined) finish(undefined, data.subarray(0, length));
    };
    const onClose = () =>
      finish(Object.assign(new Error("the server closed the connection"), { code: "ECONNRESET" }));
    const timer = setTimeout(() => finish(timeoutError("waiting for the server", timeoutMs)), timeoutMs);
    socket.on("data", onData).on("error", finish).on("close", onClose);
    socket.resume();
  });
}

/** Sends SSLRequest; resolves with the server's one-byte answer: "S" (TLS follows), "N" (no TLS) or anything else. */
export async function requestPostgresTls(socket: Socket, timeoutMs: number): Promise<string> {
  socket.write(PG_SSL_REQUEST);
  const answer = await readFrame(socket, (data) => (data.length >= 1 ? 1 : undefined), timeoutMs);
  return answer.toString("latin1");
}

/** Reads the server's first packet (Protocol::HandshakeV10, or an ERR packet). */
export async function readMysqlGreeting(socket: Socket, timeoutMs: number): Promise<MysqlHandshake> {
  const packet = await readFrame(
    socket,
    (data) => (data.length >= 4 ? 4 + data.readUIntLE(0, 3) : undefined),
    timeoutMs,
  );
  return parseMysqlGreeting(packet.subarray(4));
}

function readCString(payload: Buffer, offset: number): [string, number] {
  const end = payload.indexOf(0, offset);
  const stop = end === -1 ? payload.length : end;
  return [payload.toString("utf8", offset, stop), stop + 1];
}

/** Parses the payload of the server greeting. Throws MysqlGreetingError for an ERR packet. */
export function parseMysqlGreeting(payload: Buffer): MysqlHandshake {
  if (payload[0] === 0xff) {
    const message = payload.toString("utf8", 3).replace(/^#[0-9A-Z]{5}/, "");
    throw new MysqlGreetingError(payload.readUInt16LE(1), message);
  }
  if (payload[0] !== 10) throw new Error(`unexpected greeting (protocol ${payload[0]}): is this a MySQL server?`);
  let [serverVersion, offset] = readCString(payload, 1);
  offset += 4 + 8 + 1; // connection id, auth-plugin-data-part-1, filler
  let capabilities = payload.readUInt16LE(offset);
  offset += 2;
  if (offset >= payload.length) return { serverVersion, capabilities };
  offset += 1 + 2; // character set, status flags
  capabilities = (capabilities | (payload.readUInt16LE(offset) << 16)) >>> 0;
  offset += 2;
  const authDataLength = payload[offset];
  offset += 1 + 10; // auth_plugin_data_len, reserved
  if (capabilities & CLIENT_SECURE_CONNECTION) offset += Math.max(13, authDataLength - 8);
  const authPlugin = capabilities & CLIENT_PLUGIN_AUTH ? readCString(payload, offset)[0] : undefined;
  return { serverVersion, capabilities, authPlugin };
}

/** Protocol::SSLRequest (sequence id 1): the client's capabilities with CLIENT_SSL, max packet size, character set. */
export function mysqlSslRequest(): Buffer {
  const payload = Buffer.alloc(32);
  payload.writeUInt32LE(
    CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH,
    0,
  );
  payload.writeUInt32LE(MAX_PACKET_SIZE, 4);
  payload[8] = UTF8MB4_GENERAL_CI;
  return Buffer.concat([Buffer.from([payload.length, 0, 0, 1]), payload]);
}

/** Runs the TLS handshake over `socket`; resolves when it completes, whatever the certificate check concluded. */
export function startTls(socket: Socket, options: ConnectionOptions, timeoutMs: number): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({ ...options, socket });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(timeoutError("TLS handshake", timeoutMs));
    }, timeoutMs);
    const onError = (error: Error) => {
      clearTimeout(timer);
      secure.destroy();
      reject(error);
    };
    secure.once("error", onError);
    secure.once("secureConnect", () => {
      clearTimeout(timer);
      secure.off("error", onError).on("error", () => {});
      resolve(secure);
    });
  });
}
