/**
 * Cron triggers end to end: the real API saves pipelines, the reconciler keeps real Temporal
 * Schedules, the Temporal server fires them and a real worker runs the executions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createServer, type AddressInfo } from 'node:net';
import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import { createCronReconciler } from '../../api/cron/reconciler';
import { createPipelineStore } from '../../prisma/pipeline-store';
import { createPipelineTriggerQuery } from '../../prisma/pipeline-trigger-query';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { type ApiHarness, type JsonBody, eventually, startApi, uniqueName } from './support/harness';

const scheduleIdOf = (pipelineId: string, triggerId: string) => `gennaker-cron-${pipelineId}-${triggerId}`;

function cronPipeline(application: string, cronExpression: string, trigger: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    application,
    name: 'nightly',
    stages: [{ refId: '1', type: 'noop', name: 'Do it' }],
    parameterConfig: [{ name: 'env', default: 'staging' }],
    triggers: [{ type: 'cron', id: 'every', enabled: true, cronExpression, ...trigger }],
    ...extra,
  };
}

describe('cron triggers', () => {
  let worker: TestWorker;
  let api: ApiHarness;
  before(async () => {
    worker = await startTestWorker();
    api = await startApi({ taskQueue: worker.taskQueue, cron: true });
  });
  after(async () => {
    await api.close();
    await worker.shutdown();
  });

  const schedule = (id: string) => api.temporal.schedule.getHandle(id);
  const exists = async (id: string) => {
    try {
      await schedule(id).describe();
      return true;
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return false;
      throw err;
    }
  };
  const save = async (body: unknown) => {
    const res = await api.request('POST', '/pipelines', body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as JsonBody;
  };

  test('a per-second expression fires executions with a cron trigger; disabling the trigger deletes the Schedule', async () => {
    const app = uniqueName('cron');
    const saved = await save(cronPipeline(app, '*/2 * * * * ?', { runAsUser: 'robot' }));
    const id = scheduleIdOf(saved.id, 'every');
    assert.ok(await exists(id), 'the save created the Schedule');

    const executions: JsonBody[] = await eventually(async () => {
      const res = await api.request('GET', `/applications/${app}/pipelines?statuses=SUCCEEDED`);
      return res.body.length >= 2 ? res.body : undefined;
    }, 'two cron executions', 30_000);
    for (const execution of executions) {
      assert.equal(execution.pipelineConfigId, saved.id);
      assert.ok(execution.id.startsWith(id), execution.id);
      assert.deepEqual(
        { type: execution.trigger.type, user: execution.trigger.user, cronExpression: execution.trigger.cronExpression, parameters: execution.trigger.parameters },
        { type: 'cron', user: 'robot', cronExpression: '*/2 * * * * ?', parameters: { env: 'staging' } },
      );
      assert.ok(execution.buildTime > Number(saved.updateTs), 'buildTime is the fire time, not the save time');
    }
    const byType = await eventually(async () => {
      const ids: string[] = [];
      for await (const info of api.temporal.workflow.list({ query: `GennakerTriggerType = 'cron' AND GennakerPipelineConfigId = '${saved.id}'` })) ids.push(info.workflowId);
      return ids.length >= 2 ? ids : undefined;
    }, 'visibility by trigger type');
    assert.ok(byType.every((w) => w.startsWith(id)));

    const disabled = await save({ ...saved, triggers: [{ ...saved.triggers[0], enabled: false }] });
    assert.equal(disabled.version, 2);
    assert.equal(await exists(id), false, 'disabling the trigger deleted the Schedule');
  });

  test('editing the expression updates the Schedule; its next fire times agree with /cron/validate', async () => {
    const app = uniqueName('cron');
    const saved = await save(cronPipeline(app, '0 0 3 * * ?'));
    const id = scheduleIdOf(saved.id, 'every');
    const expression = '0 30 9 ? * 6L';
    const timezone = 'America/New_York';
    await save({ ...saved, triggers: [{ ...saved.triggers[0], cronExpression: expression, cronTimezone: timezone }] });

    const description = await schedule(id).describe();
    assert.equal(description.spec.timezone, timezone);
    const validated = await api.request('GET', `/cron/validate?expression=${encodeURIComponent(expression)}&timezone=${encodeURIComponent(timezone)}`);
    assert.equal(validated.body.valid, true);
    const fromTemporal = description.info.nextActionTimes.map((d) => d.toISOString());
    assert.ok(fromTemporal.length >= 5, JSON.stringify(fromTemporal));
    assert.deepEqual(fromTemporal.slice(0, 5), validated.body.nextFireTimes);
    // Last Fridays at 09:30 in New York.
    for (const time of fromTemporal) {
      const local = new Date(new Date(time).toLocaleString('en-US', { timeZone: timezone }));
      assert.equal(local.getDay(), 5);
      assert.equal(local.getHours() * 60 + local.getMinutes(), 9 * 60 + 30);
    }
    assert.equal(description.policies.overlap, 'ALLOW_ALL');

    await save({ ...saved, limitConcurrent: true, keepWaitingPipelines: true });
    assert.equal((await schedule(id).describe()).policies.overlap, 'BUFFER_ONE');
  });

  test('disabling, deleting and restoring the pipeline removes and brings back its Schedule', async () => {
    const app = uniqueName('cron');
    const created = await api.request('POST', '/tasks', { job: [{ type: 'createApplication', application: { name: app, email: 'team@example.com' } }] });
    assert.equal(created.status, 200);
    const saved = await save(cronPipeline(app, '0 0 3 * * ?'));
    const id = scheduleIdOf(saved.id, 'every');
    assert.ok(await exists(id));

    await save({ ...saved, disabled: true });
    assert.equal(await exists(id), false, 'disabled pipeline');
    const enabled = await save({ ...saved, disabled: false });
    assert.ok(await exists(id), 'enabled again');

    const deleted = await api.request('DELETE', `/pipelines/${app}/nightly`);
    assert.equal(deleted.status, 200);
    assert.equal(await exists(id), false, 'deleted pipeline');

    const restored = await api.request('POST', `/pipelineConfigs/${saved.id}/restore/${enabled.version}`);
    assert.equal(restored.status, 200);
    assert.ok(await exists(id), 'restored pipeline');

    // Deleting the application deletes its pipelines, and so their Schedules.
    const task = await api.request('POST', '/tasks', { job: [{ type: 'deleteApplication', application: { name: app } }] });
    assert.equal(task.status, 200);
    assert.equal((await api.request('GET', `/applications/${app}/pipelineConfigs/nightly`)).status, 404);
    assert.equal(await exists(id), false, 'application deleted');
  });

  test('an expression a Schedule cannot follow is refused at save with its path, and nothing is saved', async () => {
    const app = uniqueName('cron');
    const body = {
      ...cronPipeline(app, '0 0 12 * * ?'),
      triggers: [
        { type: 'cron', id: 'ok', enabled: true, cronExpression: '0 0 12 * * ?' },
        { type: 'cron', id: 'feb30', enabled: true, cronExpression: '0 0 12 30 2 ?' },
        { type: 'cron', id: 'both', enabled: true, cronExpression: '0 0 12 * * MON' },
        { type: 'cron', id: 'zone', enabled: true, cronExpression: '0 0 12 * * ?', cronTimezone: 'Mars/Olympus' },
      ],
    };
    const res = await api.request('POST', '/pipelines', body);
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.errors.map((e: { path: string }) => e.path),
      ['triggers[1].cronExpression', 'triggers[2].cronExpression', 'triggers[3].cronTimezone'],
    );
    assert.match(res.body.errors[0].message, /never fires/);
    assert.match(res.body.errors[1].message, /exactly one of day-of-month and day-of-week/);
    assert.equal((await api.request('GET', `/applications/${app}/pipelineConfigs/nightly`)).status, 404);
  });

  test('GET /cron/validate answers valid with the next five fire times, or invalid with a message', async () => {
    const valid = await api.request('GET', `/cron/validate?expression=${encodeURIComponent('0 0 12 ? * MON-FRI')}`);
    assert.equal(valid.status, 200);
    assert.equal(valid.body.valid, true);
    assert.equal(valid.body.timezone, 'UTC');
    assert.equal(valid.body.nextFireTimes.length, 5);
    for (const time of valid.body.nextFireTimes) {
      const date = new Date(time);
      assert.ok(date.getTime() > Date.now() && date.getUTCHours() === 12 && date.getUTCDay() >= 1 && date.getUTCDay() <= 5, time);
    }
    const invalid = await api.request('GET', `/cron/validate?expression=${encodeURIComponent('0 0 25 * * ?')}`);
    assert.equal(invalid.status, 200);
    assert.equal(invalid.body.valid, false);
    assert.match(invalid.body.message, /hours: 25 is outside 0-23/);
    const missing = await api.request('GET', '/cron/validate');
    assert.equal(missing.status, 400);
    assert.equal(missing.body.errors[0].path, 'query.expression');
  });

  test('a reconcile that stopped halfway (an orphan Schedule, a missing one) is finished by the next one', async () => {
    const app = uniqueName('cron');
    const saved = await save(cronPipeline(app, '0 0 3 * * ?'));
    const id = scheduleIdOf(saved.id, 'every');
    // Behind the store's back: the wanted Schedule disappears and one for a deleted pipeline is left over.
    await schedule(id).delete();
    const orphanPipeline = '0c9b3f4e-1111-4a2b-8c3d-9e8f7a6b5c4d';
    const orphan = scheduleIdOf(orphanPipeline, 'gone');
    assert.equal(await exists(id), false);
    await api.temporal.schedule.create({
      scheduleId: orphan,
      spec: { calendars: [{ hour: 3 }] },
      action: { type: 'startWorkflow', workflowType: 'pipelineWorkflow', taskQueue: worker.taskQueue, args: [] },
      memo: { gennakerPipelineId: orphanPipeline },
    });
    await eventually(async () => {
      for await (const s of api.temporal.schedule.list()) if (s.scheduleId === orphan) return true;
      return undefined;
    }, 'the orphan listed');

    const pipelines = createPipelineStore(api.prisma);
    const reconciler = createCronReconciler({ client: api.temporal, taskQueue: worker.taskQueue, pipelines, triggers: createPipelineTriggerQuery(api.prisma) });
    const result = await reconciler.reconcileAll();
    assert.ok(result.created.includes(id), JSON.stringify(result));
    assert.ok(result.deleted.includes(orphan), JSON.stringify(result));
    assert.ok(await exists(id));
    assert.equal(await exists(orphan), false);
    const again = await reconciler.reconcileAll();
    assert.deepEqual([again.created.includes(id), again.deleted.includes(orphan)], [false, false], 'a second reconcile changes nothing more');

    await api.request('DELETE', `/pipelines/${app}/nightly`);
    assert.equal(await exists(id), false);
  });
});

