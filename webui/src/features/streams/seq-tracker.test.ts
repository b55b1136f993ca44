import { describe, expect, it } from 'vitest';
import {
  INITIAL_POSITION,
  SeqTracker,
  advance,
  checkSeq,
  fromSnapshot,
  type SeqPosition,
  type SeqVerdict,
} from './seq-tracker';

const at = (lastSeq?: number, epoch?: string, resyncNeeded = false): SeqPosition => ({
  epoch,
  lastSeq,
  resyncNeeded,
});

describe('checkSeq', () => {
  const cases: Array<[string, SeqPosition, { epoch?: string; seq?: number }, SeqVerdict['kind']]> =
    [
      ['first event of a fresh channel', INITIAL_POSITION, { epoch: 'E1', seq: 1 }, 'apply'],
      ['fresh channel joining mid-way', INITIAL_POSITION, { epoch: 'E1', seq: 57 }, 'apply'],
      ['the next seq', at(4, 'E1'), { epoch: 'E1', seq: 5 }, 'apply'],
      ['next seq of a frame without epoch', at(4, 'E1'), { seq: 5 }, 'apply'],
      ['no seq at all (first server version)', at(4, 'E1'), {}, 'apply'],
      ['the same seq again', at(4, 'E1'), { epoch: 'E1', seq: 4 }, 'duplicate'],
      ['an older seq (replay)', at(4, 'E1'), { epoch: 'E1', seq: 1 }, 'duplicate'],
      ['one event missing', at(4, 'E1'), { epoch: 'E1', seq: 6 }, 'gap'],
      ['many events missing', at(4, 'E1'), { epoch: 'E1', seq: 400 }, 'gap'],
      ['epoch change with the next seq', at(4, 'E1'), { epoch: 'E2', seq: 5 }, 'gap'],
      ['epoch change with seq 1 (server restart)', at(4, 'E1'), { epoch: 'E2', seq: 1 }, 'gap'],
      ['epoch learnt from the first frame', at(4), { epoch: 'E2', seq: 5 }, 'apply'],
      ['pending resync, next seq', at(4, 'E1', true), { epoch: 'E1', seq: 5 }, 'blocked'],
      ['pending resync, duplicate', at(4, 'E1', true), { epoch: 'E1', seq: 3 }, 'blocked'],
      ['pending resync, no seq', at(4, 'E1', true), {}, 'blocked'],
    ];
  it.each(cases)('%s', (_name, position, frame, kind) => {
    expect(checkSeq(position, frame).kind).toBe(kind);
  });

  it('names what was missing', () => {
    expect(checkSeq(at(4, 'E1'), { epoch: 'E1', seq: 7 })).toEqual({
      kind: 'gap',
      reason: 'seq gap: got 7, want 5',
    });
    expect(checkSeq(at(4, 'E1'), { epoch: 'E2', seq: 5 })).toEqual({
      kind: 'gap',
      reason: 'epoch changed from E1 to E2',
    });
  });

  it('treats null like absent', () => {
    expect(checkSeq(at(4, 'E1'), { epoch: null as never, seq: null as never }).kind).toBe('apply');
  });
});

describe('advance and fromSnapshot', () => {
  it('moves to the applied seq and keeps or learns the epoch', () => {
    expect(advance(at(4, 'E1'), { epoch: 'E1', seq: 5 })).toEqual(at(5, 'E1'));
    expect(advance(at(4, 'E1'), { seq: 5 })).toEqual(at(5, 'E1'));
    expect(advance(INITIAL_POSITION, { epoch: 'E3', seq: 9 })).toEqual(at(9, 'E3'));
  });

  it('leaves the position alone for events without seq', () => {
    const position = at(4, 'E1');
    expect(advance(position, {})).toBe(position);
  });

  it('a snapshot sets epoch and seq and clears a pending resync', () => {
    expect(fromSnapshot({ epoch: 'E9', seq: 10 })).toEqual(at(10, 'E9'));
    expect(fromSnapshot({ epoch: null, seq: null })).toEqual(INITIAL_POSITION);
  });
});

describe('SeqTracker', () => {
  it('resumes from the last applied event, not from a refused one', () => {
    const t = new SeqTracker();
    for (const seq of [1, 2, 3]) {
      expect(t.check({ epoch: 'E1', seq }).kind).toBe('apply');
      expect(t.commit({ epoch: 'E1', seq })).toBe(true);
    }
    expect(t.check({ epoch: 'E1', seq: 5 }).kind).toBe('gap');
    expect(t.resumePoint()).toEqual({ epoch: 'E1', since: 3 });
  });

  it('asks for one resync per gap until a new connection opens', () => {
    const t = new SeqTracker();
    expect(t.requestResync()).toBe(true);
    expect(t.requestResync()).toBe(false);
    expect(t.resyncNeeded).toBe(true);
    expect(t.check({ epoch: 'E1', seq: 1 }).kind).toBe('blocked');
    t.clearResync();
    expect(t.resyncNeeded).toBe(false);
    expect(t.check({ epoch: 'E1', seq: 1 }).kind).toBe('apply');
    expect(t.requestResync()).toBe(true);
  });

  it('resumed replay: duplicates up to the resume point, then the missing events apply', () => {
    const t = new SeqTracker();
    t.commit({ epoch: 'E1', seq: 1 });
    t.commit({ epoch: 'E1', seq: 2 });
    t.requestResync(); // seq 4 arrived before 3
    t.clearResync(); // reconnected with ?epoch=E1&since=2
    const verdicts = [2, 3, 4].map((seq) => {
      const v = t.check({ epoch: 'E1', seq });
      if (v.kind === 'apply') t.commit({ epoch: 'E1', seq });
      return v.kind;
    });
    expect(verdicts).toEqual(['duplicate', 'apply', 'apply']);
    expect(t.resumePoint()).toEqual({ epoch: 'E1', since: 4 });
  });

  it('a snapshot after a reconnect restarts at its seq, in its epoch', () => {
    const t = new SeqTracker();
    t.commit({ epoch: 'E1', seq: 40 });
    t.requestResync();
    t.restart({ epoch: 'E2', seq: 3 });
    expect(t.resyncNeeded).toBe(false);
    expect(t.resumePoint()).toEqual({ epoch: 'E2', since: 3 });
    expect(t.check({ epoch: 'E2', seq: 3 }).kind).toBe('duplicate');
    expect(t.check({ epoch: 'E2', seq: 4 }).kind).toBe('apply');
    expect(t.check({ epoch: 'E1', seq: 4 }).kind).toBe('gap');
  });

  it('commit of an event without seq does not move the resume point', () => {
    const t = new SeqTracker();
    t.commit({ epoch: 'E1', seq: 7 });
    expect(t.commit({})).toBe(false);
    expect(t.resumePoint()).toEqual({ epoch: 'E1', since: 7 });
  });

  it('reset forgets the resume point', () => {
    const t = new SeqTracker();
    t.commit({ epoch: 'E1', seq: 7 });
    t.requestResync();
    t.reset();
    expect(t.resumePoint()).toEqual({ epoch: undefined, since: undefined });
    expect(t.resyncNeeded).toBe(false);
  });
});
