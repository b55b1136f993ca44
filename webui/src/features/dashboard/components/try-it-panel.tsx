import { LoaderCircle, Send } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';

export interface TryItValues {
  goalId: string;
  prompt: string;
  model: string;
}

export interface TryItPanelProps {
  busy: boolean;
  error: string | null;
  lastResult: string | null;
  onSend(values: TryItValues): void;
}

export const DEFAULT_GOAL_ID = 'demo';

export function TryItPanel({ busy, error, lastResult, onSend }: TryItPanelProps) {
  const [goalId, setGoalId] = useState(DEFAULT_GOAL_ID);
  const [prompt, setPrompt] = useState('');
  const [model, setModel] = useState('');
  const id = useId();
  const canSend = !busy && goalId.trim() !== '' && prompt.trim() !== '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canSend) return;
    onSend({ goalId: goalId.trim(), prompt, model: model.trim() });
  };

  return (
    <form className="card try-it" onSubmit={submit} aria-label="Try it">
      <h2 className="card-title">Try it</h2>
      <div className="form-row">
        <label className="field">
          <span className="field-label">Goal id</span>
          <input
            id={`${id}-goal`}
            className="input mono"
            data-testid="goal-id-input"
            value={goalId}
            onChange={(e) => setGoalId(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span className="field-label">
            Model <span className="muted">(optional)</span>
          </span>
          <input
            id={`${id}-model`}
            className="input mono"
            data-testid="model-input"
            value={model}
            placeholder="server default"
            onChange={(e) => setModel(e.target.value)}
          />
        </label>
      </div>
      <label className="field">
        <span className="field-label">Prompt</span>
        <textarea
          id={`${id}-prompt`}
          className="input textarea"
          data-testid="prompt-input"
          value={prompt}
          rows={4}
          placeholder="Ask something…"
          onChange={(e) => setPrompt(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
          }}
        />
      </label>
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          data-testid="send-button"
          disabled={!canSend}
        >
          {busy ? (
            <LoaderCircle size={16} className="spin" aria-hidden="true" />
          ) : (
            <Send size={16} aria-hidden="true" />
          )}
          {busy ? 'Streaming…' : 'Send'}
        </button>
        <span className="muted small">Ctrl+Enter to send</span>
        {lastResult && !error && (
          <span className="muted small mono" data-testid="last-result">
            {lastResult}
          </span>
        )}
      </div>
      {error && (
        <div className="inline-error" role="alert" data-testid="request-error">
          {error}
        </div>
      )}
    </form>
  );
}
