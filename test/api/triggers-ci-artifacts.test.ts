import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { type ApiHarness, type JsonBody, startApi, uniqueName } from './support/harness';
import { cancelAll, fixture, runningExecution, savePipeline, triggeredPipeline } from './support/triggers';

describe('CI build triggers and expected artifacts', () => {
  let worker: TestWorker;
  let api: ApiHarness;
  const app = uniqueName('ci');
  const started = new Set<string>();

  before(async () => {
    worker = await startTestWorker();
    api = await startApi({ taskQueue: worker.taskQueue });
  });
  after(async () => {
    await cancelAll(api, started);
    await api.close();
    await worker.shutdown();
  });

  describe('Jenkins (Notification plugin JSON)', () => {
    const master = uniqueName('jenkins');
    const job = uniqueName('app-build');
    const notification = (edit: (b: JsonBody) => void = () => {}) =>
      fixture('jenkins-notification.json', (b: JsonBody) => {
        b.name = job;
        edit(b);
      });
    before(async () => {
      await savePipeline(api, triggeredPipeline(app, 'after-build', [{ type: 'jenkins', enabled: true, master, job }]));
    });

    test('a completed successful build starts the pipeline with buildNumber and buildInfo; FINALIZED of the same build starts nothing new', async () => {
      const res = await api.request('POST', `/webhooks/jenkins/${master}`, notification());
      assert.equal(res.status, 200);
      assert.equal(res.body.executions.length, 1, JSON.stringify(res.body));
      const run = res.body.executions[0];
      started.add(run.executionId);
      const { trigger } = await runningExecution(api, run.executionId);
      assert.equal(trigger.type, 'jenkins');
      assert.equal(trigger.master, master);
      assert.equal(trigger.job, job);
      assert.equal(trigger.buildNumber, 42);
      assert.deepEqual(trigger.buildInfo, {
        name: job,
        number: 42,
        url: 'http://jenkins.example.com/job/app-build/42/',
        result: 'SUCCESS',
        building: false,
        scm: [{ branch: 'origin/main', sha1: 'c6b4d58b2a12431b7dbd5e2f33f9e1fd12b4a5a2', remoteUrl: 'https://github.com/acme/app.git' }],
        artifacts: [{ fileName: 'app.tgz', relativePath: 'dist/app.tgz' }],
      });

      const finalized = await api.request('POST', `/webhooks/jenkins/${master}`, notification((b) => (b.build.phase = 'FINALIZED')));
      assert.equal(finalized.body.executions[0].executionId, run.executionId);
      assert.equal(finalized.body.executions[0].alreadyStarted, true);
    });

    test('a failed or running build starts nothing and says why', async () => {
      const failed = await api.request('POST', `/webhooks/jenkins/${master}`, notification((b) => {
        b.build.number = 43;
        b.build.status = 'FAILURE';
      }));
      assert.deepEqual(failed.body.executions, []);
      assert.equal(failed.body.message, `build #43 of ${job} is FAILURE: only completed, successful builds fire`);
      assert.equal(failed.body.notMatched[0].reason, failed.body.message);
      const running = await api.request('POST', `/webhooks/jenkins/${master}`, notification((b) => {
        b.build.number = 44;
        b.build.phase = 'STARTED';
        delete b.build.status;
      }));
      assert.deepEqual(running.body.executions, []);
      assert.match(running.body.message, /still running/);
    });

    test('a notification without a job name or build number is a 400 naming them', async () => {
      const res = await api.request('POST', `/webhooks/jenkins/${master}`, { build: { number: 'x' } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path), ['name', 'build.number']);
    });
  });

  test('generic CI shape (travis): a successful build with artifacts fires', async () => {
    const master = uniqueName('travis');
    await savePipeline(api, triggeredPipeline(app, 'travis-build', [{ type: 'travis', enabled: true, master, job: 'acme/app' }]));
    const res = await api.request('POST', `/webhooks/ci/travis/${master}`, {
      project: {
        name: 'acme/app',
        lastBuild: { number: 7, result: 'SUCCESS', building: false, url: 'https://travis.example.com/acme/app/builds/7', artifacts: [{ type: 'gcs/object', name: 'gs://b/app-7.tgz', reference: 'gs://b/app-7.tgz' }] },
      },
    });
    assert.equal(res.body.executions.length, 1, JSON.stringify(res.body));
    started.add(res.body.executions[0].executionId);
    const { trigger } = await runningExecution(api, res.body.executions[0].executionId);
    assert.equal(trigger.buildNumber, 7);
    assert.equal(trigger.artifacts?.[0].reference, 'gs://b/app-7.tgz');
  });

  describe('expected artifacts (webhook body artifacts bound at start)', () => {
    const source = uniqueName('artifacts');
    before(async () => {
      await savePipeline(
        api,
        triggeredPipeline(
          app,
          'needs-image',
          [{ type: 'webhook', enabled: true, source, expectedArtifactIds: ['image', 'manifest'] }],
          {
            expectedArtifacts: [
              { id: 'image', displayName: 'app image', matchArtifact: { type: 'docker/image', name: 'gcr.io/acme/app' }, useDefaultArtifact: false, usePriorArtifact: false },
              {
                id: 'manifest',
                matchArtifact: { type: 'embedded/base64', name: 'deploy.yml' },
                useDefaultArtifact: true,
                defaultArtifact: { type: 'embedded/base64', name: 'deploy.yml', reference: 'a2luZDogUG9k' },
              },
            ],
          },
        ),
      );
    });
    const image = { type: 'docker/image', name: 'gcr.io/acme/app', version: '1.4.2', reference: 'gcr.io/acme/app:1.4.2' };

    test('a matching artifact is bound and the unmatched one takes its default; both usable from expressions', async () => {
      const res = await api.request('POST', `/webhooks/webhook/${source}`, { artifacts: [image], run: uniqueName('r') });
      assert.equal(res.body.executions.length, 1, JSON.stringify(res.body));
      started.add(res.body.executions[0].executionId);
      const { trigger } = await runningExecution(api, res.body.executions[0].executionId);
      assert.deepEqual(
        trigger.resolvedExpectedArtifacts?.map((e) => [e.id, e.boundArtifact?.reference]),
        [
          ['image', 'gcr.io/acme/app:1.4.2'],
          ['manifest', 'a2luZDogUG9k'],
        ],
      );
      assert.deepEqual(trigger.artifacts?.map((a) => a.type), ['docker/image', 'embedded/base64']);
    });

    test('a required artifact nothing matches refuses the start with the reason', async () => {
      const res = await api.request('POST', `/webhooks/webhook/${source}`, {
        artifacts: [{ ...image, name: 'gcr.io/acme/other' }],
        run: uniqueName('r'),
      });
      assert.deepEqual(res.body.executions, []);
      assert.equal(res.body.refused.length, 1);
      assert.equal(
        res.body.refused[0].reason,
        "expected artifact 'app image' (type ~ /docker/image/, name ~ /gcr.io/acme/app/) matched none of the 1 artifact(s) received",
      );
      assert.equal(res.body.refused[0].errors[0].path, 'expectedArtifacts[id=image]');
    });

    test('an expectedArtifactIds entry naming no expected artifact is refused at save with its path', async () => {
      const res = await api.request(
        'POST',
        '/pipelines',
        triggeredPipeline(app, 'dangling', [{ type: 'webhook', enabled: true, source, expectedArtifactIds: ['nope'] }], {
          expectedArtifacts: [{ id: 'e', matchArtifact: { name: '(?<=x)y' }, useDefaultArtifact: true }],
        }),
      );
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), [
        'expectedArtifacts[0].defaultArtifact',
        'expectedArtifacts[0].matchArtifact.name',
        'triggers[0].expectedArtifactIds[0]',
      ]);
    });
  });

  test('when auth is on, a trigger runs only as a user allowed to EXECUTE the application', async () => {
    const secured = await startApi({
      taskQueue: worker.taskQueue,
      auth: { tokens: { 'token-of-the-deployer-0001': { user: 'deployer', roles: ['deployers'] }, 'token-of-the-admin-000001': { user: 'root', roles: ['admins'] } }, adminRoles: ['admins'] },
    });
    try {
      const locked = uniqueName('locked');
      const admin = { Authorization: 'Bearer token-of-the-admin-000001' };
      const created = await secured.request('POST', '/tasks', {
        job: [{ type: 'createApplication', application: { name: locked, permissions: { READ: ['deployers'], WRITE: ['deployers'], EXECUTE: ['deployers'] } } }],
      }, admin);
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const source = uniqueName('secured');
      const saved = await secured.request(
        'POST',
        '/pipelines',
        triggeredPipeline(locked, 'guarded', [
          { type: 'webhook', enabled: true, source, runAsUser: 'deployer' },
          { type: 'webhook', enabled: true, source, runAsUser: 'stranger' },
        ]),
        admin,
      );
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const strangerOnly = await secured.request(
        'POST',
        '/pipelines',
        triggeredPipeline(locked, 'stranger-only', [{ type: 'webhook', enabled: true, source }]),
        admin,
      );
      assert.equal(strangerOnly.status, 200);
      // The event endpoint takes no API credentials, as Echo's.
      const res = await secured.request('POST', `/webhooks/webhook/${source}`, { n: uniqueName('n') });
      assert.equal(res.status, 200);
      assert.equal(res.body.executions.length, 1, JSON.stringify(res.body));
      assert.equal(res.body.executions[0].pipeline, 'guarded');
      started.add(res.body.executions[0].executionId);
      assert.equal(res.body.refused.length, 1);
      assert.equal(res.body.refused[0].reason, `runAsUser: 'anonymous' lacks EXECUTE permission on application '${locked}'`);
    } finally {
      await secured.close();
    }
  });
});
