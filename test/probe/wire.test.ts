// The protocol bytes the probe speaks itself: PostgreSQL's SSLRequest, MySQL's greeting and SSLRequest.
import { describe, expect, test } from "vitest";
import { CLIENT_SSL, MysqlGreetingError, mysqlSslRequest, parseMysqlGreeting, PG_SSL_REQUEST } from "../../src/probe/wire";

const CLIENT_PROTOCOL_41 = 0x200;
const CLIENT_SECURE_CONNECTION = 0x8000;
const CLIENT_PLUGIN_AUTH = 0x80000;

function int(bytes: number, value: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  buffer.writeUIntLE(value, 0, bytes);
  return buffer;
}

/** Protocol::HandshakeV10 as a server sends it, with a 21-byte scramble. */
function greeting(serverVersion: string, capabilities: number, plugin: string): Buffer {
  return Buffer.concat([
    Buffer.from([10]),
    Buffer.from(`${serverVersion}\0`),
    int(4, 42), // connection id
    Buffer.alloc(8, 0x61), // auth-plugin-data-part-1
    Buffer.from([0]),
    int(2, capabilities & 0xffff),
    Buffer.from([255]), // character set
    int(2, 2), // status flags
    int(2, capabilities >>> 16),
    Buffer.from([21]),
    Buffer.alloc(10),
    Buffer.concat([Buffer.alloc(12, 0x62), Buffer.from([0])]), // auth-plugin-data-part-2, 13 bytes
    Buffer.from(`${plugin}\0`),
  ]);
}

const MYSQL_8 = CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH | CLIENT_SSL;

describe("PostgreSQL SSLRequest", () => {
  test("is Int32 8 followed by Int32 80877103", () => {
    expect(PG_SSL_REQUEST.readInt32BE(0)).toBe(8);
    expect(PG_SSL_REQUEST.readInt32BE(4)).toBe(80877103);
    expect(PG_SSL_REQUEST).toHaveLength(8);
  });
});

describe("MySQL greeting", () => {
  test("a MySQL 8 server offering TLS and caching_sha2_password", () => {
    const parsed = parseMysqlGreeting(greeting("8.0.36", MYSQL_8, "caching_sha2_password"));
    expect(parsed).toEqual({ serverVersion: "8.0.36", capabilities: MYSQL_8, authPlugin: "caching_sha2_password" });
    expect(parsed.capabilities & CLIENT_SSL).toBeTruthy();
  });

  test("a server without TLS: no SSL capability", () => {
    const parsed = parseMysqlGreeting(greeting("5.5.5-10.11.6-MariaDB", MYSQL_8 & ~CLIENT_SSL, "mysql_native_password"));
    expect(parsed.capabilities & CLIENT_SSL).toBe(0);
    expect(parsed.authPlugin).toBe("mysql_native_password");
  });

  test("an ERR packet instead of a greeting", () => {
    const packet = Buffer.concat([Buffer.from([0xff]), int(2, 1130), Buffer.from("Host '203.0.113.9' is not allowed to connect")]);
    expect(() => parseMysqlGreeting(packet)).toThrow(MysqlGreetingError);
    expect(() => parseMysqlGreeting(packet)).toThrow("Host '203.0.113.9' is not allowed to connect");
  });

  test("anything but protocol 10 is not a MySQL server", () => {
    expect(() => parseMysqlGreeting(Buffer.from("SSH-2.0-OpenSSH_9.2\r\n"))).toThrow("is this a MySQL server?");
  });
});

describe("MySQL SSLRequest", () => {
  test("a 32-byte payload with sequence id 1, CLIENT_SSL and utf8mb4", () => {
    const packet = mysqlSslRequest();
    expect([...packet.subarray(0, 4)]).toEqual([32, 0, 0, 1]);
    expect(packet).toHaveLength(36);
    const capabilities = packet.readUInt32LE(4);
    expect(capabilities & CLIENT_SSL).toBe(CLIENT_SSL);
    expect(capabilities & CLIENT_PROTOCOL_41).toBe(CLIENT_PROTOCOL_41);
    expect(packet[12]).toBe(45);
    expect(packet.subarray(13).every((byte) => byte === 0)).toBe(true);
  });
});
