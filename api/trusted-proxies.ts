/**
 * Which peers may assert a user through the trusted headers (`GENNAKER_AUTH_TRUSTED_PROXIES`).
 * The decision uses the TCP peer of the request (`req.socket.remoteAddress`), never
 * `X-Forwarded-For` or Express's `req.ip`, which a client can write.
 */
import ipaddr from 'ipaddr.js';

/** Without configuration only this machine's loopback may set the headers (e.g. a local proxy). */
export const DEFAULT_TRUSTED_PROXIES = ['127.0.0.0/8', '::1/128'];

type Block = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Parses one `a.b.c.d/n`, `x::/n` or bare address; throws naming the entry. */
function parseBlock(entry: string): Block {
  try {
    if (entry.includes('/')) return ipaddr.parseCIDR(entry);
    const address = ipaddr.parse(entry);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw new Error(`'${entry}' is not an IP address or CIDR block (e.g. 10.0.0.0/8, fd00::/8)`);
  }
}

/** Validates a list of CIDR blocks; throws one message naming every bad entry. */
export function validateCidrs(entries: readonly string[]): string[] {
  const bad = entries.flatMap((entry) => {
    try {
      parseBlock(entry);
      return [];
    } catch (err) {
      return [(err as Error).message];
    }
  });
  if (bad.length) throw new Error(bad.join('; '));
  return [...entries];
}

/** A predicate "may this socket peer set the trusted headers?". */
export function trustedPeer(cidrs: readonly string[]): (peer: string | undefined) => boolean {
  const blocks = cidrs.map(parseBlock);
  return (peer) => {
    if (!peer || !ipaddr.isValid(peer)) return false;
    // A dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d.
    const address = ipaddr.process(peer);
    return blocks.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
  };
}
