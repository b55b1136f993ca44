import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createStreamStore, type StreamStore, type StreamView } from '../stream-store';
import type { EventFrame } from '../wire-types';
import { StreamCard } from './stream-card';

function feed(store: StreamStore, requestId: string, chunks: string[], finish?: string) {
  const frames: EventFrame[] = [
    {
      type: 'event',
      event: 'llm.stream.start',
      data: { requestId, model: 'gpt-test', provider: 'sim', timestamp: Date.now() },
    },
    ...chunks.map((chunk, index): EventFrame => ({
      type: 'event',
      event: 'llm.stream.chunk',
      data: { requestId, chunk, index, timestamp: Date.now() },
    })),
  ];
  if (finish) {
    frames.push({
      type: 'event',
      event: 'llm.stream.end',
      data: {
        requestId,
        totalChunks: chunks.length,
        tokensUsed: 12,
        finishReason: finish,
        timestamp: Date.now(),
      },
    });
  }
  frames.forEach((f) => store.handleFrame(f));
  store.flush();
}

function viewOf(chunks: string[], finish?: string): StreamView {
  const store = createStreamStore({ schedule: () => {} });
  feed(store, 'r1', chunks, finish);
  return store.getState().streams[0];
}

function renderCard(chunks: string[], finish?: string) {
  const utils = render(<StreamCard stream={viewOf(chunks, finish)} />);
  return { ...utils, content: screen.getByTestId('stream-content') };
}

describe('StreamCard markdown safety', () => {
  it('does not render raw <img onerror> HTML', () => {
    const { container } = renderCard(['Look: <img src=x onerror=alert(1)> done'], 'stop');
    expect(container.querySelector('img')).toBeNull();
    expect(container.innerHTML).not.toContain('onerror');
    expect(screen.getByTestId('stream-content')).toHaveTextContent('Look:');
  });

  it('does not render a <script> split across several chunks', () => {
    const { container } = renderCard(
      ['before <scr', 'ipt>alert', '(1)</scr', 'ipt> after'],
      'stop',
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.innerHTML).not.toMatch(/<script/i);
  });

  it('does not render <script> while the split tag is still streaming', () => {
    const store = createStreamStore({ schedule: () => {} });
    feed(store, 'r1', ['<scr']);
    const { container, rerender } = render(<StreamCard stream={store.getState().streams[0]} />);
    for (const [i, part] of ['ipt>alert(1)', '</script>'].entries()) {
      store.handleFrame({
        type: 'event',
        event: 'llm.stream.chunk',
        data: { requestId: 'r1', chunk: part, index: i + 1, timestamp: Date.now() },
      });
      store.flush();
      rerender(<StreamCard stream={store.getState().streams[0]} />);
      expect(container.querySelector('script')).toBeNull();
    }
  });

  it('drops javascript: links but keeps safe ones with rel and target', () => {
    const { container } = renderCard(
      [
        '[x](javascript:alert(1)) and [y](JaVaScRiPt:alert(2)) and [d](data:text/html,hi) ',
        'and [ok](https://example.com/a) and [mail](mailto:a@b.c) and [rel](/local)',
      ],
      'stop',
    );
    const anchors = Array.from(container.querySelectorAll('a'));
    for (const a of anchors) {
      expect(a.getAttribute('href') ?? '').not.toMatch(/^\s*(javascript|data):/i);
    }
    expect(container.innerHTML).not.toMatch(/javascript:/i);
    expect(anchors.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/a',
      'mailto:a@b.c',
    ]);
    for (const a of anchors) {
      expect(a).toHaveAttribute('rel', 'noopener noreferrer nofollow');
      expect(a).toHaveAttribute('target', '_blank');
    }
    // The text of dropped links is still shown.
    expect(screen.getByTestId('stream-content')).toHaveTextContent('x and y and d');
  });

  it('renders markdown images as links, never as <img>', () => {
    const { container } = renderCard(['![cat](https://example.com/cat.png)'], 'stop');
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('a')).toHaveAttribute('href', 'https://example.com/cat.png');
  });

  it('renders markdown formatting', () => {
    const { container } = renderCard(
      ['# Title\n\nSome **bold** and `code`.\n\n```\nx = 1\n```'],
      'stop',
    );
    expect(container.querySelector('h1')).toHaveTextContent('Title');
    expect(container.querySelector('strong')).toHaveTextContent('bold');
    expect(container.querySelector('pre code')).toHaveTextContent('x = 1');
  });
});

