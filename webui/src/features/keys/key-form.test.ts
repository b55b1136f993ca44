import { describe, expect, it } from 'vitest';
import { EMPTY_KEY_FORM, checkKeyForm, mapKeyErrors, toNewApiKey } from './key-form';
import { keyState, type ApiKey } from './keys-api';

describe('key form', () => {
  it('needs a name and a sensible expiry', () => {
    expect(checkKeyForm(EMPTY_KEY_FORM)).toEqual({
      name: 'Name the key after what will use it.',
    });
    for (const days of ['0', '-1', '1.5', 'x', '3651']) {
      expect(checkKeyForm({ ...EMPTY_KEY_FORM, name: 'k', expiresInDays: days })).toHaveProperty(
        'expiresInDays',
      );
    }
    expect(checkKeyForm({ ...EMPTY_KEY_FORM, name: 'k', expiresInDays: '' })).toEqual({});
  });

  it('builds the body; only admins name an owner', () => {
    const values = {
      name: ' ci ',
      role: 'operator' as const,
      expiresInDays: '30',
      owner: ' bob ',
    };
    expect(toNewApiKey(values, true)).toEqual({
      name: 'ci',
      role: 'operator',
      expiresInDays: 30,
      owner: 'bob',
    });
    expect(toNewApiKey({ ...values, expiresInDays: '' }, false)).toEqual({
      name: 'ci',
      role: 'operator',
    });
  });

  it('maps field errors', () => {
    expect(mapKeyErrors([{ field: 'create.arg0.role', message: 'too strong' }])).toEqual({
      fields: { role: 'too strong' },
      other: [],
    });
  });
});

describe('keyState', () => {
  const key: ApiKey = {
    id: 'k',
    name: 'k',
    owner: 'a',
    role: 'viewer',
    prefix: 'pb_x',
    createdAt: '2026-01-01T00:00:00Z',
    createdBy: 'a',
  };
  it('is revoked, expired or active', () => {
    const now = Date.parse('2026-02-01T00:00:00Z');
    expect(keyState(key, now)).toBe('active');
    expect(keyState({ ...key, expiresAt: '2026-01-15T00:00:00Z' }, now)).toBe('expired');
    expect(keyState({ ...key, expiresAt: '2026-03-01T00:00:00Z' }, now)).toBe('active');
    expect(keyState({ ...key, revokedAt: '2026-01-02T00:00:00Z' }, now)).toBe('revoked');
  });
});
