import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, socketFor, stubFetch, testUser } from '../../test/render';
import { resetChannels } from '../streams/channels';

installFakeWebSockets();

const goal = (id: string, owner: string) => ({
  id,
  title: `Goal ${id}`,
  description: 'd',
  status: 'running',
  owner,
  workItems: [],
});

const goals = () =>
  json(200, { items: [goal('g1', 'alice'), goal('g2', 'bob')], page: 0, size: 20, total: 2 });

function liveStreams(owners: Record<string, string>) {
  return {
    type: 'snapshot',
    epoch: 'E',
    seq: 1,
    streams: Object.entries(owners).map(([goalId, owner], i) => ({
      requestId: `req-${goalId}`,
      goalId,
      owner,
      model: 'sim/x',
      status: 'streaming',
      content: 'hello',
      nextIndex: 1,
      startedAt: 1_000 + i,
    })),
  };
}

async function showStreams() {
  const ws = await socketFor('/ws/streams');
  act(() => {
    ws.open();
    ws.send(liveStreams({ g1: 'alice', g2: 'bob' }));
  });
  await waitFor(() => expect(screen.getAllByTestId('stream-card')).toHaveLength(2));
  const card = (goalId: string) =>
    screen
      .getAllByTestId('stream-card')
      .find((c) => c.getAttribute('data-request-id') === `req-${goalId}`)!;
  return card;
}

describe('Role-based hiding', () => {
  it('viewer: no New goal, no goal form, no Try it, no Stop/Cancel, no admin links', async () => {
    stubFetch({ 'GET /api/goals': goals, 'GET /api/goals/g1': () => json(200, goal('g1', 'val')) });
    const viewer = testUser('viewer', 'val');
    renderRoute('/goals', { user: viewer });
    await waitFor(() => expect(screen.getAllByTestId('goal-row')).toHaveLength(2));
    expect(screen.queryByTestId('new-goal-link')).toBeNull();
    expect(screen.getByTestId('nav-goals')).toBeInTheDocument();
    for (const nav of ['nav-keys', 'nav-users', 'nav-audit']) {
      expect(screen.queryByTestId(nav)).toBeNull();
    }
    expect(screen.getByTestId('user-role')).toHaveTextContent('viewer');
  });

  it('viewer: the goal form route says permission is missing', () => {
    stubFetch({});
    renderRoute('/goals/new', { user: testUser('viewer', 'val') });
    expect(screen.getByTestId('forbidden')).toHaveTextContent(
      'You do not have permission to create goals.',
    );
    expect(screen.queryByTestId('goal-submit')).toBeNull();
  });

  it('viewer: no Try it on the dashboard, no Stop on live streams', async () => {
    stubFetch({});
    renderRoute('/', { user: testUser('viewer', 'val') });
    expect(screen.queryByTestId('send-button')).toBeNull();
    expect(screen.queryByTestId('prompt-input')).toBeNull();
    renderRoute('/streams', { user: testUser('viewer', 'val') });
    await showStreams();
    expect(screen.queryByTestId('stream-stop')).toBeNull();
  });

  it('viewer: no Cancel on the goal page, which shows the owner', async () => {
    stubFetch({ 'GET /api/goals/g1': () => json(200, goal('g1', 'alice')) });
    renderRoute('/goals/g1', { user: testUser('viewer', 'val') });
    expect(await screen.findByTestId('goal-owner')).toHaveTextContent('by alice');
    expect(screen.queryByTestId('goal-cancel')).toBeNull();
  });

  it('operator: Stop and Cancel only on their own work; Keys but no Users/Audit', async () => {
    stubFetch({ 'GET /api/goals/g2': () => json(200, goal('g2', 'bob')) });
    const operator = testUser('operator', 'alice');
    renderRoute('/streams', { user: operator });
    const card = await showStreams();
    expect(within(card('g1')).getByTestId('stream-stop')).toBeInTheDocument();
    expect(within(card('g2')).queryByTestId('stream-stop')).toBeNull();
    expect(within(card('g2')).getByTestId('stream-owner')).toHaveTextContent('by bob');
    expect(screen.getByTestId('nav-keys')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-users')).toBeNull();
    expect(screen.queryByTestId('nav-audit')).toBeNull();
  });

  it('Retry on a failed goal only for its operator or an admin', async () => {
    const failed = (owner: string) => ({ ...goal('g1', owner), status: 'failed' });
    stubFetch({ 'GET /api/goals/g1': () => json(200, failed('alice')) });
    renderRoute('/goals/g1', { user: testUser('viewer', 'val') });
    expect(await screen.findByTestId('goal-owner')).toHaveTextContent('by alice');
    expect(screen.queryByTestId('goal-retry')).toBeNull();
    cleanup();
    resetChannels();

    stubFetch({ 'GET /api/goals/g1': () => json(200, failed('bob')) });
    renderRoute('/goals/g1', { user: testUser('operator', 'alice') });
    expect(await screen.findByTestId('goal-owner')).toHaveTextContent('by bob');
    expect(screen.queryByTestId('goal-retry')).toBeNull();
    cleanup();
    resetChannels();

    stubFetch({ 'GET /api/goals/g1': () => json(200, failed('alice')) });
    renderRoute('/goals/g1', { user: testUser('operator', 'alice') });
    expect(await screen.findByTestId('goal-retry')).toBeEnabled();
    cleanup();
    resetChannels();

    stubFetch({ 'GET /api/goals/g1': () => json(200, failed('bob')) });
    renderRoute('/goals/g1', { user: testUser('admin', 'root') });
    expect(await screen.findByTestId('goal-retry')).toBeEnabled();
  });

  it('operator: no Cancel on someone else’s goal', async () => {
    stubFetch({ 'GET /api/goals/g2': () => json(200, goal('g2', 'bob')) });
    renderRoute('/goals/g2', { user: testUser('operator', 'alice') });
    expect(await screen.findByTestId('goal-owner')).toHaveTextContent('by bob');
    expect(screen.queryByTestId('goal-cancel')).toBeNull();
  });

  it('admin: Cancel on anyone’s goal, Users and Audit links', async () => {
    stubFetch({ 'GET /api/goals/g2': () => json(200, goal('g2', 'bob')) });
    renderRoute('/goals/g2', { user: testUser('admin', 'root') });
    expect(await screen.findByTestId('goal-cancel')).toBeEnabled();
    for (const nav of ['nav-keys', 'nav-users', 'nav-audit']) {
      expect(screen.getByTestId(nav)).toBeInTheDocument();
    }
  });

  it('operator: the users and audit pages say permission is missing', () => {
    stubFetch({});
    renderRoute('/users', { user: testUser('operator') });
    expect(screen.getByTestId('forbidden')).toHaveTextContent(
      'You do not have permission to manage users.',
    );
  });
});
