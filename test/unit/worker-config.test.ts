import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMetricProviders } from '../../activities/metrics/factory';
import { parseWorkerConfig } from '../../worker/config';

const DB = 'postgresql://postgres@127.0.0.1:5432/gennaker';

/** The message parseWorkerConfig throws for `env`. */
function problem(env: NodeJS.ProcessEnv): string {
  try {
    parseWorkerConfig(env);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('worker configuration: GENNAKER_METRICS_ACCOUNTS', () => {
  test('unset or empty: the synthetic account only', () => {
    for (const value of [undefined, '', '  ']) {
      const config = parseWorkerConfig({ DATABASE_URL: DB, GENNAKER_METRICS_ACCOUNTS: value });
      assert.deepEqual(config.GENNAKER_METRICS_ACCOUNTS, [{ name: 'synthetic', type: 'synthetic' }]);
    }
  });

  test('a JSON array of accounts, ready for the provider factory', () => {
    const accounts = [
      { name: 'prom', type: 'prometheus', baseUrl: 'http://127.0.0.1:9090', scopeLabel: 'pod' },
      { name: 'demo', type: 'synthetic' },
    ];
    const config = parseWorkerConfig({ DATABASE_URL: DB, GENNAKER_METRICS_ACCOUNTS: JSON.stringify(accounts) });
    assert.deepEqual(config.GENNAKER_METRICS_ACCOUNTS, accounts);
    assert.deepEqual(createMetricProviders(config.GENNAKER_METRICS_ACCOUNTS).accounts(), [
      { name: 'prom', type: 'prometheus' },
      { name: 'demo', type: 'synthetic' },
    ]);
  });

  test('not JSON, or not an array: the message shows the expected shape', () => {
    assert.match(problem({ DATABASE_URL: DB, GENNAKER_METRICS_ACCOUNTS: '[{oops' }), /GENNAKER_METRICS_ACCOUNTS: must be a JSON array of metrics accounts, e\.g\. \[\{"name":"prometheus"/);
    assert.match(problem({ DATABASE_URL: DB, GENNAKER_METRICS_ACCOUNTS: '{"name":"x"}' }), /GENNAKER_METRICS_ACCOUNTS: must be a JSON array/);
    assert.match(problem({ DATABASE_URL: DB, GENNAKER_METRICS_ACCOUNTS: '[]' }), /GENNAKER_METRICS_ACCOUNTS: needs at least one metrics account/);
  });

  test('every bad account field is named by its path, together with other bad variables', () => {
    const message = problem({
      GENNAKER_METRICS_ACCOUNTS: JSON.stringify([
        { name: 'prom', type: 'prometheus', baseUrl: 'not a url' },
        { name: 'x', type: 'datadog' },
        { name: 'prom', type: 'synthetic' },
      ]),
    });
    assert.match(message, /^invalid worker configuration:/);
    assert.match(message, /DATABASE_URL:/);
    assert.match(message, /GENNAKER_METRICS_ACCOUNTS\[0\]\.baseUrl: /);
    assert.match(message, /GENNAKER_METRICS_ACCOUNTS\[1\]\.type: .*'prometheus' \| 'synthetic'/);
    assert.doesNotMatch(message, /configured twice/, 'duplicates are checked once the accounts themselves are valid');

    const duplicate = problem({ DATABASE_URL: DB, GENNAKER_METRICS_ACCOUNTS: '[{"name":"a","type":"synthetic"},{"name":"a","type":"synthetic"}]' });
    assert.match(duplicate, /GENNAKER_METRICS_ACCOUNTS\[1\]\.name: 'a' is configured twice/);
  });
});
