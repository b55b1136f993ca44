/** The add-user form: values and client-side checks (the server checks again). */
import { checkNewPassword } from '../auth/password-form';
import type { Role } from '../auth/roles';
import type { NewUser } from './admin-api';

export interface UserFormValues {
  username: string;
  password: string;
  role: Role;
}

export type UserField = keyof UserFormValues;
export type UserFormErrors = Partial<Record<UserField, string>>;

export const EMPTY_USER_FORM: UserFormValues = { username: '', password: '', role: 'viewer' };

/** Letters, digits and . _ - @, 1 to 64 characters. */
const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

export function checkUserForm(values: UserFormValues): UserFormErrors {
  const errors: UserFormErrors = {};
  const username = values.username.trim();
  if (!username) errors.username = 'Enter a username.';
  else if (!USERNAME.test(username)) {
    errors.username = 'Use up to 64 letters, digits and . _ - @ (no spaces).';
  }
  const weak = checkNewPassword(values.password);
  if (weak) errors.password = weak;
  return errors;
}

export function toNewUser(values: UserFormValues): NewUser {
  return { username: values.username.trim(), password: values.password, role: values.role };
}
