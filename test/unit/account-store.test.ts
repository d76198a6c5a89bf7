import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { kubeconfigProvider } from '../../activities/cloud/kubernetes/provider';
import type { KubernetesAccountSource } from '../../activities/cloud/types';
import { createAccountSource, createAccountStore, type AccountStore } from '../../prisma/account-store';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { ConflictError } from '../../prisma/store-errors';
import { SECRET, kubeconfigYaml } from '../api/support/kubeconfig';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('account store (API, redacted) and account source (worker, whole)', () => {
  let prisma: PrismaClient;
  let store: AccountStore;
  let source: KubernetesAccountSource;
  before(() => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: run through npm test');
    prisma = createPrismaClient(url);
    store = createAccountStore(prisma);
    source = createAccountSource(prisma);
  });
  after(() => prisma.$disconnect());

  test('an inline kubeconfig is kept for the worker and only flagged for the API', async () => {
    const name = unique('inline');
    const kubeconfig = kubeconfigYaml({ contexts: ['a', 'b'] });
    const created = await store.create({ name, type: 'kubernetes', kubeconfig, context: 'b', namespaces: ['web'] });
    assert.deepEqual({ ...created, createdAt: undefined }, { name, type: 'kubernetes', context: 'b', kubeconfigInline: true, namespaces: ['web'], createdAt: undefined });
    assert.ok(created.createdAt instanceof Date);
    assert.ok(!JSON.stringify([created, await store.get(name), await store.list()]).includes(SECRET));

    const whole = await source.getAccount(name);
    assert.deepEqual(whole, { name, type: 'kubernetes', kubeconfig, context: 'b', namespaces: ['web'] });
    assert.ok(whole?.type === 'kubernetes');
    const config = await kubeconfigProvider.kubeConfig(whole);
    assert.equal(config.getCurrentContext(), 'b', "the worker's kubeconfig provider takes the stored account as it is");
  });

  test('file and GKE accounts round-trip; absent settings stay absent', async () => {
    const file = unique('file');
    assert.deepEqual({ ...(await store.create({ name: file, type: 'kubernetes', kubeconfigFile: '/etc/kube/config' })), createdAt: undefined }, {
      name: file,
      type: 'kubernetes',
      kubeconfigFile: '/etc/kube/config',
      kubeconfigInline: false,
      namespaces: [],
      createdAt: undefined,
    });
    assert.deepEqual(await source.getAccount(file), { name: file, type: 'kubernetes', kubeconfigFile: '/etc/kube/config', namespaces: [] });

    const gke = unique('gke');
    const account = { name: gke, type: 'gke' as const, project: 'my-project', location: 'europe-west1', cluster: 'prod', namespaces: ['a', 'b'] };
    await store.create(account);
    assert.deepEqual(await source.getAccount(gke), account);
    assert.equal((await store.get(gke))?.type, 'gke');
  });

  test('names are unique, also under concurrent creates', async () => {
    const name = unique('dup');
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => store.create({ name, type: 'kubernetes', kubeconfigFile: '/k' })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      assert.ok(r.reason instanceof ConflictError);
      assert.equal(r.reason.message, `an account named '${name}' already exists`);
    }
  });

  test('list is ordered by name; delete answers the account once, then nothing', async () => {
    const [b, a] = [unique('zz-b'), unique('zz-a')];
    await store.create({ name: b, type: 'kubernetes', kubeconfigFile: '/k' });
    await store.create({ name: a, type: 'kubernetes', kubeconfigFile: '/k' });
    const names = (await store.list()).map((x) => x.name);
    assert.ok(names.indexOf(a) >= 0 && names.indexOf(a) < names.indexOf(b), 'ordered by name');

    assert.equal((await store.delete(a))?.name, a);
    assert.equal(await store.delete(a), null);
    assert.equal(await store.get(a), null);
    assert.equal(await source.getAccount(a), null);
  });
});
