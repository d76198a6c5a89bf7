import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../activities/cloud/kubernetes/api-client';
import { annotate, bindVersionedReferences, contentHash, versionOf, withVersion } from '../../activities/cloud/kubernetes/manifest';
import { parseProperties } from '../../activities/cloud/kubernetes/operations';
import { stabilityOf } from '../../activities/cloud/kubernetes/stability';
import { chooseVersion, versionsToPrune } from '../../activities/cloud/kubernetes/versions';

const obj = (kind: string, extra: Partial<KubeObject> = {}): KubeObject => ({ apiVersion: 'apps/v1', kind, metadata: { name: 'web', generation: 2 }, ...extra });

describe('stability rules (pure)', () => {
  it('a Deployment is stable only at the observed generation with every replica updated and available', () => {
    const spec = { replicas: 3 };
    assert.equal(stabilityOf(obj('Deployment', { spec, status: { observedGeneration: 1, updatedReplicas: 3, availableReplicas: 3, replicas: 3 } })).stable, false);
    assert.equal(stabilityOf(obj('Deployment', { spec, status: { observedGeneration: 2, updatedReplicas: 3, availableReplicas: 2, replicas: 3 } })).stable, false);
    assert.equal(stabilityOf(obj('Deployment', { spec, status: { observedGeneration: 2, updatedReplicas: 3, availableReplicas: 3, replicas: 4 } })).stable, false);
    assert.equal(stabilityOf(obj('Deployment', { spec, status: { observedGeneration: 2, updatedReplicas: 3, availableReplicas: 3, replicas: 3 } })).stable, true);
    const stuck = stabilityOf(obj('Deployment', { spec, status: { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'timed out' }] } }));
    assert.match(stuck.failed!, /timed out/);
  });

  it('Jobs complete or fail; Services and ConfigMaps are stable once present', () => {
    assert.equal(stabilityOf(obj('Job', { status: { conditions: [{ type: 'Complete', status: 'True' }] } })).stable, true);
    assert.match(stabilityOf(obj('Job', { status: { conditions: [{ type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' }] } })).failed!, /BackoffLimitExceeded/);
    assert.equal(stabilityOf(obj('Service')).stable, true);
    assert.equal(stabilityOf(obj('ConfigMap')).stable, true);
  });
});

describe('versions (pure)', () => {
  const version = (n: number, hash: string) => ({ version: n, object: withVersion(obj('ReplicaSet', { metadata: { name: 'web' } }), n, hash) });

  it('reuses the version with identical content, else takes the next number', () => {
    const existing = [version(0, 'aaa'), version(1, 'bbb')];
    assert.deepEqual(chooseVersion(existing, 'aaa'), { version: 0, reused: true });
    assert.deepEqual(chooseVersion(existing, 'ccc'), { version: 2, reused: false });
    assert.deepEqual(chooseVersion([], 'ccc'), { version: 0, reused: false });
    assert.equal(versionOf(existing[1].object), 1);
    assert.equal(existing[1].object.metadata.name, 'web-v001');
  });

  it('prunes the oldest versions beyond max-version-history, never the one just deployed', () => {
    const existing = [version(0, 'a'), version(1, 'b'), version(2, 'c'), version(3, 'd')];
    assert.deepEqual(versionsToPrune(existing, 2, 'web-v003').map((v) => v.version), [0, 1]);
    assert.deepEqual(versionsToPrune(existing, 2, 'web-v000').map((v) => v.version), [1, 2]);
  });
});

describe('manifest annotations and binding (pure)', () => {
  it('writes moniker and artifact annotations on the object and its pod template', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { metadata: { labels: { app: 'web' } } } } } as KubeObject;
    const a = annotate(deployment, { namespace: 'prod', moniker: { stack: 'main' }, application: 'shop' });
    assert.equal(a.metadata.annotations!['moniker.spinnaker.io/application'], 'shop');
    assert.equal(a.metadata.annotations!['moniker.spinnaker.io/cluster'], 'deployment web');
    assert.equal(a.metadata.annotations!['moniker.spinnaker.io/stack'], 'main');
    assert.equal(a.metadata.annotations!['artifact.spinnaker.io/location'], 'prod');
    assert.equal((a.spec!.template as { metadata: { annotations: Record<string, string> } }).metadata.annotations['moniker.spinnaker.io/application'], 'shop');
    assert.equal(contentHash(a), contentHash(structuredClone(a)));
  });

  it('points volumes, envFrom and env references at versioned ConfigMaps and Secrets', () => {
    const pod = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        template: {
          spec: {
            volumes: [{ configMap: { name: 'cfg' } }, { secret: { secretName: 'creds' } }],
            containers: [{ envFrom: [{ configMapRef: { name: 'cfg' } }], env: [{ valueFrom: { secretKeyRef: { name: 'creds' } } }, { valueFrom: { configMapKeyRef: { name: 'other' } } }] }],
          },
        },
      },
    } as unknown as KubeObject;
    const bound = bindVersionedReferences(pod, { configMaps: new Map([['cfg', 'cfg-v004']]), secrets: new Map([['creds', 'creds-v001']]) });
    assert.deepEqual(JSON.parse(JSON.stringify(bound.spec!.template)).spec, {
      volumes: [{ configMap: { name: 'cfg-v004' } }, { secret: { secretName: 'creds-v001' } }],
      containers: [{ envFrom: [{ configMapRef: { name: 'cfg-v004' } }], env: [{ valueFrom: { secretKeyRef: { name: 'creds-v001' } } }, { valueFrom: { configMapKeyRef: { name: 'other' } } }] }],
    });
  });

  it('reads SPINNAKER_PROPERTY_ lines from a job log', () => {
    assert.deepEqual(parseProperties('starting\nSPINNAKER_PROPERTY_SCHEMA_VERSION=42\n  SPINNAKER_PROPERTY_URL=http://x/?a=b \nSPINNAKER_PROPERTY_=x\n'), { schema_version: '42', url: 'http://x/?a=b' });
  });
});
