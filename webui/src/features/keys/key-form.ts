/** The new-key form: values, client-side checks, request body. */
import type { FieldError } from '../../lib/api';
import type { Role } from '../auth/roles';
import type { NewApiKey } from './keys-api';

export interface KeyFormValues {
  name: string;
  role: Role;
  /** Whole days, empty for a key that does not expire. */
  expiresInDays: string;
  /** Admins only; empty: for themselves. */
  owner: string;
}

export type KeyField = 'name' | 'role' | 'expiresInDays' | 'owner';

export type KeyFormErrors = Partial<Record<KeyField, string>>;

export const NAME_MAX = 100;
export const EXPIRY_MAX_DAYS = 3650;

/** Least privilege by default: a key can only read until its creator picks more. */
export const EMPTY_KEY_FORM: KeyFormValues = {
  name: '',
  role: 'viewer',
  expiresInDays: '90',
  owner: '',
};

export function checkKeyForm(values: KeyFormValues): KeyFormErrors {
  const errors: KeyFormErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = 'Name the key after what will use it.';
  else if (name.length > NAME_MAX) errors.name = `At most ${NAME_MAX} characters.`;
  const days = values.expiresInDays.trim();
  if (days) {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > EXPIRY_MAX_DAYS) {
      errors.expiresInDays = `A whole number of days from 1 to ${EXPIRY_MAX_DAYS}, or empty.`;
    }
  }
  return errors;
}

/** The request body; `owner` only from admins, empty fields left out. */
export function toNewApiKey(values: KeyFormValues, isAdmin: boolean): NewApiKey {
  const key: NewApiKey = { name: values.name.trim(), role: values.role };
  const days = values.expiresInDays.trim();
  if (days) key.expiresInDays = Number(days);
  if (isAdmin && values.owner.trim()) key.owner = values.owner.trim();
  return key;
}

/** Maps `errors:[{field,message}]` onto the form (bare or prefixed field names). */
export function mapKeyErrors(errors: readonly FieldError[]): {
  fields: KeyFormErrors;
  other: string[];
} {
  const fields: KeyFormErrors = {};
  const other: string[] = [];
  for (const { field, message } of errors) {
    const name = field.split('.').pop() ?? '';
    if (name === 'name' || name === 'role' || name === 'expiresInDays' || name === 'owner') {
      fields[name] = fields[name] ? `${fields[name]} ${message}` : message;
    } else {
      other.push(field ? `${field}: ${message}` : message);
    }
  }
  return { fields, other };
}
