import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { formatWait, loginErrorMessage, loginErrorNotice } from './login-messages';

describe('login error messages', () => {
  it('says so for wrong credentials (server detail first) and throttling', () => {
    expect(loginErrorMessage(new ApiError(401, 'x'))).toBe('Invalid username or password.');
    expect(
      loginErrorMessage(new ApiError(401, 'x', { detail: 'Invalid username or password.' })),
    ).toBe('Invalid username or password.');
    expect(loginErrorMessage(new ApiError(429, 'Too Many Requests', undefined, 30))).toBe(
      'Too many sign-in attempts. Try again in 30 seconds.',
    );
    expect(loginErrorMessage(new ApiError(429, 'Too Many Requests'))).toBe(
      'Too many sign-in attempts. Wait a moment and try again.',
    );
    expect(loginErrorMessage(new ApiError(500, 'boom'))).toBe('boom');
    expect(loginErrorMessage(new TypeError('Failed to fetch'))).toBe(
      'Request failed: Failed to fetch',
    );
  });

  it('explains the server’s redirects', () => {
    expect(loginErrorNotice('link')).toBe('This sign-in link is invalid or was already used.');
    expect(loginErrorNotice('sso')).toMatch(/Single sign-on did not complete/);
    expect(loginErrorNotice(null)).toBeNull();
    expect(loginErrorNotice('<b>x</b>')).toBeNull();
  });

  it('formats waits', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(59)).toBe('59 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(61)).toBe('2 minutes');
  });
});
