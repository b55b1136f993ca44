import { describe, expect, it } from 'vitest';
import { loginPath, safeLoginUrl, safeNextPath, ssoStartUrl } from './auth-paths';

describe('loginPath', () => {
  it('remembers the page to come back to', () => {
    expect(loginPath('/streams?goal=a b')).toBe('/login?next=%2Fstreams%3Fgoal%3Da%20b');
    expect(loginPath('/goals/g-1')).toBe('/login?next=%2Fgoals%2Fg-1');
  });

  it('leaves out the dashboard, the login page itself and foreign paths', () => {
    expect(loginPath('/')).toBe('/login');
    expect(loginPath('/login?next=%2Fx')).toBe('/login');
    expect(loginPath('//evil.example/x')).toBe('/login');
  });
});

describe('safeNextPath', () => {
  it('keeps local paths with their query', () => {
    expect(safeNextPath('/streams?status=error')).toBe('/streams?status=error');
    expect(safeNextPath('/goals/g-1')).toBe('/goals/g-1');
  });

  it('refuses other origins, schemes and loops', () => {
    for (const next of [
      null,
      '',
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example/',
      'javascript:alert(1)',
      'streams',
      '/login',
      '/x\ny',
    ]) {
      expect(safeNextPath(next)).toBe('/');
    }
  });
});

describe('ssoStartUrl', () => {
  it('asks the server to come back to the page', () => {
    expect(ssoStartUrl('/api/auth/oidc/login', '/')).toBe('/api/auth/oidc/login');
    expect(ssoStartUrl('/api/auth/oidc/login', '/goals?q=a')).toBe(
      '/api/auth/oidc/login?next=%2Fgoals%3Fq%3Da',
    );
    expect(ssoStartUrl('/sso?x=1', '/keys')).toBe('/sso?x=1&next=%2Fkeys');
  });
});

describe('safeLoginUrl', () => {
  it('accepts local paths and http(s) URLs only', () => {
    expect(safeLoginUrl('/api/auth/oidc/login')).toBe('/api/auth/oidc/login');
    expect(safeLoginUrl('https://idp.example/auth?x=1')).toBe('https://idp.example/auth?x=1');
    expect(safeLoginUrl('javascript:alert(1)')).toBeNull();
    expect(safeLoginUrl('//evil.example')).toBeNull();
    expect(safeLoginUrl(null)).toBeNull();
  });
});
