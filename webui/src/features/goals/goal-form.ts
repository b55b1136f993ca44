/** New-goal form values, client-side checks and mapping of the API's field errors. */
import type { FieldError } from '../../lib/api';
import type { NewGoal, Tier } from './goals-api';

export type FormField =
  | 'title'
  | 'description'
  | 'successCriteria'
  | 'model'
  | 'tier'
  | 'budget.maxTokens'
  | 'budget.maxSteps'
  | 'budget.maxDurationSeconds';

export const FORM_FIELDS: readonly FormField[] = [
  'title',
  'description',
  'successCriteria',
  'model',
  'tier',
  'budget.maxTokens',
  'budget.maxSteps',
  'budget.maxDurationSeconds',
];

export interface GoalFormValues {
  title: string;
  description: string;
  successCriteria: string;
  routing: 'tier' | 'model';
  tier: Tier;
  model: string;
  maxTokens: string;
  maxSteps: string;
  maxDurationSeconds: string;
}

export const EMPTY_FORM: GoalFormValues = {
  title: '',
  description: '',
  successCriteria: '',
  routing: 'tier',
  tier: 'simple',
  model: '',
  maxTokens: '',
  maxSteps: '',
  maxDurationSeconds: '',
};

export type FieldErrors = Partial<Record<FormField, string>>;

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 20_000;

function budgetNumber(value: string): number | undefined | 'invalid' {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  const n = Number(trimmed);
  return Number.isInteger(n) ? n : 'invalid';
}

/** Checks the browser can do without a round trip (the API checks everything again). */
export function checkForm(values: GoalFormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.title.trim()) errors.title = 'Title is required.';
  else if (values.title.trim().length > TITLE_MAX)
    errors.title = `Title must be at most ${TITLE_MAX} characters.`;
  if (!values.description.trim()) errors.description = 'Description is required.';
  else if (values.description.length > DESCRIPTION_MAX)
    errors.description = `Description must be at most ${DESCRIPTION_MAX} characters.`;
  if (values.routing === 'model' && !values.model.trim())
    errors.model = 'Name a model as <endpointId>/<model>, or choose a tier.';
  const budgets: Array<[keyof GoalFormValues, FormField]> = [
    ['maxTokens', 'budget.maxTokens'],
    ['maxSteps', 'budget.maxSteps'],
    ['maxDurationSeconds', 'budget.maxDurationSeconds'],
  ];
  for (const [key, field] of budgets) {
    if (budgetNumber(values[key]) === 'invalid') errors[field] = 'Enter a whole number.';
  }
  return errors;
}

/** The request body; empty optional fields are left out. */
export function toNewGoal(values: GoalFormValues): NewGoal {
  const goal: NewGoal = { title: values.title.trim(), description: values.description };
  if (values.successCriteria.trim()) goal.successCriteria = values.successCriteria.trim();
  if (values.routing === 'model') goal.model = values.model.trim();
  else goal.tier = values.tier;
  const budget: Record<string, number> = {};
  const maxTokens = budgetNumber(values.maxTokens);
  const maxSteps = budgetNumber(values.maxSteps);
  const maxDuration = budgetNumber(values.maxDurationSeconds);
  if (typeof maxTokens === 'number') budget.maxTokens = maxTokens;
  if (typeof maxSteps === 'number') budget.maxSteps = maxSteps;
  if (typeof maxDuration === 'number') budget.maxDurationSeconds = maxDuration;
  if (Object.keys(budget).length > 0) goal.budget = budget;
  return goal;
}

/**
 * Maps the API's `errors:[{field,message}]` onto form fields. Field paths may be bare
 * (`title`), nested (`budget.maxTokens`), bare budget names (`maxTokens`) or carry a
 * validation prefix (`createGoal.arg0.title`); anything else becomes a form-level message.
 */
export function mapFieldErrors(errors: readonly FieldError[]): {
  fields: FieldErrors;
  other: string[];
} {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const { field, message } of errors) {
    const match = FORM_FIELDS.find(
      (f) =>
        field === f ||
        field.endsWith(`.${f}`) ||
        (f.startsWith('budget.') && (field === f.slice(7) || field.endsWith(`.${f.slice(7)}`))),
    );
    if (match) fields[match] = fields[match] ? `${fields[match]} ${message}` : message;
    else other.push(field ? `${field}: ${message}` : message);
  }
  return { fields, other };
}