describe('StreamCard status', () => {
  it('shows the cursor and a Streaming badge only while streaming', () => {
    const store = createStreamStore({ schedule: () => {} });
    feed(store, 'r1', ['Hello']);
    const { rerender } = render(<StreamCard stream={store.getState().streams[0]} />);
    const card = screen.getByTestId('stream-card');
    expect(card).toHaveAttribute('data-request-id', 'r1');
    expect(card).toHaveAttribute('data-status', 'streaming');
    expect(screen.getByTestId('stream-cursor')).toHaveTextContent('▊');
    expect(screen.getByTestId('status-badge')).toHaveTextContent('Streaming');

    act(() => {
      store.handleFrame({
        type: 'event',
        event: 'llm.stream.end',
        data: {
          requestId: 'r1',
          totalChunks: 1,
          tokensUsed: 10,
          finishReason: 'stop',
          ttftMs: 120,
          durationMs: 2_000,
          timestamp: Date.now(),
        },
      });
      store.flush();
    });
    rerender(<StreamCard stream={store.getState().streams[0]} />);
    expect(screen.getByTestId('stream-card')).toHaveAttribute('data-status', 'completed');
    expect(screen.queryByTestId('stream-cursor')).toBeNull();
    expect(screen.getByTestId('status-badge')).toHaveTextContent('Completed');
    expect(screen.getByTestId('stream-card')).toHaveTextContent('120 ms');
    expect(screen.getByTestId('stream-card')).toHaveTextContent('2.00 s');
    expect(screen.getByTestId('stream-card')).toHaveTextContent('5.0'); // 10 tokens / 2 s
  });

  it('shows the error message for failed streams and keeps the content', () => {
    const store = createStreamStore({ schedule: () => {} });
    feed(store, 'r1', ['partial answer']);
    store.handleFrame({
      type: 'event',
      event: 'llm.stream.error',
      data: { requestId: 'r1', error: 'upstream 503', timestamp: Date.now() },
    });
    store.flush();
    render(<StreamCard stream={store.getState().streams[0]} />);
    expect(screen.getByTestId('status-badge')).toHaveTextContent('Error');
    expect(screen.getByTestId('stream-error')).toHaveTextContent('upstream 503');
    expect(screen.getByTestId('stream-content')).toHaveTextContent('partial answer');
    expect(screen.queryByTestId('stream-cursor')).toBeNull();
  });

  it('shows an interrupted stream as a warning with its error text, not as an error', () => {
    const store = createStreamStore({ schedule: () => {} });
    store.handleFrame({
      type: 'snapshot',
      streams: [
        {
          requestId: 'r1',
          model: 'sim/x',
          status: 'interrupted',
          content: 'saved <img src=x onerror=alert(1)> part',
          nextIndex: 3,
          startedAt: Date.now() - 5_000,
          durationMs: 4_000,
          finishReason: 'interrupted',
          error: 'interrupted: the server stopped while it was running',
        },
      ],
    });
    store.flush();
    const { container } = render(<StreamCard stream={store.getState().streams[0]} />);
    const card = screen.getByTestId('stream-card');
    expect(card).toHaveAttribute('data-status', 'interrupted');
    expect(card).toHaveClass('stream-card-interrupted');
    expect(screen.getByTestId('status-badge')).toHaveTextContent('Interrupted');
    expect(screen.getByTestId('status-badge')).toHaveClass('badge-interrupted');
    expect(screen.queryByTestId('stream-error')).toBeNull();
    const notice = screen.getByTestId('stream-interrupted');
    expect(notice).toHaveTextContent('interrupted: the server stopped while it was running');
    expect(notice).toHaveTextContent('saved before it stopped');
    expect(screen.getByTestId('stream-content')).toHaveTextContent('saved');
    expect(container.querySelector('img')).toBeNull();
    expect(screen.queryByTestId('stream-cursor')).toBeNull();
    expect(screen.queryByTestId('stream-stop')).toBeNull();
  });

  it('shows what a finished stream cost, and a dash while it streams or has no price', () => {
    const priced: StreamView = { ...viewOf(['x'], 'stop'), costUsd: 0.0002475 };
    const { unmount } = render(<StreamCard stream={priced} />);
    expect(screen.getByTestId('card-cost')).toHaveTextContent('$0.00025');
    unmount();
    render(<StreamCard stream={viewOf(['x'])} />);
    expect(screen.getByTestId('card-cost')).toHaveTextContent('—');
  });

  it('shows Cancelled for cancelled streams', () => {
    renderCard(['x'], 'cancelled');
    expect(screen.getByTestId('status-badge')).toHaveTextContent('Cancelled');
    expect(screen.queryByTestId('stream-cursor')).toBeNull();
  });
});

