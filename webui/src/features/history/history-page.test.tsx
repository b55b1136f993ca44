import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, stubFetch, testUser, type FetchCall } from '../../test/render';
import type { HistoryRecord } from './history-api';

installFakeWebSockets();

function record(id: string, extra: Partial<HistoryRecord> = {}): HistoryRecord {
  return {
    requestId: id,
    model: 'sim/demo',
    provider: 'sim',
    goalId: 'g-1',
    status: 'completed',
    chunks: 3,
    tokensUsed: 42,
    inputTokens: 10,
    outputTokens: 32,
    ttftMs: 120,
    durationMs: 1500,
    startedAt: '2026-12-06T10:00:00Z',
    prompt: 'Tell me about the blue whale',
    excerpt: 'The Blue whale is the largest animal; a blue whale eats krill.',
    ...extra,
  };
}

let calls: FetchCall[];
let answer: (url: string) => Response;

beforeEach(() => {
  answer = (url) =>
    json(200, {
      items: [record('r1'), record('r2', { status: 'error', excerpt: null, error: 'HTTP 500' })],
      page: Number(new URL(url, 'http://x').searchParams.get('page')),
      size: 25,
      total: 2,
    });
  calls = stubFetch({ 'GET /api/streams': (url) => answer(url) });
});

const searches = () => calls.filter((c) => c.url.startsWith('/api/streams?')).map((c) => c.url);

