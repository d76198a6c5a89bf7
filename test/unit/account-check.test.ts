import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { accountProblems, checkAccount } from '../../api/account-check';
import { ApiError } from '../../api/errors';
import { BROKEN_YAML, SECRET, kubeconfigYaml } from '../api/support/kubeconfig';

const paths = (body: unknown) => accountProblems(body).map((p) => p.path).sort();
const only = (body: unknown) => {
  const problems = accountProblems(body);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  return problems[0];
};

describe('account validation (POST /credentials)', () => {
  test('valid accounts of both types come back as the worker reads them', () => {
    const inline = { name: 'prod-eu', type: 'kubernetes', kubeconfig: kubeconfigYaml({ contexts: ['a', 'b'] }), context: 'b', namespaces: ['web', 'jobs'] };
    assert.deepEqual(checkAccount(inline), inline);
    assert.deepEqual(checkAccount({ name: 'local', type: 'kubernetes', kubeconfigFile: '/etc/gennaker/kubeconfig' }), {
      name: 'local',
      type: 'kubernetes',
      kubeconfigFile: '/etc/gennaker/kubeconfig',
    });
    const gke = { name: 'gke-prod', type: 'gke', project: 'my-project-123', location: 'europe-west1-b', cluster: 'prod-1' };
    assert.deepEqual(checkAccount(gke), gke);
    assert.deepEqual(paths({ ...gke, project: 'example.com:my-project' }), [], 'domain-scoped projects are project ids too');
  });

  test('every problem is listed with its JSON path, unknown fields included', () => {
    assert.deepEqual(paths({ name: 'Bad_Name', type: 'kubernetes', kubeconfigFile: 'relative/path', context: '', namespaces: ['ok', 'Not-Valid', 'ok'], permissions: {} }), [
      'context',
      'kubeconfigFile',
      'name',
      'namespaces[1]',
      'namespaces[2]',
      'permissions',
    ]);
    assert.deepEqual(paths({ name: 'g', type: 'gke', project: 'x', location: 'mars', kubeconfig: 'a: b' }), ['cluster', 'kubeconfig', 'location', 'project']);
    assert.equal(only({ name: 'g', type: 'gke', project: 'my-project', location: 'us-east1', cluster: 'c', context: 'x' }).message, 'is not a field of a gke account');
  });

  test('type and name are reported even when the type is unknown', () => {
    assert.deepEqual(paths({ name: 'UPPER' }), ['name', 'type']);
    assert.deepEqual(accountProblems({ name: 'ok', type: 'ecs' }), [{ path: 'type', message: "must be 'kubernetes' or 'gke'" }]);
    for (const body of [[], null, 'kubeconfig', 42]) assert.deepEqual(paths(body), [''], JSON.stringify(body));
  });

  test('a kubernetes account needs exactly one kubeconfig source', () => {
    assert.match(only({ name: 'k', type: 'kubernetes' }).message, /is required: give kubeconfig \(inline YAML\) or kubeconfigFile/);
    assert.deepEqual(only({ name: 'k', type: 'kubernetes', kubeconfigFile: '/k', kubeconfig: kubeconfigYaml() }), {
      path: 'kubeconfig',
      message: 'give kubeconfigFile or kubeconfig, not both',
    });
    assert.deepEqual(only({ name: 'k', type: 'kubernetes', kubeconfig: '  \n' }), { path: 'kubeconfig', message: 'must not be empty' });
  });

  test('a kubeconfig that does not parse: its position, never its text', () => {
    const problem = only({ name: 'k', type: 'kubernetes', kubeconfig: BROKEN_YAML });
    assert.equal(problem.path, 'kubeconfig');
    assert.match(problem.message, /^is not valid YAML \(line \d+, column \d+\)/);
    assert.ok(!problem.message.includes(SECRET));
    assert.throws(() => new KubeConfig().loadFromString(BROKEN_YAML), (err: Error) => err.message.includes(SECRET), 'the loader itself would quote it');

    const tabs = only({ name: 'k', type: 'kubernetes', kubeconfig: `users:\n\t- token: ${SECRET}` });
    assert.ok(!tabs.message.includes(SECRET), tabs.message);
  });

  test('YAML that is not a kubeconfig', () => {
    for (const yaml of [SECRET, '- a\n- b\n', 'clusters: 3\n']) {
      const problem = only({ name: 'k', type: 'kubernetes', kubeconfig: yaml });
      assert.equal(problem.path, 'kubeconfig', yaml);
      assert.ok(!problem.message.includes(SECRET));
    }
    assert.equal(
      only({ name: 'k', type: 'kubernetes', kubeconfig: 'clusters:\n- cluster: {server: https://x}\n' }).message,
      'is not a valid kubeconfig: clusters[0].name is missing',
    );
  });

  test('the context must be in the kubeconfig; without one, the kubeconfig needs a current-context', () => {
    assert.deepEqual(only({ name: 'k', type: 'kubernetes', kubeconfig: kubeconfigYaml({ contexts: ['a', 'b'] }), context: 'c' }), {
      path: 'context',
      message: "'c' is not a context of the kubeconfig (its contexts: 'a', 'b')",
    });
    assert.deepEqual(only({ name: 'k', type: 'kubernetes', kubeconfig: kubeconfigYaml({ contexts: ['a'], current: null }) }), {
      path: 'context',
      message: "is required: the kubeconfig has no current-context (its contexts: 'a')",
    });
    assert.deepEqual(paths({ name: 'k', type: 'kubernetes', kubeconfig: kubeconfigYaml({ contexts: ['a'], current: null }), context: 'a' }), []);
    assert.equal(only({ name: 'k', type: 'kubernetes', kubeconfig: kubeconfigYaml({ current: 'gone' }) }).path, 'kubeconfig');
    assert.deepEqual(only({ name: 'k', type: 'kubernetes', kubeconfig: kubeconfigYaml({ cluster: 'elsewhere' }) }), {
      path: 'kubeconfig',
      message: "context 'sandbox' names cluster 'elsewhere', which the kubeconfig does not define",
    });
  });

  test('checkAccount throws a 400 whose message and problems never quote the kubeconfig', () => {
    assert.throws(
      () => checkAccount({ name: 'Bad', type: 'kubernetes', kubeconfig: BROKEN_YAML }),
      (err: unknown) => {
        assert.ok(err instanceof ApiError);
        assert.equal(err.status, 400);
        assert.deepEqual(err.errors.map((p) => p.path).sort(), ['kubeconfig', 'name']);
        assert.match(err.message, /^invalid account: /);
        assert.ok(!JSON.stringify([err.message, err.errors]).includes(SECRET));
        return true;
      },
    );
  });
});
