import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { createAddressGuard, ForbiddenAddressError, UnsupportedUrlError, type AddressGuardOptions } from '../../activities/webhook/address-guard';
import { parseCidrList } from '../../activities/webhook/address-policy';
import { httpCall } from '../../activities/webhook/http';
import { startDnsServer } from '../helpers/dns-server';
import { json, startHttpServer } from '../helpers/http-server';

const guardWith = (options: Partial<AddressGuardOptions> = {}) =>
  createAddressGuard({ allowLinkLocal: false, allowCidrs: [], denyCidrs: [], apiAddresses: [], ...options });

async function refusal(guard: ReturnType<typeof guardWith>, url: string): Promise<string> {
  try {
    await guard.checkUrl(new URL(url));
  } catch (err) {
    assert.ok(err instanceof ForbiddenAddressError, `${url}: ${String(err)}`);
    return err.message;
  }
  throw new Error(`${url} was allowed`);
}

/** Runs the guard's connect-time lookup for `url` as the HTTP client would (all answers). */
function lookup(guard: ReturnType<typeof guardWith>, url: string): Promise<string[]> {
  const parsed = new URL(url);
  return new Promise((resolve, reject) =>
    guard.lookupFor(parsed)(parsed.hostname, { all: true }, (err, addresses) =>
      err ? reject(err) : resolve((addresses as unknown as { address: string }[]).map((a) => a.address)),
    ),
  );
}

