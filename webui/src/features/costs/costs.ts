/**
 * Usage and cost (`GET /api/metrics/costs`, `GET /api/metrics/goals/{id}/cost`) and the shape the
 * dashboard's chart draws: one bar per UTC day, stacked by model (the costliest few, the rest as
 * "other models").
 */
import { getJson } from '../../lib/api';

/** The usage and cost of a group of streams (fields that do not group are absent). */
export interface CostRow {
  day?: string;
  model?: string;
  goalId?: string;
  streams: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costUsd: number;
  /** Streams with usage whose model has no price (their cost is unknown). */
  unpricedStreams: number;
}

/** What one principal or one API key used on one UTC day, as its quotas count it. */
export interface SpendRow {
  principal?: string;
  apiKeyId?: string;
  day: string;
  tokens: number;
  costUsd: number;
}

export interface CostReport {
  from: string;
  to: string;
  total: CostRow;
  byDay: CostRow[];
  byModel: CostRow[];
  byModelAndDay: CostRow[];
  byGoal: CostRow[];
  byPrincipal: SpendRow[];
  byKey: SpendRow[];
}

export function costsUrl(days: number): string {
  return `/api/metrics/costs?days=${days}`;
}

export function getCosts(days: number, signal?: AbortSignal): Promise<CostReport> {
  return getJson<CostReport>(costsUrl(days), { signal, action: 'view costs' });
}

export function goalCostUrl(goalId: string): string {
  return `/api/metrics/goals/${encodeURIComponent(goalId)}/cost`;
}

export function getGoalCost(goalId: string, signal?: AbortSignal): Promise<CostRow> {
  return getJson<CostRow>(goalCostUrl(goalId), { signal, action: "view this goal's cost" });
}

/** The label of the bar segment that sums every model not charted on its own. */
export const OTHER_MODELS = 'other models';

/** One bar: a day and its segments (model, USD) bottom up; `total` is the day's cost. */
export interface DayBar {
  day: string;
  total: number;
  segments: Array<{ model: string; costUsd: number }>;
}

/** The chart's data: the charted models (costliest first, `other models` last) and the bars. */
export interface CostChart {
  models: string[];
  bars: DayBar[];
  max: number;
}

/** Every day from `from` to `to` (ISO dates, inclusive), oldest first. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * Bars per day of the report's window (days without streams are empty bars), each stacked by the
 * `maxModels` costliest models of the window; what the day's total has beyond them is one
 * `other models` segment.
 */
export function costChart(report: CostReport, maxModels = 5): CostChart {
  const models = report.byModel
    .filter((m) => m.model !== undefined && m.costUsd > 0)
    .slice(0, maxModels)
    .map((m) => m.model as string);
  const perDay = new Map<string, Map<string, number>>();
  for (const r of report.byModelAndDay) {
    if (r.day === undefined || r.model === undefined || !models.includes(r.model)) continue;
    const day = perDay.get(r.day) ?? new Map<string, number>();
    day.set(r.model, (day.get(r.model) ?? 0) + r.costUsd);
    perDay.set(r.day, day);
  }
  const totals = new Map(report.byDay.map((d) => [d.day, d.costUsd]));
  let other = false;
  const bars = daysBetween(report.from, report.to).map((day) => {
    const charted = perDay.get(day) ?? new Map<string, number>();
    const segments = models
      .filter((m) => (charted.get(m) ?? 0) > 0)
      .map((m) => ({ model: m, costUsd: charted.get(m) ?? 0 }));
    const total = totals.get(day) ?? 0;
    const rest = total - segments.reduce((sum, s) => sum + s.costUsd, 0);
    // Sums of decimals: a remainder below a nano-dollar is rounding, not another model.
    if (rest > 1e-9) {
      segments.push({ model: OTHER_MODELS, costUsd: rest });
      other = true;
    }
    return { day, total, segments };
  });
  return {
    models: other ? [...models, OTHER_MODELS] : models,
    bars,
    max: bars.reduce((m, b) => Math.max(m, b.total), 0),
  };
}