describe('History', () => {
  it('searches with the filters of the URL and highlights the phrase in text', async () => {
    renderRoute('/history?q=blue%20whale&status=completed');
    const rows = await screen.findAllByTestId('history-row');
    expect(searches()).toEqual(['/api/streams?q=blue+whale&status=completed&page=0&size=25']);
    expect(screen.getByTestId('history-search')).toHaveValue('blue whale');
    expect(screen.getByTestId('history-filter-status')).toHaveValue('completed');

    expect(rows.map((r) => r.getAttribute('data-request-id'))).toEqual(['r1', 'r2']);
    const first = rows[0];
    const marks = within(first)
      .getAllByText((_, el) => el?.tagName === 'MARK')
      .map((m) => m.textContent);
    expect(marks).toEqual(['blue whale', 'Blue whale', 'blue whale']);
    expect(within(first).getByTestId('status-badge')).toHaveTextContent('Completed');
    expect(first).toHaveTextContent('120 ms');
    expect(first).toHaveTextContent('1.50 s');
    expect(first).toHaveTextContent('42');
    expect(within(first).getByTestId('history-open')).toHaveAttribute('href', '/streams?stream=r1');
    expect(within(first).getByRole('link', { name: 'g-1' })).toHaveAttribute('href', '/goals/g-1');
    expect(within(rows[1]).getByTestId('status-badge')).toHaveTextContent('Error');
    expect(within(rows[1]).getByTestId('history-error')).toHaveTextContent('HTTP 500');
    expect(screen.getByTestId('history-results')).toHaveAttribute('data-total', '2');
    expect(screen.getByTestId('history-count')).toHaveTextContent('2 streams');
  });

  it('renders prompts and answers as text, never as HTML', async () => {
    answer = () =>
      json(200, {
        items: [
          record('x1', {
            prompt: '<img src=x onerror="window.pwned=1"> blue',
            excerpt: '<script>window.pwned=2</script><b>blue</b>',
          }),
        ],
        page: 0,
        size: 25,
        total: 1,
      });
    renderRoute('/history?q=blue');
    const row = await screen.findByTestId('history-row');
    expect(row.querySelector('img, script, b')).toBeNull();
    expect(within(row).getByTestId('history-prompt')).toHaveTextContent(
      '<img src=x onerror="window.pwned=1"> blue',
    );
    expect(within(row).getByTestId('history-excerpt')).toHaveTextContent(
      '<script>window.pwned=2</script><b>blue</b>',
    );
  });

  it('puts typed filters into the URL after a pause and searches with them', async () => {
    const router = renderRoute('/history');
    await screen.findAllByTestId('history-row');
    fireEvent.change(screen.getByTestId('history-search'), { target: { value: 'k' } });
    expect(await screen.findByText('Type at least 2 characters to search.')).toBeInTheDocument();
    fireEvent.change(screen.getByTestId('history-search'), { target: { value: 'krill ' } });
    fireEvent.change(screen.getByTestId('history-filter-provider'), { target: { value: 'sim' } });
    await waitFor(() => expect(router.state.location.search).toBe('?q=krill&provider=sim'));
    await waitFor(() =>
      expect(searches()).toContain('/api/streams?q=krill&provider=sim&page=0&size=25'),
    );
    // The box keeps what is being typed (the trailing space) while the URL has the trimmed value.
    expect(screen.getByTestId('history-search')).toHaveValue('krill ');
    expect(screen.getByTestId('export-csv')).toHaveAttribute(
      'href',
      '/api/streams/export?format=csv&q=krill&provider=sim',
    );
    expect(screen.getByTestId('export-json')).toHaveAttribute(
      'href',
      '/api/streams/export?format=json&q=krill&provider=sim',
    );
    expect(screen.getByTestId('export-json')).toHaveAttribute('download');
  });

  it('sends the time range as ISO instants and the status at once', async () => {
    const router = renderRoute('/history');
    await screen.findAllByTestId('history-row');
    fireEvent.change(screen.getByTestId('history-filter-from'), {
      target: { value: '2026-12-06T10:30' },
    });
    const from = new Date(2026, 11, 6, 10, 30).toISOString().replace('.000Z', 'Z');
    await waitFor(() =>
      expect(new URLSearchParams(router.state.location.search).get('from')).toBe(from),
    );
    expect(screen.getByTestId('history-filter-from')).toHaveValue('2026-12-06T10:30');
    fireEvent.change(screen.getByTestId('history-filter-status'), { target: { value: 'active' } });
    await waitFor(() =>
      expect(searches()).toContain(
        `/api/streams?status=active&from=${encodeURIComponent(from)}&page=0&size=25`,
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(screen.getByTestId('history-filter-from')).toHaveValue('');
  });

  it('pages through the results', async () => {
    answer = (url) => {
      const page = Number(new URL(url, 'http://x').searchParams.get('page'));
      return json(200, {
        items: [record(`p${page}`)],
        page,
        size: 25,
        total: 60,
      });
    };
    const router = renderRoute('/history?model=sim');
    await screen.findAllByTestId('history-row');
    expect(screen.getByTestId('history-page-of')).toHaveTextContent('Page 1 of 3');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(screen.getByTestId('history-row')).toHaveAttribute('data-request-id', 'p1'),
    );
    expect(router.state.location.search).toBe('?model=sim&page=1');
    expect(searches()).toContain('/api/streams?model=sim&page=1&size=25');
  });

  it('says when nothing matches, and shows a failure', async () => {
    answer = () => json(200, { items: [], page: 0, size: 25, total: 0 });
    renderRoute('/history?q=nothing');
    expect(await screen.findByTestId('history-empty')).toHaveTextContent(
      'No stream matches this search.',
    );
    expect(screen.getByTestId('history-results')).toHaveAttribute('data-total', '0');
  });

  it('reports an error answer', async () => {
    answer = () => json(400, { title: 'Bad Request', status: 400, detail: 'q is too long' });
    renderRoute('/history?q=xx');
    expect(await screen.findByTestId('history-error')).toHaveTextContent('q is too long');
  });

  it('is in the navigation for viewers', async () => {
    renderRoute('/history', { user: testUser('viewer', 'vic') });
    expect(screen.getByTestId('nav-history')).toHaveAttribute('href', '/history');
    expect(await screen.findByRole('heading', { name: 'History' })).toBeInTheDocument();
  });
});
