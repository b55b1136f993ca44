import { Rocket } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, isMissingApi, isRetryLater } from '../../lib/api';
import { useRetryHold } from '../../lib/use-retry-hold';
import {
  DESCRIPTION_MAX,
  EMPTY_FORM,
  TITLE_MAX,
  checkForm,
  mapFieldErrors,
  toNewGoal,
  type FieldErrors,
  type GoalFormValues,
} from './goal-form';
import { TIERS, createGoal, type Tier } from './goals-api';
import { LabeledField } from '../../components/labeled-field';
import { FormErrors } from '../../components/form-errors';
import { BusyButton } from '../../components/busy-button';

export function NewGoalPage() {
  const navigate = useNavigate();
  const id = useId();
  const [values, setValues] = useState<GoalFormValues>(EMPTY_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const retryHold = useRetryHold();

  const set =
    <K extends keyof GoalFormValues>(key: K) =>
    (value: GoalFormValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || retryHold.held) return;
    const local = checkForm(values);
    setErrors(local);
    setFormError([]);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const goal = await createGoal(toNewGoal(values));
      void navigate(`/goals/${encodeURIComponent(goal.id)}`);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError) {
        const mapped = mapFieldErrors(err.problem?.errors ?? []);
        setErrors(mapped.fields);
        retryHold.holdFor(err);
        // A quota or a full queue: its detail, then when to try again (Retry-After).
        const detail = isRetryLater(err) ? err.message : err.problem?.detail;
        const headline = isMissingApi(err)
          ? 'The goals API is not available on this server yet.'
          : err.status === 413
            ? 'The goal is too large (64 KiB at most).'
            : err.problem?.title && detail
              ? `${err.problem.title}: ${detail}`
              : err.message;
        setFormError([headline, ...mapped.other]);
      } else {
        setFormError([`Request failed: ${err instanceof Error ? err.message : String(err)}`]);
      }
    }
  };

  return (
    <section className="page narrow">
      <div className="page-header">
        <h1 className="page-title">New goal</h1>
        <span className="muted small">
          The agent plans work items and streams every step. <Link to="/goals">All goals</Link>
        </span>
      </div>
      <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate>
        <LabeledField label="Title" field="title" error={errors.title} hint={`(≤ ${TITLE_MAX})`}>
          <input
            className="input"
            data-testid="goal-title-input"
            value={values.title}
            maxLength={TITLE_MAX + 50}
            placeholder="Summarise the release notes"
            aria-invalid={!!errors.title}
            onChange={(e) => set('title')(e.target.value)}
          />
        </LabeledField>
        <LabeledField label="Description" field="description" error={errors.description}>
          <textarea
            className="input textarea"
            data-testid="goal-description-input"
            rows={5}
            value={values.description}
            maxLength={DESCRIPTION_MAX + 100}
            placeholder="What should the agent do, with which inputs and constraints?"
            aria-invalid={!!errors.description}
            onChange={(e) => set('description')(e.target.value)}
          />
        </LabeledField>
        <LabeledField
          label="Success criteria"
          hint="(optional)"
          field="successCriteria"
          error={errors.successCriteria}
        >
          <textarea
            className="input textarea short"
            data-testid="goal-criteria-input"
            rows={2}
            value={values.successCriteria}
            placeholder="How do we know it is done?"
            onChange={(e) => set('successCriteria')(e.target.value)}
          />
        </LabeledField>
        <fieldset className="fieldset">
          <legend className="field-label">Routing</legend>
          <div className="segmented" role="radiogroup" aria-label="Routing">
            {(['tier', 'model'] as const).map((r) => (
              <button
                key={r}
                type="button"
                role="radio"
                aria-checked={values.routing === r}
                className={`segment${values.routing === r ? ' active' : ''}`}
                data-testid={`goal-routing-${r}`}
                onClick={() => set('routing')(r)}
              >
                {r === 'tier' ? 'By tier' : 'Exact model'}
              </button>
            ))}
          </div>
          {values.routing === 'tier' ? (
            <LabeledField label="Tier" field="tier" error={errors.tier}>
              <select
                id={`${id}-tier`}
                className="input"
                data-testid="goal-tier-select"
                value={values.tier}
                onChange={(e) => set('tier')(e.target.value as Tier)}
              >
                {TIERS.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </LabeledField>
          ) : (
            <LabeledField
              label="Model"
              field="model"
              error={errors.model}
              hint="<endpointId>/<model>"
            >
              <input
                className="input mono"
                data-testid="goal-model-input"
                value={values.model}
                placeholder="sim/sim-default"
                aria-invalid={!!errors.model}
                onChange={(e) => set('model')(e.target.value)}
              />
            </LabeledField>
          )}
        </fieldset>
        <fieldset className="fieldset">
          <legend className="field-label">
            Budgets <span className="muted">(optional)</span>
          </legend>
          <div className="form-row three">
            <LabeledField
              label="Max tokens"
              field="budget.maxTokens"
              error={errors['budget.maxTokens']}
            >
              <input
                className="input mono"
                inputMode="numeric"
                data-testid="goal-max-tokens"
                value={values.maxTokens}
                placeholder="e.g. 20000"
                onChange={(e) => set('maxTokens')(e.target.value)}
              />
            </LabeledField>
            <LabeledField
              label="Max steps"
              field="budget.maxSteps"
              error={errors['budget.maxSteps']}
            >
              <input
                className="input mono"
                inputMode="numeric"
                data-testid="goal-max-steps"
                value={values.maxSteps}
                placeholder="e.g. 12"
                onChange={(e) => set('maxSteps')(e.target.value)}
              />
            </LabeledField>
            <LabeledField
              label="Max duration (s)"
              field="budget.maxDurationSeconds"
              error={errors['budget.maxDurationSeconds']}
            >
              <input
                className="input mono"
                inputMode="numeric"
                data-testid="goal-max-duration"
                value={values.maxDurationSeconds}
                placeholder="e.g. 300"
                onChange={(e) => set('maxDurationSeconds')(e.target.value)}
              />
            </LabeledField>
          </div>
        </fieldset>
        <FormErrors messages={formError} testId="form-error" />
        <div className="form-actions">
          <BusyButton busy={busy} disabled={retryHold.held} icon={Rocket} testId="goal-submit">
            {busy ? 'Creating…' : 'Create goal'}
          </BusyButton>
          <Link to="/goals" className="button">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
