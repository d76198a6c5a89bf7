/**
 * The Gennaker API's own listening addresses (`GENNAKER_WEBHOOK_API_ADDRESSES`). A webhook to one of
 * them would call the API with whatever headers the pipeline author chose, from the worker's
 * network position, so the guard refuses it.
 */
import { networkInterfaces } from 'node:os';
import ipaddr from 'ipaddr.js';
import { parseAddress } from './address-policy';

/** One `host:port` entry: an IP address, a DNS name, or a wildcard (`0.0.0.0`, `[::]`) for "this machine". */
export interface ApiAddress {
  host: string;
  port: number;
}

/** Resolves a host name to its addresses (the guard's resolver). */
export type ResolveHost = (host: string) => Promise<string[]>;

/** Parses `host:port,[v6]:port,…`; throws one message naming every bad entry. */
export function parseApiAddresses(text: string): ApiAddress[] {
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  const errors: string[] = [];
  const parsed: ApiAddress[] = [];
  for (const entry of entries) {
    const match = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(entry);
    const port = match ? Number(match[2]) : 0;
    let host = '';
    try {
      if (match) host = new URL(`http://${match[1]}`).hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
    } catch {
      host = '';
    }
    if (!host || port < 1 || port > 65535) errors.push(`'${entry}' is not host:port (e.g. api:8084, 127.0.0.1:8084, [::1]:8084)`);
    else parsed.push({ host, port });
  }
  if (errors.length) throw new Error(errors.join('; '));
  return parsed;
}

/** Every address of this machine: what an API listening on a wildcard address answers on. */
function localAddresses(): string[] {
  const addresses = ['127.0.0.0/8', '::1', '0.0.0.0', '::'];
  for (const list of Object.values(networkInterfaces())) for (const info of list ?? []) addresses.push(info.address);
  return addresses;
}

/**
 * A check "is (address, port) the API?". Names are resolved at each check (a container's address
 * may change), keeping the last good answer when a lookup fails.
 */
export function createApiAddressCheck(entries: ApiAddress[], resolve: ResolveHost) {
  const lastKnown = new Map<string, string[]>();

  async function addressesOf(entry: ApiAddress): Promise<string[]> {
    if (ipaddr.isValid(entry.host)) {
      const address = parseAddress(entry.host);
      return address.range() === 'unspecified' ? localAddresses() : [address.toString()];
    }
    try {
      const resolved = await resolve(entry.host);
      lastKnown.set(entry.host, resolved);
      return resolved;
    } catch {
      return lastKnown.get(entry.host) ?? [];
    }
  }

  return async function isApiAddress(address: string, port: number): Promise<boolean> {
    const target = parseAddress(address);
    for (const entry of entries.filter((e) => e.port === port)) {
      for (const known of await addressesOf(entry)) {
        if (known.includes('/')) {
          const [network, bits] = ipaddr.parseCIDR(known);
          if (network.kind() === target.kind() && target.match(network, bits)) return true;
        } else if (parseAddress(known).toString() === target.toString()) {
          return true;
        }
      }
    }
    return false;
  };
}
