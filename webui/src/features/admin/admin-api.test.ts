import { describe, expect, it } from 'vitest';
import { auditUrl, outcomeTone } from './admin-api';
import { checkUserForm } from './user-form';

describe('admin api helpers', () => {
  it('builds the audit query', () => {
    expect(auditUrl()).toBe('/api/audit?page=0&size=50');
    expect(auditUrl({ page: 2, size: 10, action: ' auth.login ', principal: 'bob' })).toBe(
      '/api/audit?page=2&size=10&action=auth.login&principal=bob',
    );
    expect(auditUrl({ action: '  ', principal: '' })).toBe('/api/audit?page=0&size=50');
  });

  it('colours outcomes', () => {
    expect(outcomeTone('success')).toBe('ok');
    expect(outcomeTone('DENIED')).toBe('danger');
    expect(outcomeTone('failure')).toBe('danger');
    expect(outcomeTone('pending')).toBe('neutral');
  });

  it('checks new users', () => {
    expect(checkUserForm({ username: '', password: '', role: 'viewer' })).toEqual({
      username: 'Enter a username.',
      password: 'Enter a password.',
    });
    expect(
      checkUserForm({ username: 'bob smith', password: 'long enough pw', role: 'viewer' }),
    ).toHaveProperty('username');
    expect(checkUserForm({ username: 'bob', password: 'long enough pw', role: 'admin' })).toEqual(
      {},
    );
  });
});
