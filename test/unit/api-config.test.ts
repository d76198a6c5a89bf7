import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, parseApiConfig } from '../../api/config';

const DB = 'postgresql://postgres@127.0.0.1:5432/gennaker';

describe('API configuration from the environment', () => {
  test('defaults: port 8084, local Temporal, default namespace and task queue, auth off', () => {
    const config = parseApiConfig({ DATABASE_URL: DB });
    assert.deepEqual(config, {
      port: 8084,
      host: undefined,
      databaseUrl: DB,
      temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'gennaker' },
      auth: { tokens: undefined, trustedHeader: undefined, rolesHeader: undefined, adminRoles: undefined, trustedProxies: undefined },
    });
  });

  test('empty values mean the default', () => {
    const config = parseApiConfig({ DATABASE_URL: DB, PORT: '', TEMPORAL_ADDRESS: ' ', GENNAKER_AUTH_TOKENS: '' });
    assert.equal(config.port, 8084);
    assert.equal(config.temporal.address, '127.0.0.1:7233');
    assert.equal(config.auth.tokens, undefined);
  });

  test('every bad value is reported at once, by name', () => {
    assert.throws(
      () => parseApiConfig({ PORT: 'eighty', TEMPORAL_ADDRESS: 'nohost', GENNAKER_AUTH_TOKENS: '{oops' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        for (const name of ['PORT', 'DATABASE_URL', 'TEMPORAL_ADDRESS', 'GENNAKER_AUTH_TOKENS']) {
          assert.match(err.message, new RegExp(`${name}:`));
        }
        return true;
      },
    );
  });

  test('auth settings: tokens JSON, trusted headers, admin roles', () => {
    const config = parseApiConfig({
      DATABASE_URL: DB,
      GENNAKER_AUTH_TOKENS: JSON.stringify({ 'a-long-enough-token-1': { user: 'alice', roles: ['ops'] } }),
      GENNAKER_AUTH_TRUSTED_HEADER: 'X-Forwarded-User',
      GENNAKER_AUTH_ROLES_HEADER: 'X-Forwarded-Groups',
      GENNAKER_AUTH_ADMIN_ROLES: 'admins, sre',
      GENNAKER_AUTH_TRUSTED_PROXIES: '10.0.3.7/32, fd00::/8',
    });
    assert.deepEqual(config.auth, {
      tokens: { 'a-long-enough-token-1': { user: 'alice', roles: ['ops'] } },
      trustedHeader: 'X-Forwarded-User',
      rolesHeader: 'X-Forwarded-Groups',
      adminRoles: ['admins', 'sre'],
      trustedProxies: ['10.0.3.7/32', 'fd00::/8'],
    });
  });

  test('short tokens and tokens without a user are refused', () => {
    assert.throws(() => parseApiConfig({ DATABASE_URL: DB, GENNAKER_AUTH_TOKENS: '{"short":{"user":"a"}}' }), /16 characters/);
    assert.throws(() => parseApiConfig({ DATABASE_URL: DB, GENNAKER_AUTH_TOKENS: '{"a-long-enough-token-1":{}}' }), ConfigError);
  });

  test('DATABASE_URL must be a PostgreSQL URL', () => {
    assert.throws(() => parseApiConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL: must be a postgresql:\/\/ URL/);
  });
});
