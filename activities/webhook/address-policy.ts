/**
 * Which IP addresses a webhook may connect to: a pure decision over one address, used at connect
 * time by the address guard. Parsing and range arithmetic come from ipaddr.js.
 */
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A parsed CIDR block, e.g. `10.0.0.0/8` or `fd00::/8`. */
export type Cidr = [Address, number];

/** The operator's choices (worker configuration). */
export interface AddressPolicy {
  /** `GENNAKER_WEBHOOK_ALLOW_LINK_LOCAL`: allow link-local and cloud metadata addresses. */
  allowLinkLocal: boolean;
  /** `GENNAKER_WEBHOOK_ALLOW_CIDRS`: exceptions to the deny list. */
  allowCidrs: Cidr[];
  /** `GENNAKER_WEBHOOK_DENY_CIDRS`: ranges operators close (e.g. loopback and private ranges in production). */
  denyCidrs: Cidr[];
}

/**
 * Cloud metadata services outside 169.254.0.0/16 (which is refused as a whole): Alibaba,
 * Azure WireServer, Oracle Cloud, AWS IMDS over IPv6.
 */
const METADATA_ADDRESSES = ['100.100.100.200', '168.63.129.16', '192.0.0.192', 'fd00:ec2::254'].map((a) => ipaddr.parse(a));

/** Host names of metadata services, refused before any lookup. */
export const METADATA_HOSTNAMES = new Set(['metadata.google.internal', 'metadata', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

/** Parses `a.b.c.d/n`, `x::/n` or a bare address (a single-address block); throws with the entry quoted. */
export function parseCidr(text: string): Cidr {
  const entry = text.trim();
  try {
    if (entry.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(entry);
      return normaliseCidr(address, bits);
    }
    const address = ipaddr.parse(entry);
    return normaliseCidr(address, address.kind() === 'ipv4' ? 32 : 128);
  } catch {
    throw new Error(`'${entry}' is not an IP address or CIDR block (e.g. 10.0.0.0/8, fd00::/8)`);
  }
}

/** `::ffff:10.0.0.0/104` is the same block as `10.0.0.0/8`: addresses are matched in IPv4 form. */
function normaliseCidr(address: Address, bits: number): Cidr {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [address, bits];
}

/** Comma-separated CIDR blocks; throws one message naming every bad entry. */
export function parseCidrList(text: string): Cidr[] {
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  const errors: string[] = [];
  const cidrs: Cidr[] = [];
  for (const entry of entries) {
    try {
      cidrs.push(parseCidr(entry));
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  if (errors.length) throw new Error(errors.join('; '));
  return cidrs;
}

export function inCidr(address: Address, [network, bits]: Cidr): boolean {
  return address.kind() === network.kind() && address.match(network, bits);
}

/** Parses an address as the socket would use it: IPv4-mapped IPv6 becomes IPv4; a zone id is dropped. */
export function parseAddress(text: string): Address {
  const address = ipaddr.process(text.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  return address;
}

const v4 = (high: number, low: number) => ipaddr.fromByteArray([high >> 8, high & 0xff, low >> 8, low & 0xff]) as ipaddr.IPv4;

/**
 * The IPv4 addresses an IPv6 address carries to: IPv4-compatible `::a.b.c.d`, SIIT `::ffff:0:a.b.c.d`,
 * NAT64 `64:ff9b::/96` and `64:ff9b:1::/48`, 6to4 `2002::/16` and Teredo `2001::/32` (server and
 * client). A gateway or the kernel may deliver to them, so each must pass the policy too.
 */
export function embeddedIPv4(address: Address): ipaddr.IPv4[] {
  if (address.kind() !== 'ipv6') return [];
  const p = (address as ipaddr.IPv6).parts;
  const range = (address as ipaddr.IPv6).range();
  const last32 = v4(p[6], p[7]);
  if (range === 'rfc6145' || range === 'rfc6052') return [last32];
  if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 1) return [last32];
  if (range === '6to4') return [v4(p[1], p[2])];
  if (range === 'teredo') return [v4(p[2], p[3]), v4(p[6] ^ 0xffff, p[7] ^ 0xffff)];
  // IPv4-compatible (deprecated, ::/96 except :: and ::1).
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7] > 1)) return [last32];
  return [];
}

/** Why one (already-normalised) address is refused, as "<kind> address", or undefined when it is allowed. */
function refuseOne(address: Address, policy: AddressPolicy): string | undefined {
  const range = address.range();
  const shown = address.toString();
  // 0.0.0.0/8 and :: reach the local host on Linux; multicast and broadcast are no host at all.
  if (range === 'unspecified' || range === 'multicast' || range === 'broadcast') return `${range} address ${shown}`;
  const metadata = range === 'linkLocal' || METADATA_ADDRESSES.some((m) => m.kind() === address.kind() && m.toString() === shown);
  if (metadata) return policy.allowLinkLocal ? undefined : `link-local/metadata address ${shown}`;
  if (policy.allowCidrs.some((c) => inCidr(address, c))) return undefined;
  if (policy.denyCidrs.some((c) => inCidr(address, c))) return `address ${shown} (closed by GENNAKER_WEBHOOK_DENY_CIDRS)`;
  return undefined;
}

/**
 * Why a webhook may not connect to `text` (an IP address in any notation), e.g.
 * "link-local/metadata address 169.254.169.254", or undefined when it may. The address and every
 * IPv4 address embedded in it must each pass: unspecified, multicast and broadcast addresses are
 * always refused; link-local and metadata addresses unless `allowLinkLocal`; then the operator's
 * allow list wins over the deny list; anything else is allowed.
 */
export function addressRefusal(text: string, policy: AddressPolicy): string | undefined {
  const address = parseAddress(text);
  for (const candidate of [address, ...embeddedIPv4(address)]) {
    const reason = refuseOne(candidate, policy);
    if (reason) return candidate === address ? reason : `${reason} (embedded in ${address.toString()})`;
  }
  return undefined;
}
