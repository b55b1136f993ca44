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
  /** The key's own limits: whole numbers from 1, empty for the owner's. */
  requestsPerMinute: string;
  concurrentStreams: string;
  tokensPerDay: string;
  /** The key's own spend per UTC day in USD (a decimal above 0), empty for the owner's. */
  usdPerDay: string;
}

/** The optional limits of a key (`ApiKeyRequest`'s integers). */
export type LimitField = 'requestsPerMinute' | 'concurrentStreams' | 'tokensPerDay';

export const LIMIT_FIELDS: readonly LimitField[] = [
  'requestsPerMinute',
  'concurrentStreams',
  'tokensPerDay',
];

/** The largest value each limit takes: Java `Integer`, `Integer` and `Long` (within JSON's safe range). */
export const LIMIT_MAX: Record<LimitField, number> = {
  requestsPerMinute: 2_147_483_647,
  concurrentStreams: 2_147_483_647,
  tokensPerDay: Number.MAX_SAFE_INTEGER,
};

export type KeyField = 'name' | 'role' | 'expiresInDays' | 'owner' | LimitField | 'usdPerDay';

const KEY_FIELDS: readonly string[] = [
  'name',
  'role',
  'expiresInDays',
  'owner',
  ...LIMIT_FIELDS,
  'usdPerDay',
];

/** The largest spend limit the server takes, in USD per day, and its decimals at most. */
export const USD_MAX = 1_000_000_000;
export const USD_DECIMALS = 9;

export type KeyFormErrors = Partial<Record<KeyField, string>>;

export const NAME_MAX = 100;
export const EXPIRY_MAX_DAYS = 3650;

/** Least privilege by default: a key can only read until its creator picks more. */
export const EMPTY_KEY_FORM: KeyFormValues = {
  name: '',
  role: 'viewer',
  expiresInDays: '90',
  owner: '',
  requestsPerMinute: '',
  concurrentStreams: '',
  tokensPerDay: '',
  usdPerDay: '',
};

/** The spend limit's amount: undefined when empty, 'invalid' unless a decimal above 0 in range. */
export function parseUsd(value: string): number | undefined | 'invalid' {
  const trimmed = value.trim().replace(/^\$/, '');
  if (!trimmed) return undefined;
  const match = /^\d+(?:\.(\d+))?$/.exec(trimmed);
  if (!match || (match[1]?.length ?? 0) > USD_DECIMALS) return 'invalid';
  const n = Number(trimmed);
  return n > 0 && n <= USD_MAX ? n : 'invalid';
}

/** A limit field's number: undefined when empty, 'invalid' unless a whole number in range. */
export function parseLimit(field: LimitField, value: string): number | undefined | 'invalid' {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  if (!/^\d+$/.test(trimmed)) return 'invalid';
  const n = Number(trimmed);
  return Number.isSafeInteger(n) && n >= 1 && n <= LIMIT_MAX[field] ? n : 'invalid';
}

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
  for (const field of LIMIT_FIELDS) {
    if (parseLimit(field, values[field]) === 'invalid') {
      errors[field] = "A whole number of at least 1, or empty for the owner's limit.";
    }
  }
  if (parseUsd(values.usdPerDay) === 'invalid') {
    errors.usdPerDay = `An amount in USD above 0 (at most ${USD_DECIMALS} decimals), or empty for the owner's limit.`;
  }
  return errors;
}

/** The request body; `owner` only from admins, empty fields left out. */
export function toNewApiKey(values: KeyFormValues, isAdmin: boolean): NewApiKey {
  const key: NewApiKey = { name: values.name.trim(), role: values.role };
  const days = values.expiresInDays.trim();
  if (days) key.expiresInDays = Number(days);
  if (isAdmin && values.owner.trim()) key.owner = values.owner.trim();
  for (const field of LIMIT_FIELDS) {
    const n = parseLimit(field, values[field]);
    if (typeof n === 'number') key[field] = n;
  }
  const usd = parseUsd(values.usdPerDay);
  if (typeof usd === 'number') key.usdPerDay = usd;
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
    if (KEY_FIELDS.includes(name)) {
      const key = name as KeyField;
      fields[key] = fields[key] ? `${fields[key]} ${message}` : message;
    } else {
      other.push(field ? `${field}: ${message}` : message);
    }
  }
  return { fields, other };
}
