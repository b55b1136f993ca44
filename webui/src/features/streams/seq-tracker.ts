/**
 * The channel protocol's ordering rules (docs/streaming-protocol.md): per-channel `seq` rising
 * by one within an `epoch`. Decides whether an event applies, is a duplicate or reveals a gap,
 * and where to resume (`?epoch=E&since=S`) after one. No timers and no I/O: the store reports
 * a gap to its resync listeners, the socket reconnects.
 */
import type { EventFrame } from './wire-types';

export interface ResumePoint {
  epoch?: string;
  since?: number;
}

/** Where a channel stands: the last applied event and whether a resync is pending. */
export interface SeqPosition {
  readonly epoch?: string;
  readonly lastSeq?: number;
  /** A gap was seen: nothing applies in order until a reconnect or a snapshot. */
  readonly resyncNeeded: boolean;
}

/**
 * - `apply`: the next event (or one without seq, from the first server version);
 * - `duplicate`: seq already seen (replays after a resume): skip it;
 * - `gap`: an event is missing or the epoch changed: refuse it and resync;
 * - `blocked`: a resync is already pending: refuse it without asking again.
 */
export type SeqVerdict =
  | { readonly kind: 'apply' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'gap'; readonly reason: string }
  | { readonly kind: 'blocked' };

type Ordering = Pick<EventFrame, 'epoch' | 'seq'>;

export const INITIAL_POSITION: SeqPosition = { resyncNeeded: false };

/** Classifies an event against the position (pure). */
export function checkSeq(position: SeqPosition, frame: Ordering): SeqVerdict {
  if (position.resyncNeeded) return { kind: 'blocked' };
  const seq = frame.seq ?? undefined;
  const frameEpoch = frame.epoch ?? undefined;
  if (seq === undefined) return { kind: 'apply' };
  const { epoch, lastSeq } = position;
  if (frameEpoch !== undefined && epoch !== undefined && frameEpoch !== epoch) {
    return { kind: 'gap', reason: `epoch changed from ${epoch} to ${frameEpoch}` };
  }
  if (lastSeq !== undefined) {
    if (seq <= lastSeq) return { kind: 'duplicate' };
    if (seq > lastSeq + 1)
      return { kind: 'gap', reason: `seq gap: got ${seq}, want ${lastSeq + 1}` };
  }
  return { kind: 'apply' };
}

/** The position after an applied event (pure; unchanged for events without seq). */
export function advance(position: SeqPosition, frame: Ordering): SeqPosition {
  const seq = frame.seq ?? undefined;
  if (seq === undefined) return position;
  return { ...position, lastSeq: seq, epoch: frame.epoch ?? position.epoch };
}

/** The position a snapshot establishes: its epoch and seq, no resync pending. */
export function fromSnapshot(frame: { epoch?: string | null; seq?: number | null }): SeqPosition {
  return {
    epoch: frame.epoch ?? undefined,
    lastSeq: frame.seq ?? undefined,
    resyncNeeded: false,
  };
}

/** Mutable holder of one channel's {@link SeqPosition}. */
export class SeqTracker {
  private position: SeqPosition = INITIAL_POSITION;

  get epoch(): string | undefined {
    return this.position.epoch;
  }

  get lastSeq(): number | undefined {
    return this.position.lastSeq;
  }

  get resyncNeeded(): boolean {
    return this.position.resyncNeeded;
  }

  check(frame: Ordering): SeqVerdict {
    return checkSeq(this.position, frame);
  }

  /** Records an applied event; returns whether the position moved (the event had a seq). */
  commit(frame: Ordering): boolean {
    const next = advance(this.position, frame);
    this.position = next;
    return (frame.seq ?? undefined) !== undefined;
  }

  /** Marks a resync as pending; true only for the first gap since the last clear. */
  requestResync(): boolean {
    if (this.position.resyncNeeded) return false;
    this.position = { ...this.position, resyncNeeded: true };
    return true;
  }

  /** A new connection opened: events apply again (from the resume point). */
  clearResync(): void {
    this.position = { ...this.position, resyncNeeded: false };
  }

  /** A snapshot replaced the channel's state. */
  restart(frame: { epoch?: string | null; seq?: number | null }): void {
    this.position = fromSnapshot(frame);
  }

  /** Forgets everything (no resume point). */
  reset(): void {
    this.position = INITIAL_POSITION;
  }

  resumePoint(): ResumePoint {
    return { epoch: this.position.epoch, since: this.position.lastSeq };
  }
}
