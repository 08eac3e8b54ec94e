// The network edges of the probe (DNS lookup, TCP connect), which tests replace, and the address classification
// Hyperdrive applies before connecting: only public addresses are reachable directly.
import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, connect as netConnect, isIP } from "node:net";
import type { ConnectFn, LookupFn } from "./types";

const NON_PUBLIC: ReadonlyArray<[label: string, subnets: string[]]> = [
  ["unspecified", ["0.0.0.0/8", "::/128"]],
  ["loopback", ["127.0.0.0/8", "::1/128"]],
  ["private (RFC 1918)", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]],
  ["carrier-grade NAT (100.64.0.0/10)", ["100.64.0.0/10"]],
  ["link-local", ["169.254.0.0/16", "fe80::/10"]],
  ["unique local (fc00::/7)", ["fc00::/7"]],
  ["reserved for documentation", ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"]],
  ["reserved", ["192.0.0.0/24", "198.18.0.0/15", "240.0.0.0/4"]],
  ["multicast", ["224.0.0.0/4", "ff00::/8"]],
];

const CLASSES = NON_PUBLIC.map(([label, subnets]) => {
  const list = new BlockList();
  for (const subnet of subnets) {
    const [network, prefix] = subnet.split("/");
    list.addSubnet(network, Number(prefix), isIP(network) === 6 ? "ipv6" : "ipv4");
  }
  return { label, list };
});

/**
 * What kind of non-public address `ip` is ("loopback", "private (RFC 1918)", …), or undefined for a public address.
 * IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are classified as the IPv4 address they carry.
 */
export function nonPublicKind(ip: string): string | undefined {
  const type = isIP(ip) === 6 ? "ipv6" : "ipv4";
  return CLASSES.find(({ list }) => list.check(ip, type))?.label;
}

/** Every A and AAAA address of `hostname`, in the resolver's order. */
export const defaultLookup: LookupFn = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** How long a polite goodbye (Terminate, COM_QUIT) may take before the socket is simply destroyed. */
export const CLOSE_TIMEOUT_MS = 1_000;

export function timeoutError(what: string, ms: number): Error {
  return Object.assign(new Error(`${what} timed out after ${ms / 1000} s`), { code: "ETIMEDOUT" });
}

/** Opens a TCP connection to an IP address; rejects with ETIMEDOUT after `timeoutMs`. */
export const defaultConnect: ConnectFn = ({ host, port, timeoutMs }) =>
  new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(timeoutError("connecting", timeoutMs));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.off("error", onError);
      resolve(socket);
    });
    const onError = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.once("error", onError);
  });

/** Settles like `promise`, or rejects with ETIMEDOUT after `ms`; a value that arrives too late is handed to `dispose`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string, dispose?: (late: T) => void): Promise<T> {
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(timeoutError(what, ms));
    }, ms);
  });
  const settled = promise.then((value) => {
    if (timedOut) dispose?.(value);
    return value;
  });
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}
