import { CircleCheck, Save, UserRound } from 'lucide-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../lib/api';
import { changePassword } from './auth-api';
import { checkSession } from './auth-store';
import {
  EMPTY_PASSWORD_FORM,
  PASSWORD_MIN,
  checkPasswordForm,
  mapPasswordErrors,
  type PasswordErrors,
  type PasswordField,
  type PasswordValues,
} from './password-form';
import { RoleBadge } from './role-badge';
import { useAuth } from './use-auth';
import { FormErrors } from '../../components/form-errors';
import { BusyButton } from '../../components/busy-button';

const VIA: Record<string, string> = {
  session: 'a password or single sign-on (browser session)',
  key: 'an API key',
  jwt: 'a bearer token (JWT)',
};

function PasswordInput({
  label,
  field,
  value,
  error,
  autoComplete,
  onChange,
  hint,
}: {
  label: string;
  field: PasswordField;
  value: string;
  error?: string;
  autoComplete: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
}) {
  return (
    <label className={`field${error ? ' has-error' : ''}`}>
      <span className="field-label">
        {label}
        {hint && <span className="muted field-hint"> {hint}</span>}
      </span>
      <input
        className="input"
        type="password"
        autoComplete={autoComplete}
        data-testid={`password-${field}`}
        value={value}
        aria-invalid={!!error}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span className="field-error" role="alert" data-testid={`field-error-${field}`}>
          {error}
        </span>
      )}
    </label>
  );
}

/** `/account`: who is signed in; change the password (`?firstStart=1`: choose the first one). */
export function AccountPage() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const firstStart = params.get('firstStart') === '1';
  const [values, setValues] = useState<PasswordValues>(EMPTY_PASSWORD_FORM);
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [formError, setFormError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<'changed' | 'chosen' | null>(null);

  if (!user) return null;
  const set = (key: keyof PasswordValues) => (value: string) =>
    setValues((v) => ({ ...v, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const local = checkPasswordForm(values, firstStart);
    setErrors(local);
    setFormError([]);
    setSaved(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await changePassword(values.newPassword, firstStart ? undefined : values.currentPassword);
      setValues(EMPTY_PASSWORD_FORM);
      setSaved(firstStart ? 'chosen' : 'changed');
      if (firstStart) {
        setParams(
          (prev) => {
            const nextParams = new URLSearchParams(prev);
            nextParams.delete('firstStart');
            return nextParams;
          },
          { replace: true },
        );
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        // Either the session ended (then the guard goes to the sign-in page) or the current
        // password was wrong.
        const still = await checkSession().catch(() => null);
        if (!still) return;
      }
      if (err instanceof ApiError) {
        const mapped = mapPasswordErrors(err.problem?.errors ?? []);
        setErrors(mapped.fields);
        const headline =
          err.status === 401 && !err.problem?.detail
            ? 'The current password is wrong.'
            : err.message;
        setFormError(
          Object.keys(mapped.fields).length > 0 && mapped.other.length === 0
            ? []
            : [headline, ...mapped.other],
        );
      } else {
        setFormError([errorMessage(err)]);
      }
    } finally {
      setBusy(false);
    }
  };

  const canChange = user.via === 'session';

  return (
    <section className="page narrow" data-testid="account-page">
      <div className="page-header">
        <h1 className="page-title">{firstStart ? 'Welcome' : 'Account'}</h1>
      </div>
      <div className="card account-card">
        <UserRound size={28} className="muted" aria-hidden="true" />
        <div className="account-facts">
          <div>
            <span className="strong" data-testid="account-name">
              {user.name}
            </span>{' '}
            <RoleBadge role={user.role} testId="account-role" />
          </div>
          <span className="muted small">Signed in with {VIA[user.via] ?? user.via}.</span>
        </div>
      </div>
      {saved && (
        <div className="notice notice-ok" role="status" data-testid="password-saved">
          <CircleCheck size={16} aria-hidden="true" />
          {saved === 'chosen' ? (
            <span>
              Your password is set: sign in with it from now on.{' '}
              <Link to="/">Go to the dashboard</Link>
            </span>
          ) : (
            <span>Your password was changed.</span>
          )}
        </div>
      )}
      {canChange ? (
        <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate>
          <h2 className="card-title">{firstStart ? 'Choose your password' : 'Change password'}</h2>
          {firstStart && (
            <p className="muted" data-testid="first-start-note">
              The one-time sign-in link has done its job and cannot be used again. Choose the
              password of <span className="strong">{user.name}</span> now: you will sign in with it
              from now on.
            </p>
          )}
          {!firstStart && (
            <PasswordInput
              label="Current password"
              field="currentPassword"
              autoComplete="current-password"
              value={values.currentPassword}
              error={errors.currentPassword}
              onChange={set('currentPassword')}
            />
          )}
          <PasswordInput
            label="New password"
            field="newPassword"
            autoComplete="new-password"
            hint={`(at least ${PASSWORD_MIN} characters)`}
            value={values.newPassword}
            error={errors.newPassword}
            onChange={set('newPassword')}
          />
          <PasswordInput
            label="Repeat the new password"
            field="confirm"
            autoComplete="new-password"
            value={values.confirm}
            error={errors.confirm}
            onChange={set('confirm')}
          />
          <FormErrors messages={formError} testId="password-error" />
          <div className="form-actions">
            <BusyButton busy={busy} icon={Save} testId="password-submit">
              {firstStart ? 'Set password' : 'Change password'}
            </BusyButton>
          </div>
        </form>
      ) : (
        <div className="card empty" data-testid="password-not-applicable">
          There is no password to change here: you are signed in with {VIA[user.via] ?? user.via}.
        </div>
      )}
    </section>
  );
}
