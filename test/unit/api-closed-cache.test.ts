import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClosedExecutionCache } from '../../api/temporal/closed-cache';
import type { PipelineExecution } from '../../workflows/model/execution';

const doc = (id: string) => ({ id }) as PipelineExecution;

describe('ClosedExecutionCache', () => {
  it('returns what was stored and evicts the least recently used entry past its capacity', () => {
    const cache = new ClosedExecutionCache(2);
    cache.set('a', doc('a'));
    cache.set('b', doc('b'));
    assert.equal(cache.get('a')?.id, 'a'); // a is now the most recently used
    cache.set('c', doc('c'));
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a')?.id, 'a');
    assert.equal(cache.get('c')?.id, 'c');
  });
});
