import { useId, useMemo } from 'react';
import { formatCount, formatMs, formatRate } from '../../../lib/format';
import type { StreamAttempt } from '../../streams/wire-types';
import { describeAttempt, describeAttempts } from '../attempts';
import { computeTimeline, type Arrival, type Timeline } from '../timeline';
import { useNow } from './use-now';

export interface TimelineChartProps {
  requestId: string;
  startedAt: number;
  arrivals: readonly Arrival[];
  attempts?: readonly StreamAttempt[];
  /** The provider that served the stream. */
  provider?: string;
  streaming: boolean;
  /** Browser clock when the last chunk was received (open stall while streaming). */
  lastReceivedAt?: number;
  durationMs?: number;
  outputTokens?: number;
  stallAfterMs: number;
  /** Fixed x range (ms since start), e.g. the whole replay while it plays. */
  spanMs?: number;
  /** A position to mark (the replay's). */
  cursorMs?: number;
  /** False when the arrivals miss the stream's beginning. */
  complete?: boolean;
}

const WIDTH = 640;
const HEIGHT = 180;
const LEFT = 8;
const RIGHT = 8;
const TOP = 22;
const AXIS = 140;

function gapText(t: Timeline): string {
  const g = t.longestGap;
  return g ? `${formatMs(g.ms)} before chunk ${g.index + 1}, at ${formatMs(g.fromMs)}` : '—';
}

function tpotText(t: Timeline): string {
  if (t.tpotMs === undefined) return '—';
  return `${formatMs(t.tpotMs)} per ${t.tpotPer === 'chunk' ? 'chunk' : 'token'}`;
}

/** A sentence for screen readers (the chart's description). */
export function timelineSummary(
  t: Timeline,
  attempts: readonly StreamAttempt[] | undefined,
  provider: string | undefined,
): string {
  const parts = [
    `${formatCount(t.totalChunks)} chunks, ${formatCount(t.totalChars)} characters over ${formatMs(t.endMs)}.`,
    `Time to first token ${formatMs(t.ttftMs)}.`,
    `Time per output token ${tpotText(t)}.`,
    `Tokens per second after the first token ${formatRate(t.tokensPerSecond)}.`,
    `Longest gap ${gapText(t)}.`,
    t.stalls.length > 0
      ? `${t.stalls.length} ${t.stalls.length === 1 ? 'stall' : 'stalls'}: ${t.stalls
          .map(
            (s) =>
              `${formatMs(s.toMs - s.fromMs)} from ${formatMs(s.fromMs)}${s.open ? ' (ongoing)' : ''}`,
          )
          .join(', ')}.`
      : 'No stalls.',
  ];
  const attemptsText = describeAttempts(attempts, provider);
  if (attemptsText && attempts) {
    parts.push(
      `Before the first chunk: ${attemptsText} (${attempts.map(describeAttempt).join('; ')}).`,
    );
  }
  return parts.join(' ');
}

/**
 * A generation's timeline as one SVG: characters received so far (area) and tokens/s (line)
 * over ms since the start, each chunk as a tick on the axis, failed attempts as labelled
 * markers before the first chunk, TTFT and the longest gap marked, stalls hatched. The numbers
 * are also given as text (visible, and as the chart's description for screen readers).
 */
