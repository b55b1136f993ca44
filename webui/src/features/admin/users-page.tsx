import { LoaderCircle, UserPlus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/time';
import { useFetch } from '../../lib/use-fetch';
import { PASSWORD_MIN, checkNewPassword } from '../auth/password-form';
import { ROLES, type Role } from '../auth/roles';
import { useAuth } from '../auth/use-auth';
import { createUser, deleteUser, listUsers, updateUser, type User } from './admin-api';
import {
  EMPTY_USER_FORM,
  checkUserForm,
  toNewUser,
  type UserFormErrors,
  type UserFormValues,
} from './user-form';
import { LabeledField } from '../../components/labeled-field';
import { FormErrors } from '../../components/form-errors';
import { BusyButton } from '../../components/busy-button';

type Report = (outcome: { ok?: string; error?: string }) => void;

function UserRow({ user, self, report }: { user: User; self: boolean; report: Report }) {
  const [mode, setMode] = useState<'idle' | 'password' | 'delete'>('idle');
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await work();
      setMode('idle');
      setPassword('');
      report({ ok });
    } catch (err) {
      report({ error: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const savePassword = (e: FormEvent) => {
    e.preventDefault();
    const weak = checkNewPassword(password);
    setPasswordError(weak ?? null);
    if (weak) return;
    void run(
      () => updateUser(user.username, { password }),
      `The password of ${user.username} was reset.`,
    );
  };

  return (
    <tr data-testid="user-row" data-username={user.username}>
      <td className="strong">
        {user.username}
        {self && <span className="muted small"> (you)</span>}
      </td>
      <td>
        <select
          className="input"
          aria-label={`Role of ${user.username}`}
          data-testid="user-role-select"
          value={user.role}
          disabled={self || busy}
          title={self ? 'You cannot change your own role' : undefined}
          onChange={(e) =>
            void run(
              () => updateUser(user.username, { role: e.target.value as Role }),
              `${user.username} is now ${e.target.value}.`,
            )
          }
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td className="small">{user.hasPassword ? 'set' : 'none'}</td>
      <td className="small muted">{formatDateTime(user.createdAt)}</td>
      <td className="num">
        {mode === 'password' ? (
          <form className="confirm-inline" onSubmit={savePassword} noValidate>
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              aria-label={`New password for ${user.username}`}
              placeholder={`at least ${PASSWORD_MIN} characters`}
              data-testid="user-new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <button
              type="submit"
              className="button small primary"
              data-testid="user-password-save"
              disabled={busy}
            >
              Save
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => {
                setMode('idle');
                setPassword('');
                setPasswordError(null);
              }}
            >
              Cancel
            </button>
            {passwordError && (
              <span className="field-error" role="alert" data-testid="user-password-error">
                {passwordError}
              </span>
            )}
          </form>
        ) : mode === 'delete' ? (
          <span className="confirm-inline">
            <span className="small">Delete {user.username} and sign them out?</span>
            <button
              type="button"
              className="button small danger-outline"
              data-testid="user-delete-confirm"
              disabled={busy}
              onClick={() =>
                void run(() => deleteUser(user.username), `${user.username} was deleted.`)
              }
            >
              {busy && <LoaderCircle size={14} className="spin" aria-hidden="true" />}
              Delete user
            </button>
            <button type="button" className="button small" onClick={() => setMode('idle')}>
              Keep
            </button>
          </span>
        ) : (
          <span className="confirm-inline">
            <button
              type="button"
              className="button small"
              data-testid="user-reset-password"
              onClick={() => setMode('password')}
            >
              Reset password
            </button>
            <button
              type="button"
              className="button small danger-outline"
              data-testid="user-delete"
              disabled={self}
              title={self ? 'You cannot delete yourself' : undefined}
              onClick={() => setMode('delete')}
            >
              Delete
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}

/** `/users` (admins): list, add, reset password, change role, delete. */
export function UsersPage() {
  const { user: me } = useAuth();
  const { data, error, loading, reload } = useFetch('/api/users', (signal) => listUsers(signal));
  const [values, setValues] = useState<UserFormValues>(EMPTY_USER_FORM);
  const [errors, setErrors] = useState<UserFormErrors>({});
  const [formError, setFormError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});

  const report: Report = (result) => {
    setOutcome(result);
    if (result.ok) reload();
  };

  const set =
    <K extends keyof UserFormValues>(key: K) =>
    (value: UserFormValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const local = checkUserForm(values);
    setErrors(local);
    setFormError([]);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const created = await createUser(toNewUser(values));
      setValues(EMPTY_USER_FORM);
      report({ ok: `${created?.username ?? values.username.trim()} was added.` });
    } catch (err) {
      if (err instanceof ApiError) {
        const fields: UserFormErrors = {};
        const other: string[] = [];
        for (const { field, message } of err.problem?.errors ?? []) {
          const name = field.split('.').pop();
          if (name === 'username' || name === 'password' || name === 'role') fields[name] = message;
          else other.push(field ? `${field}: ${message}` : message);
        }
        setErrors(fields);
        setFormError([err.message, ...other]);
      } else {
        setFormError([errorMessage(err)]);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page">
      <div className="page-header">
        <h1 className="page-title">Users</h1>
        <span className="muted small">Who may sign in, and with which role</span>
      </div>
      {outcome.ok && (
        <div className="notice notice-ok" role="status" data-testid="users-notice">
          {outcome.ok}
        </div>
      )}
      {outcome.error && (
        <div className="inline-error" role="alert" data-testid="users-action-error">
          {outcome.error}
        </div>
      )}
      {error ? (
        <div className="card empty" role="alert" data-testid="users-error">
          Could not load users: {errorMessage(error)}
        </div>
      ) : data ? (
        <div className="card table-card">
          <table className="table" data-testid="user-table">
            <thead>
              <tr>
                <th>User</th>
                <th>Role</th>
                <th>Password</th>
                <th>Created</th>
                <th className="num">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((u) => (
                <UserRow key={u.username} user={u} self={u.username === me?.name} report={report} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="card empty">{loading ? 'Loading users…' : 'No users.'}</div>
      )}
      <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate>
        <h2 className="card-title">Add user</h2>
        <div className="form-row">
          <LabeledField label="Username" field="username" error={errors.username}>
            <input
              className="input"
              autoComplete="off"
              data-testid="user-add-username"
              value={values.username}
              aria-invalid={!!errors.username}
              onChange={(e) => set('username')(e.target.value)}
            />
          </LabeledField>
          <LabeledField
            label="Password"
            field="password"
            error={errors.password}
            hint={`(at least ${PASSWORD_MIN} characters)`}
          >
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              data-testid="user-add-password"
              value={values.password}
              aria-invalid={!!errors.password}
              onChange={(e) => set('password')(e.target.value)}
            />
          </LabeledField>
          <LabeledField label="Role" field="role" error={errors.role}>
            <select
              className="input"
              data-testid="user-add-role"
              value={values.role}
              onChange={(e) => set('role')(e.target.value as Role)}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </LabeledField>
        </div>
        <FormErrors messages={formError} testId="user-form-error" />
        <div className="form-actions">
          <BusyButton busy={busy} icon={UserPlus} testId="user-add-submit">
            Add user
          </BusyButton>
        </div>
      </form>
    </section>
  );
}
