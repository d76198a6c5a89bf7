/** Runs Spinnaker's real `spin` CLI (v1.30.0) against a test API, with its own HOME and config. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The spin binary: SPIN_CLI (set by the test runner, which builds it once), else .tools/bin. */
const spinPath = process.env.SPIN_CLI ?? resolve(__dirname, '../../../.tools/bin/spin');

export interface SpinResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Spin {
  /** A scratch directory for files to pass with `--file`. */
  dir: string;
  run(...args: string[]): Promise<SpinResult>;
  /** Runs spin, asserts success and parses its JSON output. */
  json(...args: string[]): Promise<unknown>;
  /** Writes `value` as JSON into the scratch directory and returns the path. */
  file(name: string, value: unknown): string;
  cleanup(): void;
}

export function createSpin(gateEndpoint: string): Spin {
  const dir = mkdtempSync(join(tmpdir(), 'gennaker-spin-'));
  writeFileSync(join(dir, 'config'), `gate:\n  endpoint: ${gateEndpoint}\n`);

  const run = (...args: string[]) =>
    new Promise<SpinResult>((done) => {
      const child = execFile(
        spinPath,
        ['--config', join(dir, 'config'), '--gate-endpoint', gateEndpoint, ...args],
        { env: { ...process.env, HOME: dir, NO_COLOR: '1' }, timeout: 90_000 },
        (err, stdout, stderr) => done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      // spin reads JSON from stdin when no file is given: give it an empty one.
      child.stdin?.end();
    });

  return {
    dir,
    run,
    async json(...args) {
      const result = await run(...args);
      assert.equal(result.code, 0, `spin ${args.join(' ')}: ${result.stderr}${result.stdout}`);
      return JSON.parse(result.stdout) as unknown;
    },
    file(name, value) {
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(value, null, 1));
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