describe('StreamCard auto-scroll', () => {
  function setBox(el: HTMLElement, { scrollHeight, clientHeight }: Record<string, number>) {
    Object.defineProperty(el, 'scrollHeight', { configurable: true, value: scrollHeight });
    Object.defineProperty(el, 'clientHeight', { configurable: true, value: clientHeight });
  }

  function grow(store: StreamStore, index: number) {
    store.handleFrame({
      type: 'event',
      event: 'llm.stream.chunk',
      data: { requestId: 'r1', chunk: `\n\nline ${index}`, index, timestamp: Date.now() },
    });
    store.flush();
  }

  it('follows new content until the user scrolls up, and resumes at the bottom', () => {
    const store = createStreamStore({ schedule: () => {} });
    feed(store, 'r1', ['start']);
    const { rerender } = render(<StreamCard stream={store.getState().streams[0]} />);
    const box = screen.getByTestId('stream-content');

    setBox(box, { scrollHeight: 1_000, clientHeight: 200 });
    grow(store, 1);
    rerender(<StreamCard stream={store.getState().streams[0]} />);
    expect(box.scrollTop).toBe(1_000); // stuck to the bottom

    // User scrolls up.
    box.scrollTop = 300;
    box.dispatchEvent(new Event('scroll'));
    setBox(box, { scrollHeight: 1_200, clientHeight: 200 });
    grow(store, 2);
    rerender(<StreamCard stream={store.getState().streams[0]} />);
    expect(box.scrollTop).toBe(300); // left alone

    // User scrolls back to the bottom.
    box.scrollTop = 1_000;
    box.dispatchEvent(new Event('scroll'));
    setBox(box, { scrollHeight: 1_400, clientHeight: 200 });
    grow(store, 3);
    rerender(<StreamCard stream={store.getState().streams[0]} />);
    expect(box.scrollTop).toBe(1_400);
  });
});

describe('StreamCard instance', () => {
  const start = (instance?: string): EventFrame => ({
    type: 'event',
    event: 'llm.stream.start',
    data: { requestId: 'r1', model: 'gpt-test', instance, timestamp: Date.now() },
  });

  it('names the cluster instance that runs a live stream', () => {
    const store = createStreamStore({ schedule: () => {} });
    store.handleFrame(start('node-a'));
    store.flush();
    render(<StreamCard stream={store.getState().streams[0]} />);
    expect(screen.getByTestId('stream-instance')).toHaveTextContent('on node-a');
  });

  it('names no instance on a single node', () => {
    const store = createStreamStore({ schedule: () => {} });
    store.handleFrame(start());
    store.flush();
    render(<StreamCard stream={store.getState().streams[0]} />);
    expect(screen.queryByTestId('stream-instance')).toBeNull();
  });
});

describe('StreamCard caller', () => {
  const start = (extra: Record<string, unknown>): EventFrame => ({
    type: 'event',
    event: 'llm.stream.start',
    data: { requestId: 'r1', model: 'gpt-test', timestamp: Date.now(), ...extra },
  });

  it('names the API the caller spoke and its API key', () => {
    const store = createStreamStore({ schedule: () => {} });
    store.handleFrame(start({ owner: 'alice', client: 'openai', apiKeyId: 'key_7' }));
    store.flush();
    render(<StreamCard stream={store.getState().streams[0]} />);
    expect(screen.getByTestId('stream-client')).toHaveTextContent('via openai');
    expect(screen.getByTestId('stream-key')).toHaveTextContent('key key_7');
  });

  it('names neither for the agent', () => {
    const store = createStreamStore({ schedule: () => {} });
    store.handleFrame(start({ owner: 'alice' }));
    store.flush();
    render(<StreamCard stream={store.getState().streams[0]} />);
    expect(screen.queryByTestId('stream-client')).toBeNull();
    expect(screen.queryByTestId('stream-key')).toBeNull();
  });
});
