import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, checkForm, mapFieldErrors, toNewGoal } from './goal-form';

describe('goal form', () => {
  it('maps bare, nested, prefixed and unknown field paths', () => {
    const { fields, other } = mapFieldErrors([
      { field: 'title', message: 'a' },
      { field: 'arg0.description', message: 'b' },
      { field: 'maxSteps', message: 'c' },
      { field: 'create.arg0.budget.maxDurationSeconds', message: 'd' },
      { field: 'title', message: 'e' },
      { field: '', message: 'f' },
      { field: 'colour', message: 'g' },
    ]);
    expect(fields).toEqual({
      title: 'a e',
      description: 'b',
      'budget.maxSteps': 'c',
      'budget.maxDurationSeconds': 'd',
    });
    expect(other).toEqual(['f', 'colour: g']);
  });

  it('builds the request with a tier by default and leaves empty optionals out', () => {
    expect(toNewGoal({ ...EMPTY_FORM, title: ' T ', description: 'D' })).toEqual({
      title: 'T',
      description: 'D',
      tier: 'simple',
    });
  });

  it('limits the title to 200 characters', () => {
    expect(checkForm({ ...EMPTY_FORM, title: 'x'.repeat(201), description: 'd' }).title).toMatch(
      /200/,
    );
    expect(checkForm({ ...EMPTY_FORM, title: 'x'.repeat(200), description: 'd' })).toEqual({});
  });
});
