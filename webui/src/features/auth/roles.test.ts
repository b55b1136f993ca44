import { describe, expect, it } from 'vitest';
import { assignableRoles, canCancel, canRetry, canRole, isRole } from './roles';

describe('canRole', () => {
  it('orders admin ⊇ operator ⊇ viewer', () => {
    expect(canRole('admin', 'admin')).toBe(true);
    expect(canRole('admin', 'operator')).toBe(true);
    expect(canRole('admin', 'viewer')).toBe(true);
    expect(canRole('operator', 'admin')).toBe(false);
    expect(canRole('operator', 'operator')).toBe(true);
    expect(canRole('operator', 'viewer')).toBe(true);
    expect(canRole('viewer', 'operator')).toBe(false);
    expect(canRole('viewer', 'viewer')).toBe(true);
  });

  it('grants nothing to missing or unknown roles', () => {
    expect(canRole(undefined, 'viewer')).toBe(false);
    expect(canRole(null, 'viewer')).toBe(false);
    expect(canRole('root', 'viewer')).toBe(false);
    expect(canRole('ADMIN', 'viewer')).toBe(false);
    expect(isRole('operator')).toBe(true);
    expect(isRole('superuser')).toBe(false);
  });
});

describe('assignableRoles', () => {
  it('offers at most the creator’s own role, weakest first', () => {
    expect(assignableRoles('admin')).toEqual(['viewer', 'operator', 'admin']);
    expect(assignableRoles('operator')).toEqual(['viewer', 'operator']);
    expect(assignableRoles('viewer')).toEqual(['viewer']);
    expect(assignableRoles(undefined)).toEqual([]);
  });
});

describe('canCancel', () => {
  const alice = { name: 'alice', role: 'operator' };
  it('lets admins cancel anything, operators their own (or unknown owner), viewers nothing', () => {
    expect(canCancel({ name: 'root', role: 'admin' }, 'bob')).toBe(true);
    expect(canCancel(alice, 'alice')).toBe(true);
    expect(canCancel(alice, 'bob')).toBe(false);
    expect(canCancel(alice, undefined)).toBe(true);
    expect(canCancel({ name: 'val', role: 'viewer' }, 'val')).toBe(false);
    expect(canCancel(null, 'alice')).toBe(false);
  });
});

describe('canRetry', () => {
  it('follows the cancel rule: admins any goal, operators their own, viewers none', () => {
    expect(canRetry({ name: 'root', role: 'admin' }, 'bob')).toBe(true);
    expect(canRetry({ name: 'alice', role: 'operator' }, 'alice')).toBe(true);
    expect(canRetry({ name: 'alice', role: 'operator' }, 'bob')).toBe(false);
    expect(canRetry({ name: 'val', role: 'viewer' }, 'val')).toBe(false);
    expect(canRetry(undefined, 'val')).toBe(false);
  });
});
