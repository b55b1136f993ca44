import { describe, expect, it } from 'vitest';
import { recordTimings, recordToView, streamToJson, streamToMarkdown } from './stream-records';

const record = {
  requestId: 'req-1',
  goalId: 'g1',
  workItemId: null,
  runId: null,
  model: 'sim/x',
  provider: 'sim',
  status: 'completed' as const,
  content: 'Hello | world',
  chunks: 3,
  inputTokens: 4,
  outputTokens: 20,
  tokensUsed: 24,
  ttftMs: 50,
  durationMs: 2_000,
  finishReason: 'stop',
  error: null,
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:00:02Z',
};

describe('stream records', () => {
  it('map to the same view the live store produces', () => {
    const view = recordToView(record);
    expect(view).toMatchObject({
      requestId: 'req-1',
      goalId: 'g1',
      workItemId: undefined,
      status: 'completed',
      content: 'Hello | world',
      nextIndex: 3,
      startedAt: Date.parse('2026-01-01T00:00:00Z'),
      finishedAt: Date.parse('2026-01-01T00:00:02Z'),
      tokensPerSecond: 10,
    });
  });

  it('name the cluster instance a stream ran on, and none on a single node', () => {
    expect(recordToView({ ...record, instance: 'node2' }).instance).toBe('node2');
    expect(recordToView({ ...record, instance: null }).instance).toBeUndefined();
  });

  it('name the client and API key a stream came with, and none for the agent', () => {
    const view = recordToView({ ...record, client: 'anthropic', apiKeyId: 'key_9' });
    expect(view).toMatchObject({ client: 'anthropic', apiKeyId: 'key_9' });
    expect(streamToMarkdown(view)).toContain('| Client | anthropic |');
    expect(streamToMarkdown(view)).toContain('| API key | key_9 |');
    const agent = recordToView({ ...record, client: null, apiKeyId: null });
    expect(agent.client).toBeUndefined();
    expect(streamToMarkdown(agent)).not.toContain('| Client |');
  });

  it('map an interrupted record with its checkpoint and error text', () => {
    const view = recordToView({
      ...record,
      status: 'interrupted',
      content: 'saved so far',
      finishReason: 'interrupted',
      error: 'interrupted: the server stopped while it was running',
      checkpointedAt: '2026-01-01T00:00:01Z',
    });
    expect(view).toMatchObject({
      status: 'interrupted',
      content: 'saved so far',
      error: 'interrupted: the server stopped while it was running',
      checkpointedAt: Date.parse('2026-01-01T00:00:01Z'),
    });
    expect(streamToMarkdown(view)).toContain('| Checkpointed | 2026-01-01T00:00:01.000Z |');
    const bare = recordToView({
      ...record,
      status: 'interrupted',
      error: null,
      checkpointedAt: null,
    });
    expect(bare.error).toBe('The server stopped while this stream ran.');
    expect(bare.checkpointedAt).toBeUndefined();
    expect(recordToView(record).checkpointedAt).toBeUndefined();
  });

  it('export as JSON and as Markdown with a metadata table', () => {
    const view = recordToView(record);
    expect(JSON.parse(streamToJson(view))).toMatchObject({
      requestId: 'req-1',
      content: 'Hello | world',
    });
    const md = streamToMarkdown(view);
    expect(md).toContain('# Stream req-1');
    expect(md).toContain('| Goal | g1 |');
    expect(md).toContain('| Tokens/s | 10.0 |');
    expect(md).not.toContain('| Error |');
    expect(md.endsWith('## Content\n\nHello | world\n')).toBe(true);
  });
});

describe('stream record timings and attempts', () => {
  it('turn the stored timings into arrivals after the start, and keep the attempts', () => {
    const view = recordToView({
      ...record,
      timings: { offsetsMs: [50, 900], lengths: [6, 7] },
      attempts: [{ provider: 'faults', atMs: 10, error: 'stream_broken' }],
    });
    const startedAt = Date.parse('2026-01-01T00:00:00Z');
    expect(view.arrivals).toEqual([
      { t: startedAt + 50, len: 6, n: 1 },
      { t: startedAt + 900, len: 7, n: 1 },
    ]);
    expect(view.arrivalsComplete).toBe(true);
    expect(view.attempts).toEqual([{ provider: 'faults', atMs: 10, error: 'stream_broken' }]);
  });

  it('have no arrivals without (or with malformed) timings', () => {
    expect(recordToView(record)).toMatchObject({ arrivals: [], arrivalsComplete: false });
    expect(recordTimings({ ...record, timings: null })).toBeUndefined();
    expect(
      recordTimings({
        ...record,
        timings: { offsetsMs: [1, Number.NaN], lengths: [1, 2] },
      }),
    ).toBeUndefined();
    expect(
      recordTimings({ ...record, timings: { offsetsMs: [1, 2, 3], lengths: [4, 5] } }),
    ).toEqual({ offsetsMs: [1, 2], lengths: [4, 5] });
  });
});

describe('stream export', () => {
  it('keeps the arrivals and attempts, not the browser-local bookkeeping', () => {
    const view = {
      ...recordToView({
        ...record,
        timings: { offsetsMs: [5], lengths: [13] },
        attempts: [{ provider: 'a', atMs: 1, error: 'timeout' }],
      }),
      lastReceivedAt: 123,
    };
    const exported = JSON.parse(streamToJson(view)) as Record<string, unknown>;
    expect(exported.arrivals).toHaveLength(1);
    expect(exported.attempts).toEqual([{ provider: 'a', atMs: 1, error: 'timeout' }]);
    expect(exported).not.toHaveProperty('lastReceivedAt');
    expect(exported).not.toHaveProperty('arrivalsComplete');
  });
});
