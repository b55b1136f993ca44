/**
 * A goal's run as a trace tree: goal → work items → runs → ReAct steps → the LLM call and tool
 * call of each step, every node with its start and end (epoch ms, server clock) so they can be
 * drawn on one time axis. Pure: the goal (REST), its LLM calls (stream records and live views)
 * and `now` in, the tree out.
 *
 * Pairing: within a run, the LLM calls ordered by start and the steps ordered by index pair up —
 * the i-th call produced step i's thought and action (or its final answer). Step i's tool call
 * runs from the end of that LLM call to the step's timestamp (recorded after the observation).
 * An LLM call without its step yet is a step still in progress. A call without a work item is the
 * goal's planning call.
 */
import { parseIso } from '../../lib/time';
import { formatInput, type Goal, type Run, type Step, type WorkItem } from './goals-api';

export type TraceKind = 'goal' | 'workitem' | 'run' | 'step' | 'llm' | 'tool';

/** What the trace needs of one LLM call (a `StreamView` fits). */
export interface TraceCall {
  readonly requestId: string;
  readonly workItemId?: string;
  readonly runId?: string;
  readonly model: string;
  readonly provider?: string;
  /** `streaming`, `completed`, `error`, `cancelled`, `interrupted`. */
  readonly status: string;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly finishedAt?: number;
  readonly durationMs?: number;
  readonly ttftMs?: number;
}

export interface TraceNode {
  /** Stable across updates (the React key and the focus id). */
  readonly id: string;
  readonly kind: TraceKind;
  readonly label: string;
  /** Secondary text (untrusted: render as text only). */
  readonly detail?: string;
  readonly status: string;
  /** Epoch ms; undefined when not started (e.g. a pending work item). */
  readonly start?: number;
  readonly end?: number;
  /** Still running: `end` is `now` and grows. */
  readonly open: boolean;
  /** LLM calls: the stream to open. */
  readonly requestId?: string;
  readonly children: readonly TraceNode[];
}

const FINISHED_GOAL = new Set(['succeeded', 'failed', 'cancelled']);

function isOpenStatus(status: string): boolean {
  return status === 'running' || status === 'streaming' || status === 'queued';
}

function callEnd(call: TraceCall, now: number): number {
  if (call.finishedAt !== undefined) return call.finishedAt;
  if (call.status === 'streaming') return Math.max(call.startedAt, now);
  if (call.durationMs !== undefined) return call.startedAt + call.durationMs;
  return call.startedAt;
}

function byStart(a: TraceCall, b: TraceCall): number {
  return a.startedAt - b.startedAt || a.requestId.localeCompare(b.requestId);
}

function minOf(values: ReadonlyArray<number | undefined>): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length > 0 ? Math.min(...defined) : undefined;
}

function maxOf(values: ReadonlyArray<number | undefined>): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length > 0 ? Math.max(...defined) : undefined;
}

