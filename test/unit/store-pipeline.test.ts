import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { createPipelineStore, type PipelineStore } from '../../prisma/pipeline-store';
import { ConflictError } from '../../prisma/store-errors';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run through npm test');
  return url;
}

describe('pipeline store', () => {
  let prisma: PrismaClient;
  let store: PipelineStore;
  before(() => {
    prisma = createPrismaClient(databaseUrl());
    store = createPipelineStore(prisma);
  });
  after(() => prisma.$disconnect());

  test('the first save is version 1 with a generated id; unknown fields are kept', async () => {
    const app = unique('s');
    const saved = await store.save({ application: app, name: 'p', stages: [], custom: { a: [1, 2] } });
    assert.match(saved.id, /^[0-9a-f-]{36}$/);
    assert.equal(saved.version, 1);
    assert.deepEqual(saved.custom, { a: [1, 2] });
    assert.deepEqual(await store.getById(saved.id), saved);
    assert.deepEqual(await store.history(saved.id), [saved]);
  });

  test('server fields sent by the client are ignored', async () => {
    const saved = await store.save({ application: unique('s'), name: 'p', stages: [], version: 99, updateTs: '1', lastModifiedBy: 'x' });
    assert.equal(saved.version, 1);
    assert.notEqual(saved.updateTs, '1');
    assert.equal(saved.lastModifiedBy, undefined);
  });

  test('concurrent saves of one config each get their own version', async () => {
    const first = await store.save({ application: unique('c'), name: 'p', stages: [] });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.save({ ...first, description: `save ${i}` }, { user: `u${i}` })),
    );
    const history = await store.history(first.id);
    assert.deepEqual(
      history.map((v) => v.version),
      Array.from({ length: 11 }, (_, i) => 11 - i),
    );
    assert.equal((await store.getById(first.id))?.version, 11);
  });

  test('concurrent creations of one name end as one config', async () => {
    const app = unique('c');
    const saved = await Promise.all(Array.from({ length: 5 }, () => store.save({ application: app, name: 'same', stages: [] })));
    assert.equal(new Set(saved.map((s) => s.id)).size, 1);
    assert.equal((await store.listByApplication(app)).length, 1);
    assert.equal((await store.history(saved[0].id)).length, 5);
  });

  test('a name owned by another id is a conflict and writes nothing', async () => {
    const app = unique('n');
    await store.save({ application: app, name: 'p', stages: [] });
    const id = unique('intruder');
    await assert.rejects(store.save({ application: app, name: 'p', id, stages: [] }), ConflictError);
    assert.equal(await store.getById(id), null);
    assert.equal(await prisma.pipelineConfigVersion.count({ where: { configId: id } }), 0);
  });

  test('a save that fails halfway leaves the previous version intact', async () => {
    const id = unique('poison');
    const original = await store.save({ application: unique('t'), name: 'p', id, stages: [], description: 'original' });
    // Make the second write of the transaction (the history row) fail in PostgreSQL itself.
    const fn = `fail_${id.replace(/-/g, '_')}`;
    await prisma.$executeRawUnsafe(
      `CREATE FUNCTION ${fn}() RETURNS trigger AS $$ BEGIN IF NEW.config_id = '${id}' THEN RAISE EXCEPTION 'injected'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER ${fn} BEFORE INSERT ON pipeline_config_version FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    try {
      await assert.rejects(store.save({ ...original, description: 'half-written' }));
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER ${fn} ON pipeline_config_version`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
    }
    const current = await store.getById(id);
    assert.equal(current?.description, 'original');
    assert.equal(current?.version, 1);
    assert.equal((await store.history(id)).length, 1);
  });

  test('staleCheck refuses a save based on an old updateTs', async () => {
    const v1 = await store.save({ application: unique('st'), name: 'p', stages: [] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const v2 = await store.save({ ...v1, description: 'two' }, { staleCheck: true });
    await assert.rejects(store.save({ ...v1, description: 'lost' }, { staleCheck: true }), /modified/);
    assert.equal((await store.save({ ...v2, description: 'three' }, { staleCheck: true })).version, 3);
  });

  test('delete keeps history; saving the id again continues its numbering', async () => {
    const app = unique('d');
    const v1 = await store.save({ application: app, name: 'p', stages: [] });
    const deleted = await store.deleteByName(app, 'p');
    assert.equal(deleted?.id, v1.id);
    assert.equal(await store.deleteByName(app, 'p'), null);
    assert.equal(await store.getById(v1.id), null);
    assert.equal((await store.history(v1.id)).length, 1);
    const again = await store.save({ application: app, name: 'p', id: v1.id, stages: [] });
    assert.equal(again.version, 2);
  });

  test('restore saves an old version as the newest; an unknown version is null', async () => {
    const v1 = await store.save({ application: unique('r'), name: 'p', stages: [], description: 'one' });
    await store.save({ ...v1, name: 'renamed', description: 'two' });
    const restored = await store.restore(v1.id, 1, { user: 'ops' });
    assert.equal(restored?.version, 3);
    assert.equal(restored?.name, 'p');
    assert.equal(restored?.description, 'one');
    assert.equal(restored?.lastModifiedBy, 'ops');
    assert.equal(await store.restore(v1.id, 42), null);
    assert.equal((await store.getVersion(v1.id, 2))?.description, 'two');
  });

  test('listing orders by index, then name', async () => {
    const app = unique('l');
    await store.save({ application: app, name: 'b', stages: [] });
    await store.save({ application: app, name: 'a', stages: [] });
    await store.save({ application: app, name: 'z', stages: [], index: 0 });
    assert.deepEqual((await store.listByApplication(app)).map((c) => c.name), ['z', 'a', 'b']);
  });
});
