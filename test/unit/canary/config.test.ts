import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { canaryConfigSchema, formatPath, validateCanaryConfig, validateJudgeRequest } from '../../../canary';
import { FIXTURES } from './reference';

const checkout = JSON.parse(readFileSync(join(FIXTURES, 'request-checkout.json'), 'utf8'));

describe('canary config validation', () => {
  it('accepts a Kayenta config and keeps fields it does not know', () => {
    const config = { ...checkout.canaryConfig, configVersion: '1', createdTimestamp: 1700000000000, metrics: [{ ...checkout.canaryConfig.metrics[0], extra: { a: 1 } }] };
    assert.deepEqual(validateCanaryConfig(config), []);
    const parsed = canaryConfigSchema.parse(config);
    assert.equal((parsed as Record<string, unknown>).configVersion, '1');
    assert.deepEqual((parsed.metrics[0] as Record<string, unknown>).extra, { a: 1 });
  });

  it('names each bad field by its JSON path', () => {
    const config = structuredClone(checkout.canaryConfig);
    config.metrics[1].analysisConfigurations.canary.direction = 'up';
    config.metrics[2].analysisConfigurations.canary.outliers.outlierFactor = -1;
    delete config.metrics[0].query;
    const problems = validateCanaryConfig(config);
    assert.deepEqual(
      problems.map((p) => p.path),
      ['metrics[0].query', 'metrics[1].analysisConfigurations.canary.direction', 'metrics[2].analysisConfigurations.canary.outliers.outlierFactor'],
    );
    assert.match(problems[0].message, /is required/);
    assert.match(problems[1].message, /'increase' \| 'decrease' \| 'either'/);
  });

  it('rejects duplicate metric names, weights above 100 and unknown judges', () => {
    const config = structuredClone(checkout.canaryConfig);
    config.metrics.push({ ...config.metrics[0] });
    config.classifier.groupWeights = { latency: 80, errors: 30 };
    assert.deepEqual(
      validateCanaryConfig(config).map((p) => p.path),
      ['metrics[4].name', 'classifier.groupWeights'],
    );
    assert.deepEqual(validateCanaryConfig({ ...checkout.canaryConfig, judge: { name: 'dredd-v1.0' } }).map((p) => p.path), ['judge.name']);
  });

  it('validates the request around the config', () => {
    const bad = structuredClone(checkout);
    bad.metricSetPairList[0].values.control[3] = 'slow';
    bad.scoreThresholds = { pass: 40, marginal: 60 };
    assert.deepEqual(
      validateJudgeRequest(bad).map((p) => p.path),
      ['metricSetPairList[0].values.control[3]', 'scoreThresholds.marginal'],
    );
    const unknown = structuredClone(checkout);
    unknown.metricSetPairList[1].name = 'latency_p95';
    assert.deepEqual(validateJudgeRequest(unknown), [{ path: 'metricSetPairList[1].name', message: 'no metric named "latency_p95" in canaryConfig.metrics' }]);
  });

  it('requires the sequential plan for the sequential judge', () => {
    const req = structuredClone(checkout);
    req.canaryConfig.judge.name = 'GennakerSequential';
    assert.deepEqual(validateJudgeRequest(req).map((p) => p.path), ['sequential']);
    req.sequential = { look: 11, totalLooks: 10 };
    assert.deepEqual(validateJudgeRequest(req).map((p) => p.path), ['sequential.look']);
  });

  it('formats paths like JavaScript accessors', () => {
    assert.equal(formatPath(['metrics', 2, 'name']), 'metrics[2].name');
    assert.equal(formatPath(['classifier', 'groupWeights', 'pod group']), 'classifier.groupWeights["pod group"]');
    assert.equal(formatPath([]), '');
  });
});
