import { Worker } from '@temporalio/worker';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { testEnv } from '../helpers/env';

const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replaying recorded histories with the current workflow code', () => {
  it('has recorded histories to replay', () => assert.ok(files.length > 0));

  for (const file of files) {
    it(`replays ${file} without nondeterminism`, async () => {
      const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      await Worker.runReplayHistory({ workflowBundle: { codePath: testEnv().workflowBundle } }, history, `replay-${file}`);
    });
  }
});
