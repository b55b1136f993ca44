import { StateBadge } from '../../components/state-badge';
import { formatCount } from '../../lib/format';
import { formatInput, type Run, type Step, type WorkItem } from './goals-api';

function StepView({ step }: { step: Step }) {
  const input = formatInput(step.actionInput);
  return (
    <li className="step" data-testid="run-step" data-step-index={step.index}>
      <span className="step-index mono">{step.index + 1}</span>
      <div className="step-body">
        {step.thought && (
          <div className="step-line">
            <span className="step-label">Thought</span>
            <span className="prewrap">{step.thought}</span>
          </div>
        )}
        {step.action && (
          <div className="step-line">
            <span className="step-label">Action</span>
            <span className="mono">
              {step.action}
              {input && <span className="muted">({input})</span>}
            </span>
          </div>
        )}
        {step.observation && (
          <div className="step-line">
            <span className="step-label">Observation</span>
            <span className="prewrap observation">{step.observation}</span>
          </div>
        )}
      </div>
    </li>
  );
}

function RunView({ run }: { run: Run }) {
  return (
    <div className="run" data-testid="run" data-run-id={run.id}>
      <div className="run-header small">
        <span className="mono">run #{run.attempt}</span>
        <StateBadge status={run.status} />
        {run.tokensUsed != null && (
          <span className="muted mono">{formatCount(run.tokensUsed)} tokens</span>
        )}
      </div>
      {run.error && <div className="stream-error">{run.error}</div>}
      {(run.steps ?? []).length > 0 ? (
        <ol className="steps">
          {(run.steps ?? []).map((s) => (
            <StepView key={s.index} step={s} />
          ))}
        </ol>
      ) : (
        <p className="muted small">No steps yet.</p>
      )}
    </div>
  );
}

export function WorkItemList({ items }: { items: WorkItem[] }) {
  if (items.length === 0) {
    return <div className="card empty">The agent has not planned any work item yet.</div>;
  }
  const sorted = [...items].sort((a, b) => a.order - b.order);
  return (
    <ol className="work-items">
      {sorted.map((w) => (
        <li
          key={w.id}
          className="card work-item"
          data-testid="work-item"
          data-work-item-id={w.id}
          data-status={w.status}
        >
          <div className="work-item-header">
            <span className="work-item-order mono">{w.order + 1}</span>
            <span className="work-item-title">{w.title}</span>
            <StateBadge status={w.status} />
          </div>
          {(w.dependsOn ?? []).length > 0 && (
            <div className="muted small">
              depends on{' '}
              {(w.dependsOn ?? [])
                .map((d) => sorted.find((x) => x.id === d)?.title ?? d)
                .join(', ')}
            </div>
          )}
          {(w.runs ?? []).map((r) => (
            <RunView key={r.id} run={r} />
          ))}
        </li>
      ))}
    </ol>
  );
}
