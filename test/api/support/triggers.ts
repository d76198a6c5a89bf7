/** Helpers for the trigger tests: fixtures, signatures, pipelines with triggers, reading executions. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineExecution } from '../../../workflows/model/execution';
import { type ApiHarness, type JsonBody, eventually } from './harness';

/** A recorded-shape payload from test/fixtures/triggers, as text (signatures cover the exact bytes). */
export function fixtureText(name: string): string {
  return readFileSync(join(__dirname, '..', '..', 'fixtures', 'triggers', name), 'utf8');
}

/** A fixture parsed, with `edit` applied. */
export function fixture(name: string, edit: (body: JsonBody) => void = () => {}): JsonBody {
  const body = JSON.parse(fixtureText(name));
  edit(body);
  return body;
}

/** GitHub's `X-Hub-Signature-256` of a body. */
export const githubSignature = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A pipeline with one long wait (so an execution stays RUNNING) and the given triggers. */
export function triggeredPipeline(application: string, name: string, triggers: unknown[], extra: Record<string, unknown> = {}) {
  return {
    application,
    name,
    stages: [{ refId: '1', type: 'wait', name: 'Hold', waitTime: 600 }],
    triggers,
    limitConcurrent: false,
    ...extra,
  };
}

/** Saves a config and returns it as stored (with trigger ids). */
export async function savePipeline(api: ApiHarness, config: unknown): Promise<JsonBody> {
  const res = await api.request('POST', '/pipelines', config);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** Waits until the execution is RUNNING and returns its document. */
export function runningExecution(api: ApiHarness, id: string): Promise<PipelineExecution> {
  return eventually(async () => {
    const res = await api.request<PipelineExecution>('GET', `/pipelines/${id}`);
    return res.status === 200 && res.body.status === 'RUNNING' ? res.body : undefined;
  }, `execution ${id} RUNNING`, 30_000);
}

/** Cancels executions so the test worker has nothing left running. */
export async function cancelAll(api: ApiHarness, ids: Iterable<string>): Promise<void> {
  for (const id of ids) await api.request('PUT', `/pipelines/${id}/cancel`);
}
