import { describe, expect, it } from 'vitest';
import {
  EMPTY_KEY_FORM,
  checkKeyForm,
  mapKeyErrors,
  parseLimit,
  parseUsd,
  toNewApiKey,
} from './key-form';
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
      ...EMPTY_KEY_FORM,
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
    expect(
      mapKeyErrors([
        { field: 'requestsPerMinute', message: 'must be at least 1' },
        { field: 'createKey.arg0.tokensPerDay', message: 'must be at least 1' },
        { field: 'concurrentStreams', message: 'must be at least 1' },
        { field: 'colour', message: 'unknown' },
      ]),
    ).toEqual({
      fields: {
        requestsPerMinute: 'must be at least 1',
        tokensPerDay: 'must be at least 1',
        concurrentStreams: 'must be at least 1',
      },
      other: ['colour: unknown'],
    });
  });

  it('checks the optional limits like the server: whole numbers from 1, or empty', () => {
    const base = { ...EMPTY_KEY_FORM, name: 'k' };
    expect(checkKeyForm({ ...base, requestsPerMinute: ' 60 ', tokensPerDay: '1' })).toEqual({});
    for (const bad of ['0', '-1', '1.5', 'x', '1e3', '+5']) {
      expect(checkKeyForm({ ...base, concurrentStreams: bad })).toEqual({
        concurrentStreams: "A whole number of at least 1, or empty for the owner's limit.",
      });
    }
    // Java Integer for requests and streams, Long (within JSON's safe integers) for tokens.
    expect(checkKeyForm({ ...base, requestsPerMinute: '2147483647' })).toEqual({});
    expect(checkKeyForm({ ...base, requestsPerMinute: '2147483648' })).toHaveProperty(
      'requestsPerMinute',
    );
    expect(checkKeyForm({ ...base, tokensPerDay: '9007199254740991' })).toEqual({});
    expect(checkKeyForm({ ...base, tokensPerDay: '9007199254740992' })).toHaveProperty(
      'tokensPerDay',
    );
    expect(parseLimit('tokensPerDay', '')).toBeUndefined();
    expect(parseLimit('tokensPerDay', '250000')).toBe(250_000);
  });

  it('sends only the limits that were filled in', () => {
    const values = {
      ...EMPTY_KEY_FORM,
      name: 'ci',
      expiresInDays: '',
      requestsPerMinute: '10',
      tokensPerDay: ' 50000 ',
    };
    expect(toNewApiKey(values, false)).toEqual({
      name: 'ci',
      role: 'viewer',
      requestsPerMinute: 10,
      tokensPerDay: 50_000,
    });
  });
});

describe('key form: spend limit', () => {
  it('takes an amount above 0 with at most nine decimals, or empty', () => {
    expect(parseUsd('')).toBeUndefined();
    expect(parseUsd(' 2.50 ')).toBe(2.5);
    expect(parseUsd('$0.000000001')).toBe(1e-9);
    for (const bad of ['0', '-1', 'x', '1e3', '0.0000000001', '1000000001', '1.']) {
      expect(parseUsd(bad)).toBe('invalid');
    }
    const base = { ...EMPTY_KEY_FORM, name: 'k' };
    expect(checkKeyForm({ ...base, usdPerDay: '0' })).toHaveProperty('usdPerDay');
    expect(toNewApiKey({ ...base, usdPerDay: '0.75' }, false)).toMatchObject({ usdPerDay: 0.75 });
    expect(mapKeyErrors([{ field: 'usdPerDay', message: 'too much' }]).fields).toEqual({
      usdPerDay: 'too much',
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
