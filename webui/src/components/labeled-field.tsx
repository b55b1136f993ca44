import type { ReactNode } from 'react';

/** A labelled form control with an optional hint and the API's error for `field`. */
export function LabeledField({
  label,
  hint,
  error,
  field,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string;
  field: string;
  children: ReactNode;
}) {
  return (
    <label className={`field${error ? ' has-error' : ''}`}>
      <span className="field-label">
        {label}
        {hint && <span className="muted field-hint"> {hint}</span>}
      </span>
      {children}
      {error && (
        <span className="field-error" role="alert" data-testid={`field-error-${field}`}>
          {error}
        </span>
      )}
    </label>
  );
}
