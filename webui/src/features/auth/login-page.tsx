import { KeyRound, LogIn, Zap } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { useFetch } from '../../lib/use-fetch';
import { DEFAULT_AUTH_CONFIG, fetchAuthConfig, login } from './auth-api';
import { safeLoginUrl, safeNextPath, ssoStartUrl } from './auth-paths';
import { checkSession, setSignedIn } from './auth-store';
import { SESSION_ENDED, loginErrorMessage, loginErrorNotice } from './login-messages';
import { useAuth } from './use-auth';
import { BusyButton } from '../../components/busy-button';

/** `/login`: username and password, or single sign-on; then back to `?next=`. */
export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const { status, reason } = useAuth();
  const { data } = useFetch('/api/auth/config', (signal) => fetchAuthConfig(signal));
  const config = data ?? DEFAULT_AUTH_CONFIG;
  const ssoUrl = config.oidc.enabled ? safeLoginUrl(config.oidc.loginUrl) : null;

  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [throttled, setThrottled] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const throttleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Someone who still has a session goes straight on.
  useEffect(() => {
    if (status === 'unknown') checkSession().catch(() => undefined);
  }, [status]);
  useEffect(() => () => clearTimeout(throttleTimer.current ?? undefined), []);

  if (status === 'signed-in') return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || throttled) return;
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const principal = await login(username.trim(), password);
      setPassword('');
      setSignedIn(principal); // re-renders into <Navigate to={next}>
    } catch (err) {
      setBusy(false);
      setPassword('');
      setError(loginErrorMessage(err));
      if (err instanceof ApiError && err.status === 429) {
        setThrottled(true);
        clearTimeout(throttleTimer.current ?? undefined);
        throttleTimer.current = setTimeout(
          () => setThrottled(false),
          Math.max(1, err.retryAfterSeconds ?? 5) * 1000,
        );
      }
      passwordRef.current?.focus();
    }
  };

  const notice =
    loginErrorNotice(params.get('error')) ?? (reason === 'expired' ? SESSION_ENDED : null);

  return (
    <div className="auth-screen">
      <main className="card auth-card" data-testid="login-page">
        <div className="brand auth-brand">
          <Zap size={22} className="brand-icon" aria-hidden="true" />
          <span>PonyBunny</span>
        </div>
        <h1 className="page-title">Sign in</h1>
        {notice && (
          <div className="notice" role="status" data-testid="login-notice">
            {notice}
          </div>
        )}
        {config.localLogin && (
          <form className="auth-form" onSubmit={(e) => void submit(e)} noValidate>
            <label className="field">
              <span className="field-label">Username</span>
              <input
                className="input"
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                data-testid="login-username"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                autoFocus
              />
            </label>
            <label className="field">
              <span className="field-label">Password</span>
              <input
                ref={passwordRef}
                className="input"
                type="password"
                name="password"
                autoComplete="current-password"
                data-testid="login-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
            {error && (
              <div className="inline-error" role="alert" data-testid="login-error">
                {error}
              </div>
            )}
            <BusyButton
              busy={busy}
              icon={LogIn}
              testId="login-submit"
              className="button primary auth-submit"
              disabled={throttled}
            >
              {busy ? 'Signing in…' : 'Sign in'}
            </BusyButton>
          </form>
        )}
        {ssoUrl && (
          <>
            {config.localLogin && <div className="auth-divider small muted">or</div>}
            <a
              className="button auth-submit"
              href={ssoStartUrl(ssoUrl, next)}
              data-testid="login-sso"
            >
              <KeyRound size={16} aria-hidden="true" />
              Sign in with single sign-on
            </a>
          </>
        )}
        {!config.localLogin && !ssoUrl && (
          <p className="muted">This server offers no way to sign in from the console.</p>
        )}
      </main>
    </div>
  );
}
