import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../../api/errors';
import { idempotentExecutionId, newUlid } from '../../api/ids';
import { intParam, listParam } from '../../api/query-params';
import { statusesParam } from '../../api/statuses';
import { executionListQuery, quote } from '../../api/temporal/visibility';
import { jsonPath } from '../../api/validation';

describe('query parameters', () => {
  test('lists: comma-separated or repeated; empty means no filter', () => {
    assert.deepEqual(listParam('a,b, c'), ['a', 'b', 'c']);
    assert.deepEqual(listParam(['a', 'b,c']), ['a', 'b', 'c']);
    assert.equal(listParam(''), undefined);
    assert.equal(listParam(undefined), undefined);
    assert.equal(listParam(' , '), undefined);
  });

  test('integers within bounds; empty is absent; anything else a 400 naming the parameter', () => {
    assert.equal(intParam('5', 'limit', { min: 1, max: 10 }), 5);
    assert.equal(intParam('', 'limit', { min: 1, max: 10 }), undefined);
    for (const bad of ['0', '11', '2.5', 'x']) {
      assert.throws(
        () => intParam(bad, 'limit', { min: 1, max: 10 }),
        (err: unknown) => err instanceof ApiError && err.status === 400 && err.errors[0].path === 'query.limit',
      );
    }
  });

  test('statuses: upper-cased; unknown ones are a 400', () => {
    assert.deepEqual(statusesParam('running,Terminal'), ['RUNNING', 'TERMINAL']);
    assert.equal(statusesParam(''), undefined);
    assert.throws(() => statusesParam('RUNNING,DONE'), /DONE/);
  });

  test('JSON paths', () => {
    assert.equal(jsonPath(['stages', 1, 'refId']), 'stages[1].refId');
    assert.equal(jsonPath([0, 'name']), '[0].name');
    assert.equal(jsonPath(['limit'], 'query'), 'query.limit');
  });
});

describe('visibility queries', () => {
  test('quotes escape backslashes and quotes', () => {
    assert.equal(quote(`it's \\ here`), `'it\\'s \\\\ here'`);
  });

  test('filters by application, config ids and statuses', () => {
    assert.equal(
      executionListQuery({ application: 'app', pipelineConfigIds: ['a', 'b'], statuses: ['RUNNING'] }),
      "WorkflowType = 'pipelineWorkflow' AND ExecutionStatus != 'ContinuedAsNew' AND GennakerApplication = 'app'" +
        " AND GennakerPipelineConfigId IN ('a', 'b') AND GennakerStatus IN ('RUNNING')",
    );
  });

  test('asking for TERMINAL or CANCELED also finds runs closed abnormally', () => {
    assert.match(
      executionListQuery({ statuses: ['CANCELED'] }),
      /\(GennakerStatus IN \('CANCELED'\) OR ExecutionStatus IN \('Failed', 'Terminated', 'TimedOut', 'Canceled'\)\)$/,
    );
  });
});

describe('execution ids', () => {
  test('ULIDs: 26 Crockford characters, ordered by time', () => {
    const a = newUlid(1_700_000_000_000);
    const b = newUlid(1_700_000_000_001);
    assert.match(a, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.ok(a.slice(0, 10) < b.slice(0, 10));
    assert.notEqual(newUlid(), newUlid());
  });

  test('idempotent ids: stable per application, config and key; UUID-shaped', () => {
    const id = idempotentExecutionId('app', 'cfg', 'key-1');
    assert.equal(id, idempotentExecutionId('app', 'cfg', 'key-1'));
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(id, idempotentExecutionId('app', 'cfg', 'key-2'));
    assert.notEqual(id, idempotentExecutionId('app', 'other', 'key-1'));
  });
});
