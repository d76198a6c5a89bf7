import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES } from './reference';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'gennaker.js');
const REQUEST = join(FIXTURES, 'request-checkout.json');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function gennaker(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

describe('gennaker canary judge', () => {
  it('judges a request file and prints the result JSON', async () => {
    const run = await gennaker(['canary', 'judge', REQUEST]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.judgeName, 'NetflixACAJudge-v1.0');
    assert.deepEqual([result.score.score, result.score.classification], [60, 'Marginal']);
  });

  it('reads standard input when no file is given', async () => {
    const run = await gennaker(['canary', 'judge'], readFileSync(REQUEST, 'utf8'));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).results.length, 4);
  });

  it('exits 2 and names the field for a bad request', async () => {
    const bad = JSON.parse(readFileSync(REQUEST, 'utf8'));
    bad.canaryConfig.metrics[2].analysisConfigurations.canary.nanStrategy = 'drop';
    bad.metricSetPairList[0].values.experiment[5] = 'fast';
    const run = await gennaker(['canary', 'judge'], JSON.stringify(bad));
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /canaryConfig\.metrics\[2\]\.analysisConfigurations\.canary\.nanStrategy: Invalid enum value/);
    assert.match(run.stderr, /metricSetPairList\[0\]\.values\.experiment\[5\]: must be a finite number, null or "NaN", got "fast"/);
  });

  it('exits 2 for input that is not JSON, a missing file or an unknown command', async () => {
    const notJson = await gennaker(['canary', 'judge'], '{"canaryConfig": ');
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /standard input is not valid JSON/);
    const missing = await gennaker(['canary', 'judge', join(FIXTURES, 'no-such-file.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*no-such-file\.json/);
    const unknown = await gennaker(['canary', 'deploy']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "canary deploy"/);
  });

  it('prints usage', async () => {
    const run = await gennaker(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /canary judge \[FILE\]/);
  });
});