describe('cron triggers while Temporal cannot be reached', () => {
  let api: ApiHarness;
  let unreachable: Connection;
  before(async () => {
    // A real client pointed at a port nothing listens on: every Schedule call fails as in an outage.
    const port = await freePort();
    unreachable = Connection.lazy({ address: `127.0.0.1:${port}`, connectTimeout: '1 second' });
    api = await startApi({ cron: true, cronTemporal: new Client({ connection: unreachable }) });
  });
  after(async () => {
    await api.close();
    await unreachable.close().catch(() => undefined);
  });

  test('the save succeeds with a Warning header, and the next reconcile creates the Schedule', async () => {
    const app = uniqueName('cron');
    const res = await fetch(`${api.baseUrl}/pipelines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cronPipeline(app, '0 0 3 * * ?')),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('warning') ?? '', /^199 gennaker "cron schedules not updated yet .*retried by the next reconcile"$/);
    const saved = (await res.json()) as JsonBody;
    assert.equal((await api.request('GET', `/applications/${app}/pipelineConfigs/nightly`)).body.id, saved.id, 'the config was saved');
    assert.ok(api.loggedErrors.some((line) => line.startsWith('cron schedules not reconciled')), api.loggedErrors.join('\n'));

    const id = scheduleIdOf(saved.id, 'every');
    const reconciler = createCronReconciler({ client: api.temporal, taskQueue: 'cron-outage', pipelines: createPipelineStore(api.prisma), triggers: createPipelineTriggerQuery(api.prisma) });
    assert.deepEqual((await reconciler.reconcilePipeline(saved.id)).created, [id]);
    assert.equal((await api.temporal.schedule.getHandle(id).describe()).action.taskQueue, 'cron-outage');
    await reconciler.reconcilePipeline((await api.request('DELETE', `/pipelines/${app}/nightly`)).body.id);
    await assert.rejects(api.temporal.schedule.getHandle(id).describe(), ScheduleNotFoundError);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
