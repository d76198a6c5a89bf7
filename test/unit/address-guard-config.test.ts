import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseApiConfig } from '../../api/config';
import { parseWorkerConfig, webhookSettings } from '../../worker/config';

const DB = 'postgresql://postgres@127.0.0.1:5432/gennaker';

/** The message a parser throws for `env`. */
function problem(parse: (env: NodeJS.ProcessEnv) => unknown, env: NodeJS.ProcessEnv): string {
  try {
    parse(env);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('worker configuration: webhook address lists', () => {
  test('unset: no lists, the system resolver, link-local refused', () => {
    const settings = webhookSettings(parseWorkerConfig({ DATABASE_URL: DB }));
    assert.deepEqual(settings, { allowLinkLocal: false, allowCidrs: [], denyCidrs: [], apiAddresses: [], dnsServers: undefined });
  });

  test('CIDR lists, API addresses and DNS servers are parsed once at start', () => {
    const settings = webhookSettings(
      parseWorkerConfig({
        DATABASE_URL: DB,
        GENNAKER_WEBHOOK_DENY_CIDRS: '127.0.0.0/8, ::1/128 ,10.0.0.0/8',
        GENNAKER_WEBHOOK_ALLOW_CIDRS: '10.1.2.3',
        GENNAKER_WEBHOOK_API_ADDRESSES: 'api:8084, [::]:8084, 10.0.0.5:443',
        GENNAKER_WEBHOOK_DNS_SERVERS: '127.0.0.1:5353',
      }),
    );
    assert.deepEqual(settings.denyCidrs!.map(([a, bits]) => `${a.toString()}/${bits}`), ['127.0.0.0/8', '::1/128', '10.0.0.0/8']);
    assert.deepEqual(settings.allowCidrs!.map(([a, bits]) => `${a.toString()}/${bits}`), ['10.1.2.3/32']);
    assert.deepEqual(settings.apiAddresses, [
      { host: 'api', port: 8084 },
      { host: '::', port: 8084 },
      { host: '10.0.0.5', port: 443 },
    ]);
    assert.deepEqual(settings.dnsServers, ['127.0.0.1:5353']);
  });

  const bad: [variable: string, value: string, message: RegExp][] = [
    ['GENNAKER_WEBHOOK_DENY_CIDRS', '10.0.0.0/8,10.0.0.0/33', /GENNAKER_WEBHOOK_DENY_CIDRS: '10\.0\.0\.0\/33' is not an IP address or CIDR block/],
    ['GENNAKER_WEBHOOK_DENY_CIDRS', 'private', /GENNAKER_WEBHOOK_DENY_CIDRS: 'private' is not an IP address or CIDR block/],
    ['GENNAKER_WEBHOOK_ALLOW_CIDRS', '300.1.2.3/8', /GENNAKER_WEBHOOK_ALLOW_CIDRS: '300\.1\.2\.3\/8' is not/],
    ['GENNAKER_WEBHOOK_API_ADDRESSES', 'api', /GENNAKER_WEBHOOK_API_ADDRESSES: 'api' is not host:port/],
    ['GENNAKER_WEBHOOK_API_ADDRESSES', 'api:99999', /GENNAKER_WEBHOOK_API_ADDRESSES: 'api:99999' is not host:port/],
    ['GENNAKER_WEBHOOK_DNS_SERVERS', 'dns.example', /GENNAKER_WEBHOOK_DNS_SERVERS: 'dns\.example' must be DNS server addresses/],
  ];
  for (const [variable, value, message] of bad) {
    test(`${variable}=${value} stops the worker, naming the variable`, () => {
      assert.match(problem(parseWorkerConfig, { DATABASE_URL: DB, [variable]: value }), message);
    });
  }
});

describe('API configuration: trusted proxies', () => {
  test('the trusted-header mode needs GENNAKER_AUTH_TRUSTED_PROXIES', () => {
    assert.match(
      problem(parseApiConfig, { DATABASE_URL: DB, GENNAKER_AUTH_TRUSTED_HEADER: 'X-Forwarded-User' }),
      /GENNAKER_AUTH_TRUSTED_PROXIES: is required with GENNAKER_AUTH_TRUSTED_HEADER/,
    );
  });

  test('a bad block is named', () => {
    assert.match(
      problem(parseApiConfig, { DATABASE_URL: DB, GENNAKER_AUTH_TRUSTED_HEADER: 'X-Forwarded-User', GENNAKER_AUTH_TRUSTED_PROXIES: '10.0.0.1/32, proxy.internal' }),
      /GENNAKER_AUTH_TRUSTED_PROXIES: 'proxy\.internal' is not an IP address or CIDR block/,
    );
  });

  test('the proxies are kept as configured', () => {
    const config = parseApiConfig({ DATABASE_URL: DB, GENNAKER_AUTH_TRUSTED_HEADER: 'X-Forwarded-User', GENNAKER_AUTH_TRUSTED_PROXIES: '10.0.3.7, fd00::/8' });
    assert.deepEqual(config.auth.trustedProxies, ['10.0.3.7', 'fd00::/8']);
  });
});
