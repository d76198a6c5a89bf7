/**
 * The webhook SSRF guard. It decides on the address the socket actually connects to: IP-literal
 * hosts are checked before the request, host names inside the HTTP client's own `lookup`, so the
 * answer that is checked is the answer that is used (no DNS rebinding between check and connect),
 * for every request: the call, each status poll, and a status URL chosen by the remote server.
 */
import { lookup as systemLookup, Resolver } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { addressRefusal, embeddedIPv4, METADATA_HOSTNAMES, parseAddress, type AddressPolicy } from './address-policy';
import { createApiAddressCheck, type ApiAddress, type ResolveHost } from './api-addresses';

/** Thrown (or passed to the socket) when a webhook would reach a refused address; never retried. */
export class ForbiddenAddressError extends Error {
  override readonly name = 'ForbiddenAddressError';
}

/** Not retried either: the URL itself is unusable. */
export class UnsupportedUrlError extends Error {
  override readonly name = 'UnsupportedUrlError';
}

export interface AddressGuardOptions extends AddressPolicy {
  /** The API's own listening addresses (`GENNAKER_WEBHOOK_API_ADDRESSES`). */
  apiAddresses: ApiAddress[];
  /** DNS servers (`host` or `host:port`) to resolve webhook hosts with, instead of the system resolver. */
  dnsServers?: string[];
}

export interface AddressGuard {
  /** Refuses a bad scheme, a metadata host name or a refused IP-literal host before connecting. */
  checkUrl(url: URL): Promise<void>;
  /** The `lookup` for the request to `url`: resolves the host once and refuses refused answers. */
  lookupFor(url: URL): LookupFunction;
}

function resolverFor(servers: string[] | undefined): ResolveHost {
  if (!servers?.length) return async (host) => (await systemLookup(host, { all: true, verbatim: true })).map((a) => a.address);
  const resolver = new Resolver();
  resolver.setServers(servers);
  return async (host) => {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const addresses = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
    if (addresses.length) return addresses;
    throw v4.status === 'rejected' ? v4.reason : new Error(`no address for ${host}`);
  };
}

const portOf = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));

/** Builds the guard from the worker's webhook configuration. */
export function createAddressGuard(options: AddressGuardOptions): AddressGuard {
  const resolve = resolverFor(options.dnsServers);
  const isApiAddress = createApiAddressCheck(options.apiAddresses, resolve);

  async function refusal(address: string, port: number): Promise<string | undefined> {
    const reason = addressRefusal(address, options);
    if (reason) return reason;
    const parsed = parseAddress(address);
    for (const candidate of [parsed, ...embeddedIPv4(parsed)]) {
      if (await isApiAddress(candidate.toString(), port)) return `the Gennaker API's own address ${candidate.toString()}:${port}`;
    }
    return undefined;
  }

  const forbidden = (host: string, reason: string) => new ForbiddenAddressError(`webhook host '${host}' resolves to ${reason}; refused`);

  return {
    async checkUrl(url) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new UnsupportedUrlError(`webhook URL must be http or https, got '${url.protocol}'`);
      }
      const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
      if (!options.allowLinkLocal && METADATA_HOSTNAMES.has(host.replace(/\.+$/, ''))) {
        throw new ForbiddenAddressError(`webhook host '${host}' is a metadata endpoint; refused`);
      }
      if (isIP(host)) {
        const reason = await refusal(host, portOf(url));
        if (reason) throw forbidden(host, reason);
      }
    },

    lookupFor(url) {
      const port = portOf(url);
      return (hostname, lookupOptions, callback) => {
        const run = async () => {
          const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : Number(lookupOptions.family ?? 0);
          const answers = (await resolve(hostname)).filter((a) => !family || isIP(a) === family);
          if (!answers.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
          // Every answer must pass: the socket may try any of them.
          for (const answer of answers) {
            const reason = await refusal(answer, port);
            if (reason) throw forbidden(hostname, reason);
          }
          return answers;
        };
        run().then(
          (answers) =>
            lookupOptions.all
              ? callback(null, answers.map((address) => ({ address, family: isIP(address) })))
              : callback(null, answers[0], isIP(answers[0])),
          (err: NodeJS.ErrnoException) => callback(err, ''),
        );
      };
    },
  };
}
