import { ChevronDown, ChevronRight, ExternalLink } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { StateBadge } from '../../components/state-badge';
import { formatMs } from '../../lib/format';
import { StreamDrawer } from '../streams/components/stream-drawer';
import { listStreamRecords, recordToView } from '../streams/stream-records';
import type { StreamView } from '../streams/stream-store';
import { isFinishedGoal, type Goal } from './goals-api';
import { axisFor, barFor, ticksFor, type TimeAxis } from './time-axis';
import {
  buildTraceTree,
  mergeCalls,
  visibleRows,
  type TraceCall,
  type TraceKind,
  type TraceRow,
} from './trace-tree';
import { treeKey } from './tree-keys';
import './goal-trace.css';

/** While the goal runs, open rows (and the axis) grow this often. */
const TICK_MS = 500;

const KIND_LABELS: Record<TraceKind, string> = {
  goal: 'Goal',
  workitem: 'Work item',
  run: 'Run',
  step: 'Step',
  llm: 'LLM',
  tool: 'Tool',
};

/** Changes whenever the goal gained a work item, run or step, or changed status. */
function shapeKey(goal: Goal): string {
  const items = goal.workItems ?? [];
  const runs = items.flatMap((w) => w.runs ?? []);
  const steps = runs.reduce((n, r) => n + (r.steps ?? []).length, 0);
  return `${goal.id}|${goal.status}|${items.length}|${runs.map((r) => r.status).join(',')}|${steps}`;
}

/** The goal's stream records, fetched again when the goal's shape changes (kept meanwhile). */
function useGoalCalls(goal: Goal): TraceCall[] {
  const [calls, setCalls] = useState<TraceCall[]>([]);
  const key = shapeKey(goal);
  const goalId = goal.id;
  useEffect(() => {
    const controller = new AbortController();
    listStreamRecords({ goalId, size: 200 }, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) setCalls(page.items.map(recordToView));
      },
      () => {
        /* the live store still has the calls made since the page opened */
      },
    );
    return () => controller.abort();
  }, [goalId, key]);
  return calls;
}

/** `now`, ticking while `live`. */
function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const update = () => setNow(Date.now());
    update();
    const timer = setInterval(update, TICK_MS);
    return () => clearInterval(timer);
  }, [live]);
  return now;
}

function durationText(start: number | undefined, end: number | undefined, open: boolean): string {
  if (start === undefined) return 'not started';
  const text = formatMs(Math.max(0, (end ?? start) - start));
  return open ? `${text} so far` : text;
}

function TraceRowView({
  row,
  axis,
  focused,
  expanded,
  onFocusRow,
  onToggle,
  onOpen,
  rowRef,
}: {
  row: TraceRow;
  axis: TimeAxis;
  focused: boolean;
  expanded: boolean | undefined;
  onFocusRow: (id: string) => void;
  onToggle: (id: string) => void;
  onOpen: (requestId: string) => void;
  rowRef: (id: string, el: HTMLDivElement | null) => void;
}) {
  const { node, level } = row;
  const bar = barFor(node.start, node.end, axis);
  const duration = durationText(node.start, node.end, node.open);
  const id = node.id;
  const setRef = useCallback((el: HTMLDivElement | null) => rowRef(id, el), [rowRef, id]);
  return (
    <div
      ref={setRef}
      role="treeitem"
      aria-level={level}
      aria-posinset={row.posInSet}
      aria-setsize={row.setSize}
      aria-expanded={expanded}
      aria-selected={focused}
      aria-label={`${KIND_LABELS[node.kind]} ${node.label}, ${node.status}, ${duration}`}
      tabIndex={focused ? 0 : -1}
      className={`trace-row trace-kind-${node.kind}${focused ? ' trace-row-focused' : ''}`}
      data-testid="trace-row"
      data-kind={node.kind}
      data-status={node.status}
      data-node-id={node.id}
      onClick={() => onFocusRow(node.id)}
      onFocus={() => onFocusRow(node.id)}
    >
      <div className="trace-label" style={{ paddingLeft: `${(level - 1) * 14}px` }}>
        {expanded !== undefined ? (
          <span
            className="trace-toggle"
            aria-hidden="true"
            onClick={(e) => {
              e.stopPropagation();
              onFocusRow(node.id);
              onToggle(node.id);
            }}
          >
            {expanded ? <ChevronDown size={14} /> : <ChevronRight size={14} />}
          </span>
        ) : (
          <span className="trace-toggle" aria-hidden="true" />
        )}
        <span className="trace-kind small muted">{KIND_LABELS[node.kind]}</span>
        <span className="trace-name" title={node.label}>
          {node.label}
        </span>
        <StateBadge status={node.status} />
        {node.requestId && (
          <button
            type="button"
            className="icon-button trace-open"
            tabIndex={-1}
            data-testid="trace-llm-call"
            data-request-id={node.requestId}
            aria-label={`Open stream ${node.requestId}`}
            title="Open this LLM call's stream"
            onClick={(e) => {
              e.stopPropagation();
              onFocusRow(node.id);
              onOpen(node.requestId as string);
            }}
          >
            <ExternalLink size={14} aria-hidden="true" />
          </button>
        )}
        {node.detail && (
          <span className="trace-detail small muted" title={node.detail}>
            {node.detail}
          </span>
        )}
      </div>
      <div className="trace-track">
        {bar && (
          <span
            className={`trace-bar trace-bar-${node.kind}${node.open ? ' trace-bar-open' : ''}${
              node.status === 'failed' || node.status === 'error' ? ' trace-bar-failed' : ''
            }`}
            style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
            aria-hidden="true"
          />
        )}
      </div>
      <span className="trace-duration mono small" data-testid="trace-duration">
        {duration}
      </span>
    </div>
  );
}

