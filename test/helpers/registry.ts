/**
 * A real CNCF distribution registry for a test file, with its notifications sent to a URL, and
 * crane to push to it. Both binaries come from scripts/ensure-registry-tools.sh (REGISTRY_BIN,
 * CRANE_BIN, set by the test runner).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { testEnv } from './env';

const run = promisify(execFile);

export interface RegistryServer {
  /** `127.0.0.1:<port>`, as clients (and the registry's events) name it. */
  host: string;
  /** Pushes a one-layer image made from `files` as `repository:tag` with crane; returns its digest. */
  push(repository: string, tag: string, files: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
}

function tool(name: 'REGISTRY_BIN' | 'CRANE_BIN'): string {
  const path = process.env[name];
  if (!path) throw new Error(`${name} is not set: run through npm test (scripts/ensure-registry-tools.sh builds it)`);
  return path;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a registry on a free loopback port whose push notifications go to `notifyUrl`. */
export async function startRegistry(notifyUrl: string): Promise<RegistryServer> {
  const dir = join(testEnv().runDir, `registry-${randomUUID().slice(0, 8)}`);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    'http:',
    `  addr: ${host}`,
    'notifications:',
    '  endpoints:',
    '    - name: gennaker',
    `      url: ${notifyUrl}`,
    '      timeout: 5s',
    '      threshold: 3',
    '      backoff: 1s',
    '      ignore:',
    '        mediatypes:',
    '          - application/octet-stream',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'config.yml'), config);
  // OTEL_TRACES_EXPORTER=none: the registry would otherwise try to export traces to localhost:4318.
  const child = spawn(tool('REGISTRY_BIN'), ['serve', join(dir, 'config.yml')], {
    stdio: 'ignore',
    env: { ...process.env, OTEL_TRACES_EXPORTER: 'none' },
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`http://${host}/v2/`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the registry did not start on ${host}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    host,
    async push(repository, tag, files) {
      const layerDir = join(dir, `layer-${randomUUID().slice(0, 8)}`);
      mkdirSync(layerDir);
      for (const [name, content] of Object.entries(files)) writeFileSync(join(layerDir, name), content);
      const tarball = `${layerDir}.tar`;
      await run('tar', ['-cf', tarball, '-C', layerDir, '.']);
      const ref = `${host}/${repository}:${tag}`;
      await run(tool('CRANE_BIN'), ['append', '--insecure', '-f', tarball, '-t', ref]);
      const { stdout } = await run(tool('CRANE_BIN'), ['digest', '--insecure', ref]);
      return stdout.trim();
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
