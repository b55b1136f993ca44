/** Password forms (account page, users page): client-side checks and the API's field errors. */
import type { FieldError } from '../../lib/api';

/** The server's minimum (it checks again). */
export const PASSWORD_MIN = 12;

export type PasswordField = 'currentPassword' | 'newPassword' | 'confirm';

export interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export const EMPTY_PASSWORD_FORM: PasswordValues = {
  currentPassword: '',
  newPassword: '',
  confirm: '',
};

export type PasswordErrors = Partial<Record<PasswordField, string>>;

/** The message for a new password that is too short, or undefined when it is long enough. */
export function checkNewPassword(password: string): string | undefined {
  if (password.length === 0) return 'Enter a password.';
  if (password.length < PASSWORD_MIN) {
    return `Use at least ${PASSWORD_MIN} characters (${password.length} so far).`;
  }
  return undefined;
}

/** `firstStart`: the account has no password yet, so there is no current one to ask for. */
export function checkPasswordForm(values: PasswordValues, firstStart: boolean): PasswordErrors {
  const errors: PasswordErrors = {};
  if (!firstStart && values.currentPassword === '') {
    errors.currentPassword = 'Enter your current password.';
  }
  const weak = checkNewPassword(values.newPassword);
  if (weak) errors.newPassword = weak;
  else if (!firstStart && values.newPassword === values.currentPassword) {
    errors.newPassword = 'Choose a password different from the current one.';
  }
  if (!errors.newPassword && values.confirm !== values.newPassword) {
    errors.confirm = 'The passwords do not match.';
  }
  return errors;
}

/**
 * Maps `errors:[{field,message}]` onto the form: a field named (or ending in) currentPassword
 * or newPassword/password; anything else becomes a form-level message.
 */
export function mapPasswordErrors(errors: readonly FieldError[]): {
  fields: PasswordErrors;
  other: string[];
} {
  const fields: PasswordErrors = {};
  const other: string[] = [];
  for (const { field, message } of errors) {
    const name = field.split('.').pop() ?? '';
    const key: PasswordField | undefined =
      name === 'currentPassword'
        ? 'currentPassword'
        : name === 'newPassword' || name === 'password'
          ? 'newPassword'
          : undefined;
    if (key) fields[key] = fields[key] ? `${fields[key]} ${message}` : message;
    else other.push(field ? `${field}: ${message}` : message);
  }
  return { fields, other };
}
