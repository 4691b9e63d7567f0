import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { isIP, LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Refused target addresses: only public unicast addresses are callable (unless private targets are allowed). */
export class BlockedAddressError extends Error {
  constructor(readonly address: string) {
    super(`Target address ${address} is private, loopback, link-local, multicast or reserved`);
    this.name = 'BlockedAddressError';
  }
}

/** Whether `address` is a public unicast address (an IPv4-mapped IPv6 address is judged as the IPv4 one). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** The problem with a webhook URL as configured (scheme, credentials, a literal blocked address), or null. */
export function urlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'url must use http or https';
  if (url.username || url.password) return 'url must not carry credentials';
  if (raw.length > 2000) return 'url must be at most 2000 characters';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) return 'url must not point to a private, loopback or link-local address';
  if (isIP(host) && !allowPrivate && !isPublicAddress(host)) return 'url must not point to a private, loopback or link-local address';
  return null;
}

/**
 * A `lookup` for the socket: resolves every address of the host and refuses
 * the connection if any is not public, at connection time (so a name that
 * resolved to a public address when the endpoint was saved and to 127.0.0.1
 * now, DNS rebinding, is refused too). `resolve` is replaceable for tests.
 */
export function guardedLookup(allowPrivate: boolean, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const all = addresses as unknown as LookupAddress[];
      const blocked = allowPrivate ? undefined : all.find((a) => !isPublicAddress(a.address));
      if (blocked) return callback(Object.assign(new BlockedAddressError(blocked.address), { code: 'EBLOCKED' }), '', 0);
      if (all.length === 0) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, all);
      callback(null, all[0].address, all[0].family);
    });
  };
}
