/**
 * Issue 7 §4: a pipeline may not reach into an application its user may not use. Every
 * cross-application reference (a `pipeline` stage's target, a `kayentaCanary` stage's stored
 * config, a manifest stage's deploy account, a pipeline trigger, a trigger's `runAsUser`) is
 * checked at save (POST, PUT, restore), at start, and — for the `pipeline` and `kayentaCanary`
 * stages — at run time.
 * Real API, PostgreSQL, Temporal and worker, authentication on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { PipelineExecution } from '../../workflows/model/execution';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { canaryConfig, executionRequest } from './support/canary';
import { type ApiHarness, type JsonBody, eventually, startApi, uniqueName } from './support/harness';
import { kubeconfigYaml } from './support/kubeconfig';

const TOKENS = {
  'mallory-token-01234567': { user: 'mallory', roles: ['mine-team'] },
  'owner-token-0123456789': { user: 'owner', roles: ['secure-team'] },
  'root-token-0123456789a': { user: 'root', roles: ['admins'] },
};
const as = (token: keyof typeof TOKENS) => ({ authorization: `Bearer ${token}` });
const mallory = as('mallory-token-01234567');
const owner = as('owner-token-0123456789');
const root = as('root-token-0123456789a');

const everything = (roles: string[]) => ({ READ: roles, WRITE: roles, EXECUTE: roles });

describe('cross-application references (auth on)', () => {
  let worker: TestWorker;
  let api: ApiHarness;
  const secure = uniqueName('secure');
  const mine = uniqueName('mine');
  const account = uniqueName('acct');
  let secureTargetId = '';
  let mineTargetId = '';
  let secureCanaryId = '';
  let mineCanaryId = '';

  async function ok(res: Promise<{ status: number; body: JsonBody }>, status = 200): Promise<JsonBody> {
    const answer = await res;
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    return answer.body;
  }

  async function createApplication(name: string, roles: string[], headers = root) {
    const task = await ok(api.request('POST', '/tasks', { job: [{ type: 'createApplication', application: { name, permissions: everything(roles) } }], application: name }, headers));
    assert.equal((await ok(api.request('GET', task.ref, undefined, root))).status, 'SUCCEEDED');
  }

  /** An admin changes who may use `name` (the "revoke" of these tests). */
  async function setRoles(name: string, roles: string[]) {
    const task = await ok(api.request('POST', '/tasks', { job: [{ type: 'updateApplication', application: { name, permissions: everything(roles) } }], application: name }, root));
    assert.equal((await ok(api.request('GET', task.ref, undefined, root))).status, 'SUCCEEDED');
  }

  const noop = (refId = '1') => ({ refId, type: 'noop', name: `Noop ${refId}` });
  const pipelineStage = (pipeline: string, extra: Record<string, unknown> = {}) => ({ refId: '1', type: 'pipeline', name: 'Run other', pipeline, ...extra });
  const canaryStage = (canaryConfigId: string) => ({
    refId: '1',
    type: 'kayentaCanary',
    name: 'Canary',
    canaryConfig: { canaryConfigId, scopes: [{ controlScope: 'app-baseline', experimentScope: 'app-canary' }], lifetimeDuration: 'PT1H' },
  });
  const deployStage = (name: string) => ({ refId: '1', type: 'deployManifest', name: 'Deploy', account: name, manifests: [{ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' } }] });
  const jobStage = (name: string) => ({ refId: '1', type: 'runJobManifest', name: 'Job', credentials: name, manifest: { kind: 'Job', apiVersion: 'batch/v1', metadata: { name: 'j' } } });
  const pipelineTrigger = (fields: Record<string, unknown>) => ({ type: 'pipeline', enabled: true, ...fields });

  before(async () => {
    worker = await startTestWorker();
    api = await startApi({ taskQueue: worker.taskQueue, auth: { tokens: TOKENS, adminRoles: ['admins'] } });
    await createApplication(secure, ['secure-team'], owner);
    await createApplication(mine, ['mine-team'], mallory);
    secureTargetId = (await ok(api.request('POST', '/pipelines', { application: secure, name: 'target', stages: [noop()] }, owner))).id;
    mineTargetId = (await ok(api.request('POST', '/pipelines', { application: mine, name: 'sibling', stages: [noop()] }, mallory))).id;
    secureCanaryId = (await ok(api.request('POST', '/v2/canaryConfig', canaryConfig('secure-latency', [secure]), owner))).canaryConfigId;
    mineCanaryId = (await ok(api.request('POST', '/v2/canaryConfig', canaryConfig('mine-latency', [mine]), mallory))).canaryConfigId;
    await ok(api.request('POST', '/credentials', { name: account, type: 'kubernetes', kubeconfig: kubeconfigYaml() }, root));
  });
  after(async () => {
    await api.close();
    await worker.shutdown();
  });

  interface RefusedRow {
    name: string;
    config: () => { stages?: unknown[]; triggers?: unknown[] };
    status: 400 | 403;
    path: string;
    message: RegExp;
  }

  const refused: RefusedRow[] = [
    {
      name: "a pipeline stage running secure's pipeline (the original attack)",
      config: () => ({ stages: [pipelineStage(secureTargetId)] }),
      status: 403,
      path: 'stages[0].pipeline',
      message: new RegExp(`^mallory lacks EXECUTE permission on application '${secure}', whose pipeline this stage runs$`),
    },
    {
      name: "a pipeline stage naming secure's pipeline with its application",
      config: () => ({ stages: [pipelineStage(secureTargetId, { application: secure })] }),
      status: 403,
      path: 'stages[0].pipeline',
      message: /mallory lacks EXECUTE permission/,
    },
    {
      name: 'a pipeline stage naming a config that does not exist',
      config: () => ({ stages: [pipelineStage('no-such-config')] }),
      status: 400,
      path: 'stages[0].pipeline',
      message: /^pipeline config 'no-such-config' not found$/,
    },
    {
      name: "a pipeline stage naming secure's config under another application",
      config: () => ({ stages: [pipelineStage(secureTargetId, { application: mine })] }),
      status: 400,
      path: 'stages[0].pipeline',
      message: new RegExp(`not found in application '${mine}'`),
    },
    {
      name: "a kayentaCanary stage using secure's canary config",
      config: () => ({ stages: [canaryStage(secureCanaryId)] }),
      status: 403,
      path: 'stages[0].canaryConfig.canaryConfigId',
      message: new RegExp(`^mallory lacks READ permission on every application of canary config '[0-9a-f-]{36}' \\(${secure}\\)$`),
    },
    {
      name: 'a kayentaCanary stage naming a canary config that does not exist',
      config: () => ({ stages: [canaryStage('no-such-canary')] }),
      status: 400,
      path: 'stages[0].canaryConfig.canaryConfigId',
      message: /canary config 'no-such-canary' not found/,
    },
    {
      name: 'a deployManifest stage on an account that does not exist',
      config: () => ({ stages: [deployStage('no-such-account')] }),
      status: 400,
      path: 'stages[0].account',
      message: /deploy account 'no-such-account' does not exist/,
    },
    {
      name: 'a runJobManifest stage on (older) credentials that do not exist',
      config: () => ({ stages: [jobStage('no-such-account')] }),
      status: 400,
      path: 'stages[0].credentials',
      message: /deploy account 'no-such-account' does not exist/,
    },
    {
      name: "a pipeline trigger following secure's pipeline",
      config: () => ({ stages: [noop()], triggers: [pipelineTrigger({ application: secure, pipeline: secureTargetId })] }),
      status: 403,
      path: 'triggers[0].application',
      message: new RegExp(`mallory lacks READ permission on application '${secure}', whose pipeline this trigger follows`),
    },
    {
      name: 'a pipeline trigger naming only the application secure',
      config: () => ({ stages: [noop()], triggers: [pipelineTrigger({ application: secure })] }),
      status: 403,
      path: 'triggers[0].application',
      message: /mallory lacks READ permission/,
    },
    {
      name: 'a pipeline trigger following a pipeline that does not exist',
      config: () => ({ stages: [noop()], triggers: [pipelineTrigger({ application: mine, pipeline: 'no-such-config' })] }),
      status: 400,
      path: 'triggers[0].pipeline',
      message: /pipeline config 'no-such-config' not found/,
    },
    {
      name: 'a trigger that runs as another user',
      config: () => ({ stages: [noop()], triggers: [{ type: 'cron', enabled: true, cronExpression: '0 0 * * * ?', runAsUser: 'owner' }] }),
      status: 403,
      path: 'triggers[0].runAsUser',
      message: /mallory may not save a trigger that runs as 'owner'/,
    },
  ];

  for (const row of refused) {
    test(`save refuses ${row.name}: ${row.status} at ${row.path}, nothing stored`, async () => {
      const name = uniqueName('refused');
      const posted = await api.request('POST', '/pipelines', { application: mine, name, ...row.config() }, mallory);
      assert.equal(posted.status, row.status, JSON.stringify(posted.body));
      assert.deepEqual(posted.body.errors.map((p: { path: string }) => p.path), [row.path]);
      assert.match(posted.body.errors[0].message, row.message);
      assert.equal((await api.request('GET', `/applications/${mine}/pipelineConfigs/${name}`, undefined, mallory)).status, 404);

      // The same reference through PUT over a clean config: refused, the clean version stays.
      const clean = await ok(api.request('POST', '/pipelines', { application: mine, name, stages: [noop()] }, mallory));
      const put = await api.request('PUT', `/pipelines/${clean.id}`, { application: mine, name, ...row.config() }, mallory);
      assert.equal(put.status, row.status, JSON.stringify(put.body));
      assert.deepEqual(put.body.errors.map((p: { path: string }) => p.path), [row.path]);
      const stored = await ok(api.request('GET', `/applications/${mine}/pipelineConfigs/${name}`, undefined, mallory));
      assert.deepEqual(stored.stages, [noop()]);
      assert.equal((await ok(api.request('GET', `/pipelineConfigs/${clean.id}/history`, undefined, mallory))).length, 1);
    });
  }

  const accepted: { name: string; config: () => { stages?: unknown[]; triggers?: unknown[] } }[] = [
    { name: "a pipeline stage running the application's own pipeline", config: () => ({ stages: [pipelineStage(mineTargetId)] }) },
    { name: 'a pipeline stage whose target is an expression (checked at run time)', config: () => ({ stages: [pipelineStage('${parameters.target}')] }) },
    { name: "a kayentaCanary stage using the application's canary config", config: () => ({ stages: [canaryStage(mineCanaryId)] }) },
    { name: 'a deployManifest stage on a registered account', config: () => ({ stages: [deployStage(account)] }) },
    { name: 'a runJobManifest stage on registered credentials', config: () => ({ stages: [jobStage(account)] }) },
    { name: "a pipeline trigger following the application's own pipeline", config: () => ({ stages: [noop()], triggers: [pipelineTrigger({ application: mine, pipeline: mineTargetId })] }) },
    { name: 'a trigger that runs as the saving user', config: () => ({ stages: [noop()], triggers: [{ type: 'cron', enabled: true, cronExpression: '0 0 * * * ?', runAsUser: 'mallory' }] }) },
  ];

  for (const row of accepted) {
    test(`save accepts ${row.name}`, async () => {
      await ok(api.request('POST', '/pipelines', { application: mine, name: uniqueName('accepted'), ...row.config() }, mallory));
    });
  }

  test('every problem of a config is named at once; a missing target makes it a 400', async () => {
    const config = {
      application: mine,
      name: uniqueName('many'),
      stages: [pipelineStage(secureTargetId), { ...canaryStage(secureCanaryId), refId: '2' }, { ...deployStage('no-such-account'), refId: '3' }],
      triggers: [pipelineTrigger({ application: secure, pipeline: secureTargetId })],
    };
    const res = await api.request('POST', '/pipelines', config, mallory);
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.errors.map((p: { path: string }) => p.path),
      ['stages[0].pipeline', 'stages[1].canaryConfig.canaryConfigId', 'stages[2].account', 'triggers[0].application'],
    );
  });

  test('an admin may save every reference that exists; the checks are about permissions', async () => {
    const config = { application: mine, name: uniqueName('admin'), stages: [pipelineStage(secureTargetId)], triggers: [pipelineTrigger({ application: secure, pipeline: secureTargetId, runAsUser: 'owner' })] };
    await ok(api.request('POST', '/pipelines', config, root));
  });

  test('start re-checks the references for the starting user: permission revoked after save → 403, nothing started', async () => {
    const gate = uniqueName('gate');
    await createApplication(gate, ['secure-team', 'mine-team']);
    const child = await ok(api.request('POST', '/pipelines', { application: gate, name: 'child', stages: [noop()] }, owner));
    const name = uniqueName('caller');
    await ok(api.request('POST', '/pipelines', { application: mine, name, stages: [pipelineStage(child.id)] }, mallory));

    // Allowed: the parent runs the child to the end.
    const started = await ok(api.request('POST', `/pipelines/${mine}/${name}`, {}, mallory), 202);
    const done = await eventually(async () => {
      const execution = (await api.request<PipelineExecution>('GET', started.ref, undefined, mallory)).body;
      return execution.status === 'SUCCEEDED' || execution.status === 'TERMINAL' ? execution : undefined;
    }, 'the allowed execution to finish', 60_000);
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done.stages));
    assert.deepEqual(done.authentication, { user: 'mallory', roles: ['mine-team'] });

    await setRoles(gate, ['secure-team']);
    const refusedStart = await api.request('POST', `/pipelines/${mine}/${name}`, {}, mallory);
    assert.equal(refusedStart.status, 403, JSON.stringify(refusedStart.body));
    assert.deepEqual(refusedStart.body.errors, [{ path: 'stages[0].pipeline', message: `mallory lacks EXECUTE permission on application '${gate}', whose pipeline this stage runs` }]);
    const listed = await eventually(async () => {
      const executions: PipelineExecution[] = await ok(api.request('GET', `/applications/${mine}/pipelines?limit=10`, undefined, mallory));
      const ofThis = executions.filter((e) => e.name === name);
      return ofThis.length > 0 ? ofThis : undefined;
    }, 'the allowed execution to be listed');
    assert.deepEqual(listed.map((e) => e.id), [done.id], 'only the allowed execution exists');
  });

  test('start refuses a pipeline whose deploy account was deleted after save (400, nothing started)', async () => {
    const gone = uniqueName('gone');
    await ok(api.request('POST', '/credentials', { name: gone, type: 'kubernetes', kubeconfig: kubeconfigYaml() }, root));
    const name = uniqueName('deploys');
    await ok(api.request('POST', '/pipelines', { application: mine, name, stages: [deployStage(gone)] }, mallory));
    await ok(api.request('DELETE', `/credentials/${gone}`, undefined, root));
    const res = await api.request('POST', `/pipelines/${mine}/${name}`, {}, mallory);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.deepEqual(res.body.errors.map((p: { path: string }) => p.path), ['stages[0].account']);
  });

  test('restoring a version re-checks its references: a version naming a revoked application is refused', async () => {
    const gate = uniqueName('gate');
    await createApplication(gate, ['secure-team', 'mine-team']);
    const child = await ok(api.request('POST', '/pipelines', { application: gate, name: 'child', stages: [noop()] }, owner));
    const name = uniqueName('restored');
    const v1 = await ok(api.request('POST', '/pipelines', { application: mine, name, stages: [pipelineStage(child.id)] }, mallory));
    await ok(api.request('PUT', `/pipelines/${v1.id}`, { application: mine, name, stages: [noop()] }, mallory));
    await setRoles(gate, ['secure-team']);
    const res = await api.request('POST', `/pipelineConfigs/${v1.id}/restore/1`, undefined, mallory);
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.deepEqual(res.body.errors.map((p: { path: string }) => p.path), ['stages[0].pipeline']);
    const current = await ok(api.request('GET', `/applications/${mine}/pipelineConfigs/${name}`, undefined, mallory));
    assert.deepEqual(current.stages, [noop()], 'the current version is unchanged');
    assert.equal((await ok(api.request('GET', `/pipelineConfigs/${v1.id}/history`, undefined, mallory))).length, 2);
  });

  /** Saves a judgment-then-`pipeline`-stage config in `mine`, starts it, waits for the judgment. */
  async function startParentAtJudgment(pipeline: string, parameters: Record<string, string> = {}) {
    const name = uniqueName('runtime');
    const stages = [
      { refId: '1', type: 'manualJudgment', name: 'Approve' },
      { ...pipelineStage(pipeline), refId: '2', requisiteStageRefIds: ['1'] },
    ];
    const parameterConfig = Object.keys(parameters).map((key) => ({ name: key }));
    await ok(api.request('POST', '/pipelines', { application: mine, name, stages, parameterConfig }, mallory));
    const started = await ok(api.request('POST', `/pipelines/${mine}/${name}`, { parameters }, mallory), 202);
    const id: string = started.ref.split('/')[2];
    await eventually(async () => {
      const execution = (await api.request<PipelineExecution>('GET', started.ref, undefined, mallory)).body;
      return execution.stages[0].status === 'RUNNING' ? true : undefined;
    }, 'the judgment to wait', 30_000);
    return id;
  }

  async function judgeAndFinish(id: string): Promise<PipelineExecution> {
    await ok(api.request('PATCH', `/pipelines/${id}/stages/1`, { judgmentStatus: 'continue' }, mallory));
    return eventually(async () => {
      const execution = (await api.request<PipelineExecution>('GET', `/pipelines/${id}`, undefined, mallory)).body;
      return ['SUCCEEDED', 'TERMINAL', 'CANCELED'].includes(execution.status) ? execution : undefined;
    }, 'the execution to finish', 60_000);
  }

  async function childExists(id: string): Promise<boolean> {
    try {
      await worker.client.workflow.getHandle(`${id}-2`).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  const runtimeCases = [
    { name: 'permission kept: the child runs', revoke: false, viaExpression: false, status: 'SUCCEEDED' },
    { name: 'permission revoked while the judgment waits: TERMINAL, no child', revoke: true, viaExpression: false, status: 'TERMINAL' },
    { name: 'target given by an expression (unseen at save and start), revoked: TERMINAL, no child', revoke: true, viaExpression: true, status: 'TERMINAL' },
  ] as const;

  for (const c of runtimeCases) {
    test(`run time: ${c.name}`, async () => {
      const gate = uniqueName('gate');
      await createApplication(gate, ['secure-team', 'mine-team']);
      const child = await ok(api.request('POST', '/pipelines', { application: gate, name: 'child', stages: [noop()] }, owner));
      const id = c.viaExpression ? await startParentAtJudgment('${parameters.target}', { target: child.id }) : await startParentAtJudgment(child.id);
      if (c.revoke) await setRoles(gate, ['secure-team']);
      const done = await judgeAndFinish(id);
      assert.equal(done.status, c.status, JSON.stringify(done.stages));
      const stage = done.stages[1];
      if (c.status === 'SUCCEEDED') {
        assert.equal(stage.outputs.status, 'SUCCEEDED');
        assert.equal(await childExists(id), true);
        const childExecution = (await ok(api.request('GET', `/pipelines/${id}-2`, undefined, owner))) as PipelineExecution;
        assert.deepEqual(childExecution.authentication, { user: 'mallory', roles: ['mine-team'] }, 'the child runs as the same user');
      } else {
        assert.equal(stage.status, 'TERMINAL');
        assert.equal(
          stage.exception?.details.error,
          `mallory lacks EXECUTE permission on application '${gate}', needed for stage 'Run other' to run pipeline config '${child.id}'`,
        );
        assert.equal(stage.context.executionId, undefined);
        assert.equal(await childExists(id), false, 'the child never started');
      }
    });
  }

  test("run time: a kayentaCanary stage whose stored config's application was closed to the user meanwhile fails TERMINAL", async () => {
    const gate = uniqueName('gate');
    await createApplication(gate, ['secure-team', 'mine-team']);
    const gateCanaryId: string = (await ok(api.request('POST', '/v2/canaryConfig', canaryConfig('gate-latency', [gate]), owner))).canaryConfigId;
    const name = uniqueName('canary-runtime');
    const stages = [
      { refId: '1', type: 'manualJudgment', name: 'Approve' },
      { ...canaryStage(gateCanaryId), refId: '2', requisiteStageRefIds: ['1'] },
    ];
    await ok(api.request('POST', '/pipelines', { application: mine, name, stages }, mallory));
    const started = await ok(api.request('POST', `/pipelines/${mine}/${name}`, {}, mallory), 202);
    const id: string = started.ref.split('/')[2];
    await eventually(async () => {
      const execution = (await api.request<PipelineExecution>('GET', started.ref, undefined, mallory)).body;
      return execution.stages[0].status === 'RUNNING' ? true : undefined;
    }, 'the judgment to wait', 30_000);
    await setRoles(gate, ['secure-team']);
    const done = await judgeAndFinish(id);
    assert.equal(done.status, 'TERMINAL', JSON.stringify(done.stages));
    const stage = done.stages[1];
    assert.equal(stage.status, 'TERMINAL');
    assert.match(JSON.stringify(stage.exception ?? stage.context), new RegExp(`mallory lacks READ permission on the applications of canary config '${gateCanaryId}' \\(${gate}\\)`));
    assert.equal(stage.context.intervalStageResults, undefined, 'no interval was judged');
  });

  test("history leaves out versions saved under an application the caller may not read", async () => {
    const name = uniqueName('moved');
    const v1 = await ok(api.request('POST', '/pipelines', { application: secure, name, stages: [noop()], secret: 'secure-only' }, owner));
    await ok(api.request('PUT', `/pipelines/${v1.id}`, { application: mine, name, stages: [noop()] }, root));
    const history = await ok(api.request('GET', `/pipelineConfigs/${v1.id}/history`, undefined, mallory));
    assert.deepEqual(history.map((v: { application: string }) => v.application), [mine]);
    assert.equal((await ok(api.request('GET', `/pipelineConfigs/${v1.id}/history`, undefined, root))).length, 2, 'a reader of both sees both');
    const version1 = await api.request('GET', `/pipelineConfigs/${v1.id}/history/1`, undefined, mallory);
    assert.equal(version1.status, 403);
    assert.equal((await api.request('GET', `/pipelineConfigs/${v1.id}/history/2`, undefined, mallory)).status, 200);
  });

  test("GET /tasks/{id} needs READ on the task's application (its jobs carry the application's attributes)", async () => {
    const app = uniqueName('private');
    const task = await ok(api.request('POST', '/tasks', { job: [{ type: 'createApplication', application: { name: app, email: 'private@example.com', permissions: everything(['secure-team']) } }], application: app }, owner));
    assert.equal((await ok(api.request('GET', task.ref, undefined, owner))).status, 'SUCCEEDED');
    const denied = await api.request('GET', task.ref, undefined, mallory);
    assert.equal(denied.status, 403);
    assert.doesNotMatch(JSON.stringify(denied.body), /private@example\.com/);
  });

  test("one-off canaries: another application's stored or inline config is refused (403), the own one accepted", async () => {
    const stored = await api.request('POST', '/v2/canaries/canary', { canaryConfigId: secureCanaryId, executionRequest: executionRequest() }, mallory);
    assert.equal(stored.status, 403);
    const byPath = await api.request('POST', `/v2/canaries/canary/${secureCanaryId}?application=${mine}`, executionRequest(), mallory);
    assert.equal(byPath.status, 403);
    const inline = await api.request('POST', '/v2/canaries/canary', { canaryConfig: canaryConfig('inline', [secure]), executionRequest: executionRequest() }, mallory);
    assert.equal(inline.status, 403);
    const own = await ok(api.request('POST', '/v2/canaries/canary', { canaryConfigId: mineCanaryId, executionRequest: executionRequest() }, mallory));
    await api.temporal.workflow.getHandle(own.canaryExecutionId).terminate('test cleanup');
  });

  test("actions on another application's execution are refused (403) and change nothing", async () => {
    const name = uniqueName('held');
    await ok(api.request('POST', '/pipelines', { application: secure, name, stages: [{ refId: '1', type: 'manualJudgment', name: 'Approve' }] }, owner));
    const started = await ok(api.request('POST', `/pipelines/${secure}/${name}`, {}, owner), 202);
    const id: string = started.ref.split('/')[2];
    await eventually(async () => ((await api.request<PipelineExecution>('GET', started.ref, undefined, owner)).body.stages[0].status === 'RUNNING' ? true : undefined), 'judgment waiting', 30_000);
    assert.equal((await api.request('GET', started.ref, undefined, mallory)).status, 403);
    for (const [method, path, body] of [
      ['PATCH', `/pipelines/${id}/stages/1`, { judgmentStatus: 'continue' }],
      ['PUT', `/pipelines/${id}/pause`, undefined],
      ['PUT', `/pipelines/${id}/cancel`, undefined],
    ] as const) {
      assert.equal((await api.request(method, path, body, mallory)).status, 403, `${method} ${path}`);
    }
    const execution = await ok(api.request('GET', started.ref, undefined, owner));
    assert.equal(execution.status, 'RUNNING');
    assert.equal(execution.stages[0].status, 'RUNNING');
    await ok(api.request('PUT', `/pipelines/${id}/cancel`, undefined, owner));
  });

  test('no request above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});