function oneLine(text: string | null | undefined, max = 160): string | undefined {
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function llmNode(call: TraceCall, now: number, plan = false): TraceNode {
  return {
    id: `llm:${call.requestId}`,
    kind: 'llm',
    label: plan ? `Plan · ${call.model}` : call.model,
    detail: call.provider ? `via ${call.provider}` : undefined,
    status: call.status,
    start: call.startedAt,
    end: callEnd(call, now),
    open: call.status === 'streaming',
    requestId: call.requestId,
    children: [],
  };
}

function stepFinalAnswer(step: Step): string | null | undefined {
  return step.finalAnswer;
}

function stepLabel(index: number, step: Step | undefined): string {
  const n = `Step ${index + 1}`;
  if (!step) return `${n} · thinking`;
  if (step.action) return `${n} · action ${step.action}`;
  if (stepFinalAnswer(step)) return `${n} · final answer`;
  return `${n} · thought`;
}

function stepDetail(step: Step | undefined): string | undefined {
  if (!step) return undefined;
  const answer = stepFinalAnswer(step);
  return oneLine(step.thought) ?? (answer ? oneLine(answer) : undefined);
}

/** What a step still in progress is once its run ended without it. */
function pendingStepStatus(run: Run, runOpen: boolean): string {
  if (runOpen) return 'running';
  return run.status === 'failed' || run.status === 'cancelled' ? run.status : 'incomplete';
}

function buildRun(run: Run, calls: readonly TraceCall[], now: number): TraceNode {
  const steps = [...(run.steps ?? [])].sort((a, b) => a.index - b.index);
  const runCalls = [...calls].sort(byStart);
  const runOpen = run.status === 'running';
  const runStart =
    parseIso(run.startedAt) ??
    minOf([runCalls[0]?.startedAt, parseIso(steps[0]?.timestamp ?? undefined)]);

  const count = Math.max(steps.length, runCalls.length);
  const stepNodes: TraceNode[] = [];
  let previousEnd = runStart;
  for (let i = 0; i < count; i++) {
    const step = steps[i];
    const call = runCalls[i];
    const index = step?.index ?? i;
    const recordedAt = parseIso(step?.timestamp ?? undefined);
    const children: TraceNode[] = [];
    let llmEnd: number | undefined;
    if (call) {
      const node = llmNode(call, now);
      llmEnd = node.end;
      children.push(node);
    }
    if (step?.action) {
      const toolStart = llmEnd ?? previousEnd;
      const failed = (step.observation ?? '').startsWith('Error:');
      const input = formatInput(step.actionInput);
      children.push({
        id: `tool:${run.id}:${index}`,
        kind: 'tool',
        label: `Tool ${step.action}`,
        detail: oneLine(
          `${input ? `(${input})` : '()'}${step.observation ? ` → ${step.observation}` : ''}`,
        ),
        status: failed ? 'failed' : 'succeeded',
        start: toolStart,
        end: recordedAt ?? toolStart,
        open: false,
        children: [],
      });
    }
    const start = call?.startedAt ?? previousEnd ?? recordedAt;
    let status: string;
    let end: number | undefined;
    let open = false;
    if (step) {
      status =
        step.action && (step.observation ?? '').startsWith('Error:') ? 'failed' : 'succeeded';
      end = recordedAt ?? maxOf(children.map((c) => c.end)) ?? start;
    } else {
      status = pendingStepStatus(run, runOpen);
      open = runOpen;
      end = runOpen ? Math.max(now, start ?? now) : (llmEnd ?? start);
    }
    stepNodes.push({
      id: `step:${run.id}:${index}`,
      kind: 'step',
      label: stepLabel(index, step),
      detail: stepDetail(step),
      status,
      start,
      end,
      open,
      children,
    });
    previousEnd = end ?? previousEnd;
  }

  const start = minOf([runStart, ...stepNodes.map((s) => s.start)]);
  const end = runOpen
    ? Math.max(now, start ?? now)
    : (parseIso(run.finishedAt) ?? maxOf([start, ...stepNodes.map((s) => s.end)]));
  return {
    id: `run:${run.id}`,
    kind: 'run',
    label: `Run #${run.attempt}`,
    detail: oneLine(run.error),
    status: run.status,
    start,
    end,
    open: runOpen,
    children: stepNodes,
  };
}

function buildWorkItem(
  item: WorkItem,
  callsByRun: ReadonlyMap<string, TraceCall[]>,
  orphans: readonly TraceCall[],
  now: number,
): TraceNode {
  const runs = [...(item.runs ?? [])].sort((a, b) => a.attempt - b.attempt);
  const children: TraceNode[] = [
    ...runs.map((r) => buildRun(r, callsByRun.get(r.id) ?? [], now)),
    // Calls of a run the goal does not list yet (it is fetched again after events).
    ...[...orphans].sort(byStart).map((c) => llmNode(c, now)),
  ];
  const open = item.status === 'running';
  const start = minOf(children.map((c) => c.start));
  const end =
    start === undefined
      ? undefined
      : open
        ? Math.max(now, start)
        : maxOf(children.map((c) => c.end));
  return {
    id: `workitem:${item.id}`,
    kind: 'workitem',
    label: `${item.order + 1}. ${item.title}`,
    status: item.status,
    start,
    end,
    open,
    children,
  };
}

/** The latest time the goal's record and its calls know of (server clock), if any. */
export function latestKnownTime(goal: Goal, calls: readonly TraceCall[]): number | undefined {
  const times: Array<number | undefined> = [
    parseIso(goal.createdAt),
    parseIso(goal.startedAt),
    parseIso(goal.finishedAt),
  ];
  for (const w of goal.workItems ?? []) {
    for (const r of w.runs ?? []) {
      times.push(parseIso(r.startedAt), parseIso(r.finishedAt));
      for (const s of r.steps ?? []) times.push(parseIso(s.timestamp ?? undefined));
    }
  }
  for (const c of calls) times.push(c.startedAt, c.finishedAt);
  return maxOf(times);
}

/**
 * The goal's trace tree at `now` (epoch ms, the browser's clock). Open rows end at `now`, or at
 * the latest time the server reported when the browser's clock is behind the server's.
 */
export function buildTraceTree(
  goal: Goal,
  calls: readonly TraceCall[],
  clientNow: number,
): TraceNode {
  const now = Math.max(clientNow, latestKnownTime(goal, calls) ?? clientNow);
  const items = [...(goal.workItems ?? [])].sort((a, b) => a.order - b.order);
  const itemIds = new Set(items.map((w) => w.id));
  const runIds = new Set(items.flatMap((w) => (w.runs ?? []).map((r) => r.id)));
  const callsByRun = new Map<string, TraceCall[]>();
  const orphansByItem = new Map<string, TraceCall[]>();
  const plans: TraceCall[] = [];
  for (const call of calls) {
    if (call.workItemId && itemIds.has(call.workItemId)) {
      if (call.runId && runIds.has(call.runId)) {
        callsByRun.set(call.runId, [...(callsByRun.get(call.runId) ?? []), call]);
      } else {
        orphansByItem.set(call.workItemId, [...(orphansByItem.get(call.workItemId) ?? []), call]);
      }
    } else {
      // The planning call, or a call of a work item the goal does not list yet.
      plans.push(call);
    }
  }
  const children: TraceNode[] = [
    ...plans.sort(byStart).map((c) => llmNode(c, now, !c.workItemId)),
    ...items.map((w) => buildWorkItem(w, callsByRun, orphansByItem.get(w.id) ?? [], now)),
  ];
  const finished = FINISHED_GOAL.has(goal.status);
  const open = !finished && isOpenStatus(goal.status);
  const start = minOf([
    parseIso(goal.startedAt) ?? parseIso(goal.createdAt),
    ...children.map((c) => c.start),
  ]);
  const end = finished
    ? maxOf([parseIso(goal.finishedAt), ...children.map((c) => c.end)])
    : start === undefined
      ? undefined
      : Math.max(now, start);
  return {
    id: `goal:${goal.id}`,
    kind: 'goal',
    label: goal.title,
    status: goal.status,
    start,
    end,
    open,
    children,
  };
}

/**
 * The goal's LLM calls from its stream records and the live store's views, one per request id:
 * the live view wins (it is newer) unless only the record has finished.
 */
export function mergeCalls(records: readonly TraceCall[], live: readonly TraceCall[]): TraceCall[] {
  const byId = new Map<string, TraceCall>();
  for (const r of records) byId.set(r.requestId, r);
  for (const l of live) {
    const r = byId.get(l.requestId);
    if (r && l.status === 'streaming' && r.status !== 'streaming') continue;
    byId.set(l.requestId, l);
  }
  return [...byId.values()];
}

/** One row of the tree as shown: the node, its depth (1 = root) and place among its siblings. */
export interface TraceRow {
  readonly node: TraceNode;
  readonly level: number;
  readonly parentId?: string;
  readonly posInSet: number;
  readonly setSize: number;
}

/** The rows visible with `collapsed` node ids folded, depth first. */
export function visibleRows(root: TraceNode, collapsed: ReadonlySet<string>): TraceRow[] {
  const rows: TraceRow[] = [];
  const walk = (node: TraceNode, level: number, pos: number, size: number, parentId?: string) => {
    rows.push({ node, level, parentId, posInSet: pos, setSize: size });
    if (collapsed.has(node.id)) return;
    node.children.forEach((c, i) => walk(c, level + 1, i + 1, node.children.length, node.id));
  };
  walk(root, 1, 1, 1);
  return rows;
}

/** Every node of the tree, depth first. */
export function countNodes(root: TraceNode): number {
  return 1 + root.children.reduce((n, c) => n + countNodes(c), 0);
}
