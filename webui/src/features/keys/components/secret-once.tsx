import { Check, Copy, TriangleAlert } from 'lucide-react';
import { useRef, useState } from 'react';
import type { CreatedApiKey } from '../keys-api';

/**
 * The new key's secret, shown once: it lives in this component's props only (never stored,
 * never logged) and is gone when the user clicks Done or leaves the page.
 */
export function SecretOnce({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'manual'>('idle');
  const inputRef = useRef<HTMLInputElement>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied('copied');
    } catch {
      // No clipboard access (insecure context, permissions): select it for Ctrl+C.
      inputRef.current?.select();
      setCopied('manual');
    }
  };

  return (
    <div className="card secret-card" role="status" data-testid="key-secret-card">
      <h2 className="card-title">
        Key “{created.name}” created for {created.owner} ({created.role})
      </h2>
      <p className="secret-warning">
        <TriangleAlert size={16} aria-hidden="true" />
        Copy the secret now: you will not see it again. Anyone who has it can act as {
          created.owner
        }{' '}
        with the role {created.role}.
      </p>
      <div className="secret-row">
        <input
          ref={inputRef}
          className="input mono secret-value"
          readOnly
          value={created.secret}
          aria-label="API key secret"
          data-testid="key-secret"
          autoComplete="off"
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="button"
          data-testid="key-secret-copy"
          onClick={() => void copy()}
        >
          {copied === 'copied' ? (
            <Check size={16} aria-hidden="true" />
          ) : (
            <Copy size={16} aria-hidden="true" />
          )}
          {copied === 'copied' ? 'Copied' : 'Copy'}
        </button>
        <button
          type="button"
          className="button primary"
          data-testid="key-secret-done"
          onClick={onDone}
        >
          Done
        </button>
      </div>
      {copied === 'manual' && (
        <p className="small muted">Copying is not allowed here: press Ctrl+C (⌘C) to copy.</p>
      )}
    </div>
  );
}