describe('webhook address guard: every spelling of a refused address in the URL', () => {
  const guard = guardWith();
  const refused: [url: string, message: RegExp][] = [
    ['http://169.254.169.254/latest/meta-data', /link-local\/metadata address 169\.254\.169\.254; refused/],
    // IPv4-mapped IPv6: the URL parser turns all four spellings into ::ffff:a9fe:a9fe.
    ['http://[::ffff:169.254.169.254]/', /link-local\/metadata address 169\.254\.169\.254; refused/],
    ['http://[::ffff:a9fe:a9fe]/', /link-local\/metadata address 169\.254\.169\.254; refused/],
    ['http://[0:0:0:0:0:ffff:169.254.169.254]/', /link-local\/metadata address 169\.254\.169\.254; refused/],
    ['http://[0:0:0:0:0:ffff:a9fe:a9fe]/', /link-local\/metadata address 169\.254\.169\.254; refused/],
    ['https://[::FFFF:A9FE:A9FE]:8443/', /link-local\/metadata address 169\.254\.169\.254; refused/],
    ['http://[::ffff:100.100.100.200]/', /link-local\/metadata address 100\.100\.100\.200; refused/],
    // Decimal, hex, octal, short and trailing-dot IPv4 (normalised by the URL parser).
    ['http://2852039166/', /169\.254\.169\.254/],
    ['http://0xa9fea9fe/', /169\.254\.169\.254/],
    ['http://0251.0376.0251.0376/', /169\.254\.169\.254/],
    ['http://169.254.43518/', /169\.254\.169\.254/],
    ['http://169.254.169.254./', /169\.254\.169\.254/],
    // IPv6 forms that carry an IPv4 address to a gateway or the kernel.
    ['http://[::a9fe:a9fe]/', /169\.254\.169\.254 \(embedded in ::a9fe:a9fe\)/],
    ['http://[::169.254.169.254]/', /169\.254\.169\.254 \(embedded in ::a9fe:a9fe\)/],
    ['http://[64:ff9b::a9fe:a9fe]/', /169\.254\.169\.254 \(embedded in 64:ff9b::a9fe:a9fe\)/],
    ['http://[64:ff9b::169.254.169.254]/', /169\.254\.169\.254 \(embedded/],
    ['http://[64:ff9b:1::a9fe:a9fe]/', /169\.254\.169\.254 \(embedded/],
    ['http://[2002:a9fe:a9fe::1]/', /169\.254\.169\.254 \(embedded in 2002:a9fe:a9fe::1\)/],
    ['http://[::ffff:0:a9fe:a9fe]/', /169\.254\.169\.254 \(embedded/],
    ['http://[2001:0:4136:e378:8000:63bf:5601:5601]/', /169\.254\.169\.254 \(embedded/],
    ['http://[64:ff9b::6464:64c8]/', /100\.100\.100\.200 \(embedded/],
    // Other clouds' metadata services and IPv6 link-local.
    ['http://168.63.129.16/machine?comp=goalstate', /link-local\/metadata address 168\.63\.129\.16/],
    ['http://[::ffff:168.63.129.16]/', /168\.63\.129\.16/],
    ['http://192.0.0.192/opc/v2/instance/', /link-local\/metadata address 192\.0\.0\.192/],
    ['http://100.100.100.200/latest/meta-data', /link-local\/metadata address 100\.100\.100\.200/],
    ['http://[fd00:ec2::254]/latest/meta-data', /link-local\/metadata address fd00:ec2::254/],
    ['http://[fe80::1]/', /link-local\/metadata address fe80::1/],
    ['http://[febf:ffff::1]/', /link-local\/metadata address febf:ffff::1/],
    ['http://169.254.0.1/', /link-local\/metadata address 169\.254\.0\.1/],
    // "This host" and non-host addresses.
    ['http://0.0.0.0:8084/', /unspecified address 0\.0\.0\.0/],
    ['http://0/', /unspecified address 0\.0\.0\.0/],
    ['http://0.1.2.3/', /unspecified address 0\.1\.2\.3/],
    ['http://[::]/', /unspecified address ::/],
    ['http://[::ffff:0.0.0.0]/', /unspecified address 0\.0\.0\.0/],
    ['http://224.0.0.1/', /multicast address 224\.0\.0\.1/],
    ['http://[ff02::1]/', /multicast address ff02::1/],
    ['http://255.255.255.255/', /broadcast address 255\.255\.255\.255/],
    // Metadata host names, however spelled.
    ['http://metadata.google.internal/computeMetadata/v1/', /'metadata\.google\.internal' is a metadata endpoint/],
    ['http://METADATA.Google.Internal./', /is a metadata endpoint/],
    ['http://metadata%2Egoogle%2Einternal/', /is a metadata endpoint/],
    ['http://metadata/', /is a metadata endpoint/],
  ];
  for (const [url, message] of refused) {
    test(`refuses ${url}`, async () => {
      assert.match(await refusal(guard, url), message);
    });
  }

  test('loopback, private and public addresses stay allowed by default (local use)', async () => {
    for (const url of ['http://127.0.0.1:8080/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://10.0.0.1/', 'http://192.168.1.1/', 'http://[fd00::1]/', 'http://8.8.8.8/', 'http://[2002:808:808::1]/']) {
      await guard.checkUrl(new URL(url));
    }
  });

  test('only http and https', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/', 'gopher://127.0.0.1/']) {
      await assert.rejects(guard.checkUrl(new URL(url)), (err) => err instanceof UnsupportedUrlError && /must be http or https/.test(err.message));
    }
  });

  test('GENNAKER_WEBHOOK_ALLOW_LINK_LOCAL opens metadata addresses, never the unspecified address', async () => {
    const open = guardWith({ allowLinkLocal: true });
    await open.checkUrl(new URL('http://[::ffff:a9fe:a9fe]/'));
    await open.checkUrl(new URL('http://metadata.google.internal/'));
    assert.match(await refusal(open, 'http://0.0.0.0/'), /unspecified/);
  });
});

describe('webhook address guard: DNS answers, checked in the connect-time lookup (a real DNS server)', () => {
  const answers: Record<string, { A?: string[]; AAAA?: string[] }> = {
    // (Written in hex: the test DNS server encodes hex groups only; resolvers print them dotted.)
    'mapped.test': { AAAA: ['::ffff:a9fe:a9fe'] },
    'mapped-alibaba.test': { AAAA: ['::ffff:6464:64c8'] },
    'nat64.test': { AAAA: ['64:ff9b::a9fe:a9fe'] },
    'sixtofour.test': { AAAA: ['2002:a9fe:a9fe::1'] },
    'compat.test': { AAAA: ['::a9fe:a9fe'] },
    'wireserver.test': { A: ['168.63.129.16'] },
    'oracle.test': { A: ['192.0.0.192'] },
    'linklocal6.test': { AAAA: ['fe80::1'] },
    'zero.test': { A: ['0.0.0.0'] },
    'one-bad-answer.test': { A: ['127.0.0.1', '169.254.169.254'] },
    'fine.test': { A: ['127.0.0.1'] },
    'api.test': { A: ['127.0.0.7'] },
  };
  let dns: Awaited<ReturnType<typeof startDnsServer>>;
  let guard: ReturnType<typeof guardWith>;
  before(async () => {
    dns = await startDnsServer((name, type) => answers[name]?.[type] ?? []);
    guard = guardWith({ dnsServers: [dns.address] });
  });
  after(() => dns.close());

  const refused: [host: string, message: RegExp][] = [
    ['mapped.test', /'mapped\.test' resolves to link-local\/metadata address 169\.254\.169\.254; refused/],
    ['mapped-alibaba.test', /100\.100\.100\.200; refused/],
    ['nat64.test', /169\.254\.169\.254 \(embedded in 64:ff9b::a9fe:a9fe\)/],
    ['sixtofour.test', /169\.254\.169\.254 \(embedded in 2002:a9fe:a9fe::1\)/],
    ['compat.test', /link-local\/metadata address 169\.254\.169\.254/],
    ['wireserver.test', /168\.63\.129\.16/],
    ['oracle.test', /192\.0\.0\.192/],
    ['linklocal6.test', /fe80::1/],
    ['zero.test', /unspecified address 0\.0\.0\.0/],
    ['one-bad-answer.test', /169\.254\.169\.254/],
  ];
  for (const [host, message] of refused) {
    test(`refuses a host whose answer is refused: ${host}`, async () => {
      await assert.rejects(lookup(guard, `http://${host}/`), (err) => err instanceof ForbiddenAddressError && message.test(err.message));
    });
  }

  test('an allowed answer is handed to the socket as resolved', async () => {
    assert.deepEqual(await lookup(guard, 'http://fine.test/'), ['127.0.0.1']);
  });

  test('the HTTP client connects through the lookup: a refused answer never gets a request', async () => {
    const server = await startHttpServer((_req, res) => json(res, 200, { ok: true }));
    try {
      const port = new URL(server.url).port;
      const ok = await httpCall(guard, new URL(`http://fine.test:${port}/hook`), { method: 'GET', headers: {} });
      assert.deepEqual(ok.body, { ok: true });
      await assert.rejects(httpCall(guard, new URL(`http://one-bad-answer.test:${port}/hook`), { method: 'GET', headers: {} }), ForbiddenAddressError);
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });

  test("the API's own address by name, resolved by the same resolver", async () => {
    const named = guardWith({ dnsServers: [dns.address], apiAddresses: [{ host: 'api.test', port: 8084 }] });
    assert.match(await refusal(named, 'http://127.0.0.7:8084/credentials'), /the Gennaker API's own address 127\.0\.0\.7:8084; refused/);
    await named.checkUrl(new URL('http://127.0.0.7:8085/'));
  });
});

describe('webhook address guard: operator lists and the API address', () => {
  test('GENNAKER_WEBHOOK_DENY_CIDRS closes ranges, in every spelling; ALLOW_CIDRS makes exceptions', async () => {
    const guard = guardWith({
      denyCidrs: parseCidrList('127.0.0.0/8, ::1/128, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7'),
      allowCidrs: parseCidrList('10.1.2.3, 127.0.0.5/32'),
    });
    for (const url of ['http://127.0.0.1/', 'http://[::ffff:127.0.0.1]/', 'http://2130706433/', 'http://[::1]/', 'http://10.9.9.9/', 'http://[fd12::1]/', 'http://[64:ff9b::a09:909]/']) {
      assert.match(await refusal(guard, url), /closed by GENNAKER_WEBHOOK_DENY_CIDRS/, url);
    }
    for (const url of ['http://10.1.2.3/', 'http://[::ffff:10.1.2.3]/', 'http://127.0.0.5/', 'http://8.8.8.8/']) await guard.checkUrl(new URL(url));
  });

  test('the allow list cannot open metadata addresses', async () => {
    const guard = guardWith({ allowCidrs: parseCidrList('169.254.0.0/16, 0.0.0.0/0') });
    assert.match(await refusal(guard, 'http://169.254.169.254/'), /link-local\/metadata/);
  });

  test("the API's own address and port, in every spelling; other ports stay open", async () => {
    const guard = guardWith({ apiAddresses: [{ host: '127.0.0.1', port: 8084 }] });
    for (const url of ['http://127.0.0.1:8084/credentials', 'http://[::ffff:127.0.0.1]:8084/', 'http://2130706433:8084/']) {
      assert.match(await refusal(guard, url), /the Gennaker API's own address 127\.0\.0\.1:8084/, url);
    }
    await guard.checkUrl(new URL('http://127.0.0.1:8085/'));
  });

  test('an API listening on every address (0.0.0.0): loopback and every address of this machine on its port', async () => {
    const guard = guardWith({ apiAddresses: [{ host: '0.0.0.0', port: 8084 }] });
    // (Link-local interface addresses are refused as link-local before the API check.)
    const own = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address)).filter((a) => !a.startsWith('fe80:'));
    for (const address of ['127.0.0.1', '127.9.9.9', '::1', ...own]) {
      const host = address.includes(':') ? `[${address}]` : address;
      assert.match(await refusal(guard, `http://${host}:8084/`), /the Gennaker API's own address/, address);
    }
    await guard.checkUrl(new URL('http://127.0.0.1:9999/'));
  });
});
