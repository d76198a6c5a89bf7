import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createApplicationStore, type ApplicationStore } from '../../prisma/application-store';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { createPipelineStore, type PipelineStore } from '../../prisma/pipeline-store';
import { createTaskStore } from '../../prisma/task-store';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('application and task stores', () => {
  let prisma: PrismaClient;
  let applications: ApplicationStore;
  let pipelines: PipelineStore;
  before(() => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: run through npm test');
    prisma = createPrismaClient(url);
    applications = createApplicationStore(prisma);
    pipelines = createPipelineStore(prisma);
  });
  after(() => prisma.$disconnect());

  test('upsert creates, then merges top-level attributes; server fields are not taken from the client', async () => {
    const name = unique('App');
    const created = await applications.upsert(name, { email: 'a@x', cloudProviders: 'kubernetes', createTs: '1' });
    assert.equal(created.name, name.toLowerCase());
    assert.notEqual(created.attributes.createTs, '1');
    const merged = await applications.upsert(name.toLowerCase(), { description: 'd', email: 'b@x' });
    assert.deepEqual(
      { email: merged.attributes.email, cloud: merged.attributes.cloudProviders, description: merged.attributes.description },
      { email: 'b@x', cloud: 'kubernetes', description: 'd' },
    );
    assert.equal((await applications.get(name.toUpperCase()))?.attributes.email, 'b@x');
  });

  test('concurrent creations of one name all succeed as one application', async () => {
    const name = unique('race');
    await Promise.all(Array.from({ length: 5 }, (_, i) => applications.upsert(name, { [`k${i}`]: i })));
    const app = await applications.get(name);
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => app?.attributes[`k${i}`]), [0, 1, 2, 3, 4]);
  });

  test('delete removes the application and its pipeline configs in one go, keeping their history', async () => {
    const name = unique('gone');
    await applications.upsert(name, {});
    const config = await pipelines.save({ application: name, name: 'p', stages: [] });
    assert.equal(await applications.delete(name), true);
    assert.equal(await applications.get(name), null);
    assert.deepEqual(await pipelines.listByApplication(name), []);
    assert.equal((await pipelines.history(config.id)).length, 1);
    assert.equal(await applications.delete(name), false);
  });

  test('tasks are stored finished and read back', async () => {
    const tasks = createTaskStore(prisma);
    const id = unique('task');
    const at = new Date();
    await tasks.create({
      id,
      application: 'a',
      description: 'd',
      status: 'TERMINAL',
      job: [{ type: 'x' }],
      failure: { error: 'e', errors: ['e'] },
      startTime: at,
      endTime: at,
    });
    const read = await tasks.get(id);
    assert.equal(read?.status, 'TERMINAL');
    assert.deepEqual(read?.failure, { error: 'e', errors: ['e'] });
    assert.deepEqual(read?.job, [{ type: 'x' }]);
    assert.equal(await tasks.get(unique('none')), null);
  });
});
