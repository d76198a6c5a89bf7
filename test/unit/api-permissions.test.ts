import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Principal } from '../../api/auth';
import { isAllowed, type Permission } from '../../api/permissions';

const user = (roles: string[], admin = false): Principal => ({ kind: 'user', user: 'u', roles, admin });

describe('application permissions (Fiat semantics)', () => {
  const permissions = { READ: ['dev', 'ops'], WRITE: ['ops'] };
  const cases: [string, Principal, unknown, Permission, boolean][] = [
    ['open API allows everything', { kind: 'open' }, permissions, 'WRITE', true],
    ['no permissions: unrestricted', user([]), undefined, 'WRITE', true],
    ['empty role lists: unrestricted', user([]), { READ: [], WRITE: [] }, 'EXECUTE', true],
    ['READ role reads', user(['dev']), permissions, 'READ', true],
    ['READ role cannot write', user(['dev']), permissions, 'WRITE', false],
    ['WRITE role writes', user(['ops']), permissions, 'WRITE', true],
    ['EXECUTE falls back to READ when absent', user(['dev']), permissions, 'EXECUTE', true],
    ['EXECUTE listed: READ is not enough', user(['dev']), { ...permissions, EXECUTE: ['ops'] }, 'EXECUTE', false],
    ['no matching role', user(['qa']), permissions, 'READ', false],
    ['roles compare without case', user(['OPS']), { WRITE: ['Ops'] }, 'WRITE', true],
    ['admins bypass', user(['qa'], true), permissions, 'WRITE', true],
    ['restricted: an unlisted action is denied', user(['dev']), { READ: ['dev'] }, 'WRITE', false],
    ['malformed permissions count as none', user(['qa']), 'everyone', 'WRITE', true],
  ];
  for (const [name, principal, perms, action, expected] of cases) {
    test(name, () => assert.equal(isAllowed(principal, perms, action), expected));
  }
});