export function TimelineChart(props: TimelineChartProps) {
  const {
    requestId,
    startedAt,
    arrivals,
    attempts,
    provider,
    streaming,
    lastReceivedAt,
    durationMs,
    outputTokens,
    stallAfterMs,
    spanMs,
    cursorMs,
    complete = true,
  } = props;
  const summaryId = useId();
  const hatchId = useId();
  const now = useNow(500, streaming);
  const lastT = arrivals.length > 0 ? arrivals[arrivals.length - 1].t : undefined;
  // "Now" on the server's timeline: the last chunk's time plus the silence since (local clock).
  const nowMs =
    streaming && lastReceivedAt !== undefined
      ? (lastT ?? startedAt) - startedAt + Math.max(0, now - lastReceivedAt)
      : undefined;
  const timeline = useMemo(
    () =>
      computeTimeline({
        startedAt,
        arrivals,
        outputTokens,
        streaming,
        nowMs,
        stallAfterMs,
        // Coarse enough buckets that the tokens/s line shows the pace rather than each chunk.
        maxBuckets: 24,
      }),
    [startedAt, arrivals, outputTokens, streaming, nowMs, stallAfterMs],
  );
  const attemptEnd = Math.max(
    0,
    ...(attempts ?? []).map((a) => a.atMs + (typeof a.waitMs === 'number' ? a.waitMs : 0)),
  );
  const span = Math.max(
    1,
    spanMs ?? 0,
    timeline.endMs,
    spanMs === undefined ? (durationMs ?? 0) : 0,
    attemptEnd,
    cursorMs ?? 0,
  );
  const x = (ms: number) =>
    LEFT + (Math.min(Math.max(ms, 0), span) / span) * (WIDTH - LEFT - RIGHT);
  const plotHeight = AXIS - TOP;

  // Characters received so far (a step line over the arrivals).
  const charsMax = Math.max(1, timeline.totalChars);
  const yChars = (c: number) => AXIS - (c / charsMax) * plotHeight;
  let cumulative = 0;
  let area = `M${x(0).toFixed(1)},${AXIS}`;
  timeline.offsets.forEach((o, i) => {
    const prev = yChars(cumulative);
    cumulative += arrivals[i].len;
    area += ` L${x(o).toFixed(1)},${prev.toFixed(1)} L${x(o).toFixed(1)},${yChars(cumulative).toFixed(1)}`;
  });
  const areaTo = cursorMs ?? (spanMs === undefined ? span : timeline.endMs);
  const areaEnd = x(Math.max(timeline.endMs, areaTo));
  area += ` L${areaEnd.toFixed(1)},${yChars(cumulative).toFixed(1)} L${areaEnd.toFixed(1)},${AXIS} Z`;

  // Tokens/s per bucket.
  const rateMax = Math.max(1, ...timeline.rate.map((p) => p.tokensPerSecond));
  const yRate = (r: number) => AXIS - (r / rateMax) * plotHeight;
  const ratePath = timeline.rate
    .map(
      (p, i) =>
        `${i === 0 ? 'M' : 'L'}${x(p.atMs + timeline.bucketMs / 2).toFixed(1)},${yRate(p.tokensPerSecond).toFixed(1)}`,
    )
    .join(' ');

  const summary = timelineSummary(timeline, attempts, provider);
  const gap = timeline.longestGap;

  return (
    <figure className="timeline" data-testid="timeline">
      <svg
        className="timeline-chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={`Timeline of stream ${requestId}`}
        aria-describedby={summaryId}
        data-testid="timeline-chart"
        data-arrivals={arrivals.length}
      >
        <defs>
          <pattern
            id={hatchId}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <line x1="0" y1="0" x2="0" y2="6" className="timeline-hatch" />
          </pattern>
        </defs>
        {timeline.stalls.map((s) => (
          <g
            key={`stall-${s.fromMs}`}
            data-testid="timeline-stall"
            data-open={s.open}
            aria-label={`Stall of ${formatMs(s.toMs - s.fromMs)} from ${formatMs(s.fromMs)}`}
          >
            <title>{`Stall: ${formatMs(s.toMs - s.fromMs)} without a chunk from ${formatMs(s.fromMs)}${s.open ? ' (ongoing)' : ''}`}</title>
            <rect
              x={x(s.fromMs)}
              y={TOP}
              width={Math.max(2, x(s.toMs) - x(s.fromMs))}
              height={plotHeight}
              className="timeline-stall-shade"
            />
            <rect
              x={x(s.fromMs)}
              y={TOP}
              width={Math.max(2, x(s.toMs) - x(s.fromMs))}
              height={plotHeight}
              fill={`url(#${hatchId})`}
            />
            <text x={x(s.fromMs) + 3} y={AXIS - 4} className="timeline-label">
              stall
            </text>
          </g>
        ))}
        {arrivals.length > 0 && <path d={area} className="timeline-area" />}
        {timeline.rate.length > 1 && <path d={ratePath} className="timeline-rate" fill="none" />}
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={AXIS} y2={AXIS} className="timeline-axis" />
        {timeline.offsets.map((o, i) => (
          <line key={i} x1={x(o)} x2={x(o)} y1={AXIS} y2={AXIS + 6} className="timeline-tick" />
        ))}
        {(attempts ?? []).map((a, i) => {
          const label = describeAttempt(a);
          const ax = x(a.atMs);
          return (
            <g
              key={`attempt-${i}`}
              data-testid="timeline-attempt"
              data-provider={a.provider}
              aria-label={`Failed attempt ${i + 1}: ${label}`}
            >
              <title>{`Failed attempt ${i + 1}: ${label}`}</title>
              {typeof a.waitMs === 'number' && a.waitMs > 0 && (
                <rect
                  x={ax}
                  y={AXIS - 6}
                  width={Math.max(1, x(a.atMs + a.waitMs) - ax)}
                  height={6}
                  className="timeline-wait"
                />
              )}
              <line x1={ax} x2={ax} y1={TOP} y2={AXIS} className="timeline-attempt-line" />
              <path
                d={`M${ax},${AXIS - 5} l5,5 l-5,5 l-5,-5 Z`}
                className="timeline-attempt-mark"
              />
              <text x={ax + 3} y={TOP + 10 + (i % 3) * 11} className="timeline-label">
                ✕ {a.provider}
                {typeof a.status === 'number' ? ` ${a.status}` : ` ${a.error}`}
              </text>
            </g>
          );
        })}
        {timeline.ttftMs !== undefined && complete && (
          <g
            data-testid="timeline-ttft"
            aria-label={`Time to first token ${formatMs(timeline.ttftMs)}`}
          >
            <title>{`Time to first token: ${formatMs(timeline.ttftMs)}`}</title>
            <line
              x1={x(timeline.ttftMs)}
              x2={x(timeline.ttftMs)}
              y1={12}
              y2={AXIS}
              className="timeline-ttft-line"
            />
            <text x={x(timeline.ttftMs) + 3} y={10} className="timeline-label">
              TTFT {formatMs(timeline.ttftMs)}
            </text>
          </g>
        )}
        {gap && gap.ms > 0 && (
          <g data-testid="timeline-longest-gap" aria-label={`Longest gap ${gapText(timeline)}`}>
            <title>{`Longest gap: ${gapText(timeline)}`}</title>
            <path
              d={`M${x(gap.fromMs)},${TOP + 4} v-4 H${x(gap.toMs)} v4`}
              className="timeline-gap"
              fill="none"
            />
            <text
              x={Math.min(
                WIDTH - RIGHT - 60,
                Math.max(LEFT + 60, (x(gap.fromMs) + x(gap.toMs)) / 2),
              )}
              y={TOP - 3}
              textAnchor="middle"
              className="timeline-label"
            >
              longest gap {formatMs(gap.ms)}
            </text>
          </g>
        )}
        {cursorMs !== undefined && (
          <line
            x1={x(cursorMs)}
            x2={x(cursorMs)}
            y1={TOP - 8}
            y2={AXIS + 8}
            className="timeline-cursor"
            data-testid="timeline-cursor"
          />
        )}
        <text x={LEFT} y={HEIGHT - 6} className="timeline-label">
          0
        </text>
        <text x={WIDTH - RIGHT} y={HEIGHT - 6} textAnchor="end" className="timeline-label">
          {formatMs(span)}
        </text>
        <text x={WIDTH / 2} y={HEIGHT - 6} textAnchor="middle" className="timeline-label muted">
          ms since start · area: characters · line: tokens/s (peak {formatRate(rateMax)})
        </text>
      </svg>
      <figcaption>
        <p id={summaryId} hidden data-testid="timeline-summary">
          {summary}
        </p>
        {!complete && (
          <p className="muted small">
            The timeline starts where this console joined the stream (its earlier chunks are not
            shown).
          </p>
        )}
        <dl className="timeline-numbers" data-testid="timeline-numbers">
          <div>
            <dt>TTFT</dt>
            <dd className="mono" data-testid="timeline-ttft-value">
              {complete ? formatMs(timeline.ttftMs) : '—'}
            </dd>
          </div>
          <div>
            <dt>TPOT</dt>
            <dd className="mono">{tpotText(timeline)}</dd>
          </div>
          <div>
            <dt>Tokens/s after TTFT</dt>
            <dd className="mono">{formatRate(timeline.tokensPerSecond)}</dd>
          </div>
          <div>
            <dt>Longest gap</dt>
            <dd className="mono" data-testid="timeline-longest-gap-value">
              {gapText(timeline)}
            </dd>
          </div>
          <div>
            <dt>Stalls</dt>
            <dd className="mono">{timeline.stalls.length}</dd>
          </div>
        </dl>
        {attempts && attempts.length > 0 && (
          <ol
            className="timeline-attempts small"
            aria-label="Failed attempts before the first chunk"
          >
            {attempts.map((a, i) => (
              <li key={i}>{describeAttempt(a)}</li>
            ))}
          </ol>
        )}
      </figcaption>
    </figure>
  );
}
