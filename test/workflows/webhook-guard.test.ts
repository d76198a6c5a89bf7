import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { parseCidrList } from '../../activities/webhook/address-policy';
import { MAX_BODY_BYTES, TRUNCATED_MARKER } from '../../activities/webhook/response-bounds';
import { startDnsServer } from '../helpers/dns-server';
import { json } from '../helpers/http-server';
import { pipelineConfig, result, stage, startPipeline } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

/**
 * 127.0.0.3 stands in for a metadata service: the worker under test closes it with
 * GENNAKER_WEBHOOK_DENY_CIDRS, and a real server listens there to show whether anything arrives.
 * The allowed webhook receiver listens on 127.0.0.1, on the same port.
 */
const STAND_IN = '127.0.0.3';

interface LocalServer {
  port: number;
  requests: string[];
  close(): Promise<void>;
}

/** A real HTTP server on `host:port` (port 0: any) that records "METHOD path" of each request. */
async function serve(host: string, port: number, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    port: (server.address() as { port: number }).port,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const webhook = (extra: object) => ({ refId: 'hook', type: 'webhook', name: 'Hook', method: 'POST', ...extra });
const errorOf = (execution: Awaited<ReturnType<typeof result>>) => stage(execution, 'hook').exception?.details.error ?? '';

describe('webhook guard through the real worker', () => {
  let worker: TestWorker;
  let dns: Awaited<ReturnType<typeof startDnsServer>>;
  let receiver: LocalServer;
  let metadata: LocalServer;
  let receiverAnswer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => json(res, 200, {});

  before(async () => {
    // rebind.test answers the receiver once, then the stand-in: a rebinding attacker's DNS.
    dns = await startDnsServer((name, type, earlier) => (name === 'rebind.test' && type === 'A' ? [earlier === 0 ? '127.0.0.1' : STAND_IN] : []));
    receiver = await serve('127.0.0.1', 0, (req, res) => receiverAnswer(req, res));
    metadata = await serve(STAND_IN, receiver.port, (_req, res) => json(res, 200, { secret: 'instance credentials' }));
    worker = await startTestWorker({ webhook: { allowLinkLocal: false, denyCidrs: parseCidrList(`${STAND_IN}/32`), dnsServers: [dns.address] } });
  });
  after(async () => {
    await worker.shutdown();
    await Promise.all([receiver.close(), metadata.close(), dns.close()]);
  });

  const run = async (stages: object[]) => result(await startPipeline(worker.client, worker.taskQueue, pipelineConfig(stages as never)));

  it('refuses IPv4-mapped and other spellings of a refused address, before any request', async () => {
    const p = receiver.port;
    const urls: [string, RegExp][] = [
      ['http://[::ffff:169.254.169.254]/latest/meta-data', /link-local\/metadata address 169\.254\.169\.254; refused/],
      ['http://[::ffff:100.100.100.200]/latest/meta-data', /link-local\/metadata address 100\.100\.100\.200; refused/],
      ['http://[64:ff9b::a9fe:a9fe]/', /169\.254\.169\.254 \(embedded in 64:ff9b::a9fe:a9fe\)/],
      ['http://168.63.129.16/machine', /link-local\/metadata address 168\.63\.129\.16/],
      [`http://[::ffff:${STAND_IN}]:${p}/`, /address 127\.0\.0\.3 \(closed by GENNAKER_WEBHOOK_DENY_CIDRS\); refused/],
      [`http://[::ffff:7f00:3]:${p}/`, /address 127\.0\.0\.3 \(closed by GENNAKER_WEBHOOK_DENY_CIDRS\)/],
      [`http://2130706435:${p}/`, /address 127\.0\.0\.3 \(closed by GENNAKER_WEBHOOK_DENY_CIDRS\)/],
    ];
    const executions = await Promise.all(urls.map(([url]) => run([webhook({ url })])));
    executions.forEach((execution, i) => {
      assert.equal(execution.status, 'TERMINAL', urls[i][0]);
      assert.match(errorOf(execution), urls[i][1], urls[i][0]);
    });
    assert.deepEqual(metadata.requests, []);
  });

  const remoteChosen: [resolution: string, answer: (res: ServerResponse) => void, message: RegExp][] = [
    ['webhookResponse, the stand-in', (res) => json(res, 200, { links: { status: `http://[::ffff:${STAND_IN}]:${receiver.port}/status` } }), /127\.0\.0\.3 \(closed by GENNAKER_WEBHOOK_DENY_CIDRS\)/],
    ['webhookResponse, IPv4-mapped metadata', (res) => json(res, 200, { links: { status: 'http://[::ffff:a9fe:a9fe]/latest/meta-data' } }), /link-local\/metadata address 169\.254\.169\.254/],
    ['locationHeader', (res) => json(res, 202, {}, { Location: `http://${STAND_IN}:${receiver.port}/status` }), /127\.0\.0\.3 \(closed by GENNAKER_WEBHOOK_DENY_CIDRS\)/],
  ];
  for (const [resolution, answer, message] of remoteChosen) {
    it(`checks a status URL the remote server chose (${resolution}) before polling it`, async () => {
      receiverAnswer = (_req, res) => answer(res);
      const statusUrlResolution = resolution.split(',')[0];
      const before = receiver.requests.length;
      const done = await run([
        webhook({
          url: `http://127.0.0.1:${receiver.port}/start`,
          waitForCompletion: true,
          statusUrlResolution,
          statusUrlJsonPath: '$.links.status',
          statusJsonPath: 'state',
          successStatuses: 'OK',
          pollIntervalSeconds: 0.1,
        }),
      ]);
      assert.equal(done.status, 'TERMINAL');
      assert.match(errorOf(done), message);
      assert.deepEqual(receiver.requests.slice(before), ['POST /start']);
      assert.deepEqual(metadata.requests, []);
    });
  }

  it('does not follow redirects: a 3xx is the answer, its target gets nothing', async () => {
    receiverAnswer = (_req, res) => json(res, 302, {}, { Location: `http://${STAND_IN}:${receiver.port}/latest/meta-data` });
    const done = await run([webhook({ url: `http://127.0.0.1:${receiver.port}/moved` })]);
    assert.equal(done.status, 'SUCCEEDED');
    assert.equal((stage(done, 'hook').context.webhook as { statusCode: number }).statusCode, 302);
    assert.deepEqual(metadata.requests, []);
  });

  it('checks the address the socket connects to: a DNS answer rebound to a refused address between requests is caught', async () => {
    let polls = 0;
    receiverAnswer = (req, res) => (req.method === 'POST' ? json(res, 202, { id: 1 }) : json(res, 200, { state: ++polls < 100 ? 'RUNNING' : 'OK' }));
    const before = receiver.requests.length;
    const done = await run([
      webhook({
        url: `http://rebind.test:${receiver.port}/jobs`,
        waitForCompletion: true,
        statusJsonPath: 'state',
        successStatuses: 'OK',
        pollIntervalSeconds: 0.1,
      }),
    ]);
    assert.equal(done.status, 'TERMINAL');
    assert.match(errorOf(done), /webhook host 'rebind\.test' resolves to address 127\.0\.0\.3 \(closed by GENNAKER_WEBHOOK_DENY_CIDRS\); refused/);
    // The first answer (the receiver) carried the call; the rebound one never got a request.
    assert.deepEqual(receiver.requests.slice(before), ['POST /jobs']);
    assert.deepEqual(metadata.requests, []);
    assert.ok(dns.queries.filter((q) => q.name === 'rebind.test' && q.type === 'A').length >= 2, 'each request resolved the name itself');
  });

  it('keeps a large response as truncated text and repairs lone surrogates, so the execution completes', async () => {
    const big = { data: 'x'.repeat(4 * MAX_BODY_BYTES) };
    receiverAnswer = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(req.url === '/big' ? JSON.stringify(big) : '{"name":"\\ud800 lone","\\udc00":["\\ud83d"]}');
    };
    const [large, broken] = await Promise.all([
      run([webhook({ url: `http://127.0.0.1:${receiver.port}/big` })]),
      run([webhook({ url: `http://127.0.0.1:${receiver.port}/surrogates` })]),
    ]);
    assert.equal(large.status, 'SUCCEEDED');
    const body = (stage(large, 'hook').context.webhook as { body: string }).body;
    assert.equal(typeof body, 'string');
    assert.ok(body.endsWith(TRUNCATED_MARKER));
    assert.equal(body.length, MAX_BODY_BYTES + TRUNCATED_MARKER.length);
    assert.equal(broken.status, 'SUCCEEDED');
    assert.deepEqual((stage(broken, 'hook').context.webhook as { body: unknown }).body, { name: '\uFFFD lone', '\uFFFD': ['\uFFFD'] });
  });
});
