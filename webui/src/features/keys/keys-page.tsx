import { KeyRound, LoaderCircle, Plus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { formatAgo, formatDateTime } from '../../lib/time';
import { useFetch } from '../../lib/use-fetch';
import { RoleBadge } from '../auth/role-badge';
import { assignableRoles, type Role } from '../auth/roles';
import { useAuth } from '../auth/use-auth';
import { KeyQuota } from './components/key-quota';
import { QuotaPanel } from './components/quota-panel';
import { SecretOnce } from './components/secret-once';
import {
  EMPTY_KEY_FORM,
  EXPIRY_MAX_DAYS,
  LIMIT_FIELDS,
  checkKeyForm,
  mapKeyErrors,
  toNewApiKey,
  type KeyFormErrors,
  type KeyFormValues,
  type LimitField,
} from './key-form';
import {
  createKey,
  keyState,
  listKeys,
  revokeKey,
  type ApiKey,
  type CreatedApiKey,
} from './keys-api';
import { formatLimit, formatMoney, getQuota, hasSpend, type QuotaStatus } from './quota';
import { LabeledField } from '../../components/labeled-field';
import { FormErrors } from '../../components/form-errors';
import { BusyButton } from '../../components/busy-button';

/** The limit fields of the form: label, test id, and the owner's limit they default to. */
const LIMIT_INPUTS: Record<
  LimitField,
  { label: string; testId: string; ownerLimit: (q: QuotaStatus) => number }
> = {
  requestsPerMinute: {
    label: 'Requests per minute',
    testId: 'key-rpm-input',
    ownerLimit: (q) => q.requestsPerMinute,
  },
  concurrentStreams: {
    label: 'Concurrent streams',
    testId: 'key-streams-input',
    ownerLimit: (q) => q.concurrentStreams,
  },
  tokensPerDay: {
    label: 'Tokens per day',
    testId: 'key-tokens-input',
    ownerLimit: (q) => q.tokensPerDay,
  },
};

const STATE_CLASSES = {
  active: 'badge-completed',
  expired: 'badge-warn',
  revoked: 'badge-cancelled',
} as const;

function KeyRow({
  apiKey,
  onRevoked,
}: {
  apiKey: ApiKey;
  onRevoked: (error: string | null) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const state = keyState(apiKey);

  const revoke = async () => {
    setBusy(true);
    try {
      await revokeKey(apiKey.id);
      onRevoked(null);
    } catch (err) {
      onRevoked(errorMessage(err));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <tr data-testid="key-row" data-key-id={apiKey.id} data-state={state}>
      <td>
        <div className="strong">{apiKey.name}</div>
        <div className="mono small muted">{apiKey.prefix}…</div>
      </td>
      <td>{apiKey.owner}</td>
      <td>
        <RoleBadge role={apiKey.role} />
      </td>
      <td className="small" title={formatDateTime(apiKey.createdAt)}>
        {formatAgo(apiKey.createdAt)}
        {apiKey.createdBy && apiKey.createdBy !== apiKey.owner && (
          <div className="muted">by {apiKey.createdBy}</div>
        )}
      </td>
      <td className="small">{apiKey.expiresAt ? formatDateTime(apiKey.expiresAt) : 'never'}</td>
      <td className="small" title={formatDateTime(apiKey.lastUsedAt)}>
        {apiKey.lastUsedAt ? formatAgo(apiKey.lastUsedAt) : 'never'}
      </td>
      <td>
        <KeyQuota quota={apiKey.quota} />
      </td>
      <td>
        <span className={`badge ${STATE_CLASSES[state]}`} data-testid="key-state">
          {state}
        </span>
      </td>
      <td className="num">
        {state !== 'revoked' &&
          (confirming ? (
            <span className="confirm-inline">
              <span className="small">Revoke? Whatever uses it stops working.</span>
              <button
                type="button"
                className="button small danger-outline"
                data-testid="key-revoke-confirm"
                disabled={busy}
                onClick={() => void revoke()}
              >
                {busy && <LoaderCircle size={14} className="spin" aria-hidden="true" />}
                Revoke key
              </button>
              <button
                type="button"
                className="button small"
                data-testid="key-revoke-cancel"
                disabled={busy}
                onClick={() => setConfirming(false)}
              >
                Keep
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="button small danger-outline"
              data-testid="key-revoke"
              onClick={() => setConfirming(true)}
            >
              Revoke
            </button>
          ))}
      </td>
    </tr>
  );
}

/** `/keys`: API keys (own, or everyone's for admins): create (secret shown once), revoke. */
export function KeysPage() {
  const { user, can } = useAuth();
  const isAdmin = can('admin');
  const roles = assignableRoles(user?.role);
  const { data, error, loading, reload } = useFetch('/api/keys', (signal) => listKeys(signal));
  const quota = useFetch('/api/quota', (signal) => getQuota(signal));
  const [values, setValues] = useState<KeyFormValues>(EMPTY_KEY_FORM);
  const [errors, setErrors] = useState<KeyFormErrors>({});
  const [formError, setFormError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);

  const set =
    <K extends keyof KeyFormValues>(key: K) =>
    (value: KeyFormValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const local = checkKeyForm(values);
    setErrors(local);
    setFormError([]);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    setCreated(null);
    try {
      setCreated(await createKey(toNewApiKey(values, isAdmin)));
      setValues(EMPTY_KEY_FORM);
      reload();
    } catch (err) {
      if (err instanceof ApiError) {
        const mapped = mapKeyErrors(err.problem?.errors ?? []);
        setErrors(mapped.fields);
        setFormError([err.message, ...mapped.other]);
      } else {
        setFormError([errorMessage(err)]);
      }
    } finally {
      setBusy(false);
    }
  };

  const onRevoked = (message: string | null) => {
    setRevokeError(message);
    reload();
  };

  return (
    <section className="page">
      <div className="page-header">
        <h1 className="page-title">API keys</h1>
        <span className="muted small">
          {isAdmin
            ? 'Keys of every user: scripts and services sign in with them'
            : 'Your keys: scripts and services sign in with them as you'}
        </span>
      </div>
      <QuotaPanel
        quota={quota.data}
        error={quota.error}
        loading={quota.loading}
        onReload={quota.reload}
      />
      {created && <SecretOnce created={created} onDone={() => setCreated(null)} />}
      <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate>
        <h2 className="card-title">New key</h2>
        <div className="form-row">
          <LabeledField label="Name" field="name" error={errors.name}>
            <input
              className="input"
              data-testid="key-name-input"
              value={values.name}
              placeholder="nightly-report"
              autoComplete="off"
              aria-invalid={!!errors.name}
              onChange={(e) => set('name')(e.target.value)}
            />
          </LabeledField>
          <LabeledField label="Role" field="role" error={errors.role} hint="(at most yours)">
            <select
              className="input"
              data-testid="key-role-select"
              value={values.role}
              onChange={(e) => set('role')(e.target.value as Role)}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </LabeledField>
          <LabeledField
            label="Expires in (days)"
            field="expiresInDays"
            error={errors.expiresInDays}
            hint="(empty: never)"
          >
            <input
              className="input mono"
              inputMode="numeric"
              title={`1 to ${EXPIRY_MAX_DAYS} days, or empty for a key that does not expire`}
              data-testid="key-expiry-input"
              value={values.expiresInDays}
              aria-invalid={!!errors.expiresInDays}
              onChange={(e) => set('expiresInDays')(e.target.value)}
            />
          </LabeledField>
          {isAdmin && (
            <LabeledField
              label="For user"
              field="owner"
              error={errors.owner}
              hint="(empty: yourself)"
            >
              <input
                className="input"
                data-testid="key-owner-input"
                value={values.owner}
                placeholder={user?.name}
                autoComplete="off"
                onChange={(e) => set('owner')(e.target.value)}
              />
            </LabeledField>
          )}
        </div>
        <fieldset className="fieldset">
          <legend className="field-label">
            Limits{' '}
            <span className="muted">
              (optional: empty uses the owner&apos;s; a key&apos;s own limits only lower them)
            </span>
          </legend>
          <div className="form-row three">
            {LIMIT_FIELDS.map((field) => {
              const input = LIMIT_INPUTS[field];
              return (
                <LabeledField key={field} label={input.label} field={field} error={errors[field]}>
                  <input
                    className="input mono"
                    inputMode="numeric"
                    data-testid={input.testId}
                    value={values[field]}
                    placeholder={
                      quota.data
                        ? `owner's: ${formatLimit(input.ownerLimit(quota.data))}`
                        : "owner's"
                    }
                    aria-invalid={!!errors[field]}
                    onChange={(e) => set(field)(e.target.value)}
                  />
                </LabeledField>
              );
            })}
          </div>
          <div className="form-row three">
            <LabeledField label="USD per day" field="usdPerDay" error={errors.usdPerDay}>
              <input
                className="input mono"
                inputMode="decimal"
                data-testid="key-usd-input"
                value={values.usdPerDay}
                placeholder={
                  quota.data && hasSpend(quota.data)
                    ? `owner's: ${formatLimit(quota.data.usdPerDay, formatMoney)}`
                    : "owner's"
                }
                aria-invalid={!!errors.usdPerDay}
                onChange={(e) => set('usdPerDay')(e.target.value)}
              />
            </LabeledField>
          </div>
        </fieldset>
        <FormErrors messages={formError} testId="key-form-error" />
        <div className="form-actions">
          <BusyButton busy={busy} icon={Plus} testId="key-create">
            Create key
          </BusyButton>
        </div>
      </form>
      {revokeError && (
        <div className="inline-error" role="alert" data-testid="key-revoke-error">
          {revokeError}
        </div>
      )}
      {error ? (
        <div className="card empty" role="alert" data-testid="keys-error">
          Could not load API keys: {errorMessage(error)}
        </div>
      ) : data && data.length > 0 ? (
        <div className="card table-card">
          <table className="table" data-testid="key-table">
            <thead>
              <tr>
                <th>Key</th>
                <th>Owner</th>
                <th>Role</th>
                <th>Created</th>
                <th>Expires</th>
                <th>Last used</th>
                <th>Quota</th>
                <th>State</th>
                <th className="num">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((k) => (
                <KeyRow key={k.id} apiKey={k} onRevoked={onRevoked} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="card empty" data-testid="keys-empty">
          <KeyRound size={18} className="muted" aria-hidden="true" />{' '}
          {loading ? 'Loading keys…' : 'No API keys yet.'}
        </div>
      )}
    </section>
  );
}
