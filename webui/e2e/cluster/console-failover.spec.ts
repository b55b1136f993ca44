/**
 * The console in a cluster (issue 19): its page and socket come through HAProxy from one node;
 * that node is killed while a stream that a second node runs is half way. The console reconnects
 * through HAProxy to a third node, which neither served it nor runs the stream, resumes there from
 * where it was (`?epoch=&since=`: the same epoch and seq on every node, the missed events replayed
 * from Redis) and shows the stream to its end without a gap or duplicate.
 */
import { expect, test, type Page } from '@playwright/test';
import { STORAGE_STATE } from '../auth-state';
import { complete, echoModel, normalize, screenshot, uniqueId, words } from '../support';
import { clusterNodes, kill9, setNodeState } from './cluster';

/** One WebSocket of the page to the all-streams channel, as the browser saw it. */
interface SeenSocket {
  url: URL;
  frames: string[];
  closed: boolean;
}

/** Records every `/ws/streams` socket the page opens, with the frames it receives. */
function recordStreamSockets(page: Page): SeenSocket[] {
  const sockets: SeenSocket[] = [];
  page.on('websocket', (ws) => {
    const url = new URL(ws.url());
    if (url.pathname !== '/ws/streams') return;
    const seen: SeenSocket = { url, frames: [], closed: false };
    sockets.push(seen);
    ws.on('framereceived', (frame) => seen.frames.push(String(frame.payload)));
    ws.on('close', () => (seen.closed = true));
  });
  return sockets;
}

function isSnapshot(frame: string): boolean {
  return frame.startsWith('{"type":"snapshot"');
}

test('the instance serving the console is killed mid-stream: it resumes on another, no gap', async ({
  page,
  playwright,
}) => {
  const [serving, runner, ...others] = clusterNodes();
  expect(others.length, 'a third node to reconnect to').toBeGreaterThan(0);
  const goalId = uniqueId('failover');
  // 200 words at 20 tokens a second: about ten seconds of stream, most of it after the kill.
  const text = words(200, 'failover');
  const sockets = recordStreamSockets(page);
  const status = page.getByTestId('connection-status');

  await page.goto(`/streams?goal=${goalId}`);
  await expect(status).toHaveAttribute('data-status', 'connected');
  expect(sockets, 'one socket to /ws/streams').toHaveLength(1);
  const first = sockets[0];
  await expect.poll(() => first.frames.some(isSnapshot), { message: 'its snapshot' }).toBe(true);
  const epoch = (JSON.parse(first.frames.find(isSnapshot)!) as { epoch: string }).epoch;
  // The other nodes are drained: whatever comes through HAProxy now comes from `serving`.
  const me = await page.request.get('/api/auth/me');
  expect(me.headers()['x-served-by'], 'the node in rotation').toBe(serving.name);

  // Back in rotation: the nodes that do not run the stream (the runner is called directly and
  // stays drained), so the console's next socket lands on a node that has the stream from Redis.
  for (const node of others) await setNodeState(node, 'ready');
  // The session is in the database: its cookie works on every node.
  const onRunner = await playwright.request.newContext({
    baseURL: runner.url,
    storageState: STORAGE_STATE,
  });
  try {
    const done = complete(onRunner, { goalId, model: echoModel(20), prompt: text });
    const card = page.getByTestId('stream-card').first();
    const content = card.getByTestId('stream-content');
    await expect
      .poll(async () => ((await content.textContent()) ?? '').length)
      .toBeGreaterThan(100);
    await expect(card).toHaveAttribute('data-status', 'streaming');

    await kill9(serving);
    await expect
      .poll(() => first.closed, { message: `the socket on ${serving.name} closed` })
      .toBe(true);
    await expect(status).toHaveAttribute('data-status', 'connected');
    const now = await page.request.get('/api/auth/me');
    expect(
      others.map((node) => node.name),
      'HAProxy sends the console to the nodes in rotation',
    ).toContain(now.headers()['x-served-by']);
    const resumed = sockets.slice(1);
    expect(resumed.length, 'the console opened a new socket').toBeGreaterThan(0);
    for (const socket of resumed) {
      // It resumed in the epoch it had (the cluster's, not the dead node's) ...
      expect(socket.url.searchParams.get('epoch'), socket.url.href).toBe(epoch);
      expect(Number(socket.url.searchParams.get('since')), socket.url.href).toBeGreaterThan(0);
    }
    // ... and the node it reached replayed the gap: no snapshot (a resume it could not serve
    // would have been answered with a snapshot, recovered:false).
    const lastResumed = resumed[resumed.length - 1];
    await expect
      .poll(() => lastResumed.frames.length, { message: 'frames on the resumed socket' })
      .toBeGreaterThan(0);

    const result = await done;
    expect(result.content).toBe(text);
    const finished = page.locator(
      `[data-testid="stream-card"][data-request-id="${result.requestId}"]`,
    );
    await expect(finished).toHaveAttribute('data-status', 'completed');
    await expect(finished.getByTestId('status-badge')).toHaveText('Completed');
    await expect(finished.getByTestId('stream-content')).toHaveText(normalize(result.content), {
      useInnerText: true,
    });
    for (const socket of resumed) {
      expect(socket.frames.filter(isSnapshot), socket.url.href).toEqual([]);
    }
    await screenshot(page, 'cluster-console-failover');
  } finally {
    await onRunner.dispose();
  }
});