/**
 * The goal's run as a tree (goal → work items → runs → steps → LLM and tool calls), each row with
 * its duration as a bar on one time axis from the goal's start; live while the goal runs.
 */
export function GoalTrace({
  goal,
  liveStreams,
}: {
  goal: Goal;
  liveStreams: readonly StreamView[];
}) {
  const records = useGoalCalls(goal);
  const live = !isFinishedGoal(goal.status);
  const now = useNow(live);
  const tree = useMemo(() => {
    const calls = mergeCalls(
      records,
      liveStreams.filter((s) => s.goalId === undefined || s.goalId === goal.id),
    );
    return buildTraceTree(goal, calls, now);
  }, [goal, records, liveStreams, now]);
  const axis = useMemo(() => axisFor(tree, now), [tree, now]);
  const ticks = useMemo(() => ticksFor(axis), [axis]);

  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const current = rows.some((r) => r.node.id === focusedId) ? focusedId : rows[0].node.id;
  const [openRequest, setOpenRequest] = useState<string | null>(null);

  const elements = useRef(new Map<string, HTMLDivElement>());
  const rowRef = useCallback((id: string, el: HTMLDivElement | null) => {
    if (el) elements.current.set(id, el);
    else elements.current.delete(id);
  }, []);
  const moveFocus = (id: string) => {
    setFocusedId(id);
    elements.current.get(id)?.focus();
  };
  const toggle = useCallback(
    (id: string) =>
      setCollapsed((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const result = treeKey(rows, current, collapsed, e.key);
    if (result.type === 'none') return;
    e.preventDefault();
    if (result.type === 'focus') moveFocus(result.id);
    else if (result.type === 'open') setOpenRequest(result.requestId);
    else toggle(result.id);
  };

  return (
    <div className="card goal-trace" data-testid="goal-trace" data-live={live}>
      <div className="trace-header" aria-hidden="true">
        <span className="trace-label small muted">Since the goal started</span>
        <div className="trace-track trace-axis">
          {ticks.map((t) => (
            <span
              key={t.at}
              className="trace-tick mono small muted"
              style={{ left: `${t.left}%` }}
              data-testid="trace-tick"
            >
              {t.label}
            </span>
          ))}
        </div>
        <span />
      </div>
      <div
        role="tree"
        aria-label={`Trace of goal ${goal.title}`}
        className="trace-tree"
        data-testid="trace-tree"
        onKeyDown={onKeyDown}
      >
        {rows.map((row) => (
          <TraceRowView
            key={row.node.id}
            row={row}
            axis={axis}
            focused={row.node.id === current}
            expanded={row.node.children.length > 0 ? !collapsed.has(row.node.id) : undefined}
            onFocusRow={setFocusedId}
            onToggle={toggle}
            onOpen={setOpenRequest}
            rowRef={rowRef}
          />
        ))}
      </div>
      <StreamDrawer
        requestId={openRequest}
        stream={liveStreams.find((s) => s.requestId === openRequest)}
        onClose={() => setOpenRequest(null)}
      />
    </div>
  );
}
