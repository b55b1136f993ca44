import { describe, expect, it } from 'vitest';
import { checkPasswordForm, mapPasswordErrors } from './password-form';

describe('password form', () => {
  it('asks for the current password except at first start', () => {
    const values = { currentPassword: '', newPassword: 'correct horse battery', confirm: '' };
    expect(checkPasswordForm(values, false)).toEqual({
      currentPassword: 'Enter your current password.',
      confirm: 'The passwords do not match.',
    });
    expect(checkPasswordForm({ ...values, confirm: values.newPassword }, true)).toEqual({});
  });

  it('wants at least 12 characters, a change, and the same password twice', () => {
    expect(
      checkPasswordForm({ currentPassword: 'old', newPassword: 'short', confirm: 'short' }, false)
        .newPassword,
    ).toBe('Use at least 12 characters (5 so far).');
    expect(
      checkPasswordForm(
        { currentPassword: 'same-password-1', newPassword: 'same-password-1', confirm: 'x' },
        false,
      ).newPassword,
    ).toMatch(/different/);
  });

  it('maps the API field errors', () => {
    expect(
      mapPasswordErrors([
        { field: 'changePassword.arg0.newPassword', message: 'at least 12 characters' },
        { field: 'currentPassword', message: 'is wrong' },
        { field: 'other', message: 'x' },
      ]),
    ).toEqual({
      fields: { newPassword: 'at least 12 characters', currentPassword: 'is wrong' },
      other: ['other: x'],
    });
  });
});
