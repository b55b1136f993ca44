import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { headersOf, json, renderRoute, stubFetch, testUser } from '../../test/render';
import type { ApiKey } from './keys-api';
import type { QuotaStatus } from './quota';

installFakeWebSockets();

const SECRET = 'pb_live_s3cr3t-value-0123456789';

function apiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: 'k1',
    name: 'nightly',
    owner: 'alice',
    role: 'viewer',
    prefix: 'pb_live_a1',
    createdAt: '2026-01-01T00:00:00Z',
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    createdBy: 'alice',
    ...overrides,
  };
}

const QUOTA: QuotaStatus = {
  requestsPerMinute: 60,
  concurrentStreams: 4,
  tokensPerDay: 100_000,
  activeStreams: 1,
  tokensToday: 85_000,
  requestsAvailable: 58,
};

function fill(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

describe('Keys page', () => {
  it('creates a key and shows its secret once, with a copy button', async () => {
    let keys: ApiKey[] = [apiKey()];
    const calls = stubFetch({
      'GET /api/keys': () => json(200, { items: keys }),
      'POST /api/keys': (_url, init) => {
        const body = JSON.parse(init?.body as string) as { name: string; role: string };
        const created = apiKey({
          id: 'k2',
          name: body.name,
          role: body.role,
          prefix: 'pb_live_s3',
        });
        keys = [...keys, created];
        return json(201, { ...created, secret: SECRET });
      },
    });
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderRoute('/keys', { user: testUser('operator', 'alice') });
    await waitFor(() => expect(screen.getAllByTestId('key-row')).toHaveLength(1));

    fill('key-name-input', 'ci-runner');
    fireEvent.change(screen.getByTestId('key-role-select'), { target: { value: 'operator' } });
    fill('key-expiry-input', '30');
    fireEvent.click(screen.getByTestId('key-create'));

    const secret = await screen.findByTestId('key-secret');
    expect(secret).toHaveValue(SECRET);
    expect(screen.getByTestId('key-secret-card')).toHaveTextContent('you will not see it again');
    const post = vi.mocked(fetch).mock.calls.find(([, init]) => init?.method === 'POST');
    expect(headersOf(post?.[1])['x-csrf-token']).toBe('csrf-test-token');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'ci-runner',
      role: 'operator',
      expiresInDays: 30,
    });
    await waitFor(() => expect(screen.getAllByTestId('key-row')).toHaveLength(2));

    fireEvent.click(screen.getByTestId('key-secret-copy'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(SECRET));
    expect(screen.getByTestId('key-secret-copy')).toHaveTextContent('Copied');

    // Done: the secret is gone from the page (the list only ever has the prefix).
    fireEvent.click(screen.getByTestId('key-secret-done'));
    expect(screen.queryByTestId('key-secret')).toBeNull();
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(screen.getByTestId('key-table')).toHaveTextContent('pb_live_s3');
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  it('offers an operator only roles up to their own and no owner field', async () => {
    stubFetch({ 'GET /api/keys': () => json(200, { items: [] }) });
    renderRoute('/keys', { user: testUser('operator', 'alice') });
    const options = within(screen.getByTestId('key-role-select'))
      .getAllByRole('option')
      .map((o) => o.getAttribute('value'));
    expect(options).toEqual(['viewer', 'operator']);
    expect(screen.queryByTestId('key-owner-input')).toBeNull();
    await waitFor(() =>
      expect(screen.getByTestId('keys-empty')).toHaveTextContent('No API keys yet.'),
    );
  });

  it('lets an admin create a key for another user', async () => {
    const calls = stubFetch({
      'GET /api/keys': () => json(200, { items: [] }),
      'POST /api/keys': () =>
        json(201, { ...apiKey({ owner: 'bob', role: 'admin' }), secret: SECRET }),
    });
    renderRoute('/keys', { user: testUser('admin', 'root') });
    fill('key-name-input', 'for bob');
    fireEvent.change(screen.getByTestId('key-role-select'), { target: { value: 'admin' } });
    fill('key-owner-input', 'bob');
    fill('key-expiry-input', '');
    fireEvent.click(screen.getByTestId('key-create'));
    expect(await screen.findByTestId('key-secret')).toHaveValue(SECRET);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'for bob',
      role: 'admin',
      owner: 'bob',
    });
  });

  it('revokes a key after confirmation', async () => {
    let keys = [apiKey()];
    const calls = stubFetch({
      'GET /api/keys': () => json(200, { items: keys }),
      'DELETE /api/keys/k1': () => {
        keys = [apiKey({ revokedAt: '2026-01-02T00:00:00Z' })];
        return new Response(null, { status: 204 });
      },
    });
    renderRoute('/keys', { user: testUser('operator', 'alice') });
    const row = await screen.findByTestId('key-row');
    expect(row).toHaveAttribute('data-state', 'active');
    fireEvent.click(within(row).getByTestId('key-revoke'));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(within(row).getByTestId('key-revoke-confirm'));
    await waitFor(() =>
      expect(screen.getByTestId('key-row')).toHaveAttribute('data-state', 'revoked'),
    );
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['/api/keys/k1']);
    expect(screen.queryByTestId('key-revoke')).toBeNull();
  });

  it('says so when the server refuses (403)', async () => {
    stubFetch({
      'GET /api/keys': () => json(200, { items: [] }),
      'POST /api/keys': () => json(403, { status: 403, title: 'Forbidden' }),
    });
    renderRoute('/keys', { user: testUser('operator', 'alice') });
    fill('key-name-input', 'x');
    fireEvent.click(screen.getByTestId('key-create'));
    expect(await screen.findByTestId('key-form-error')).toHaveTextContent(
      'You do not have permission to create this API key.',
    );
    expect(screen.queryByTestId('key-secret')).toBeNull();
  });

  it('shows the caller quota: limits, usage with meters, unlimited for 0', async () => {
    const calls = stubFetch({
      'GET /api/keys': () => json(200, { items: [] }),
      'GET /api/quota': () =>
        json(200, { ...QUOTA, concurrentStreams: 0, activeStreams: 2 } satisfies QuotaStatus),
    });
    renderRoute('/keys', { user: testUser('operator', 'alice') });
    const panel = await screen.findByTestId('quota-panel');
    expect(panel).toHaveTextContent('Your quota');
    await waitFor(() =>
      expect(within(panel).getByTestId('quota-tokens')).toHaveTextContent('85,000 / 100,000'),
    );
    const tokens = within(within(panel).getByTestId('quota-tokens')).getByRole('meter');
    expect(tokens).toHaveAttribute('aria-valuenow', '85000');
    expect(tokens).toHaveClass('meter-warn');
    expect(within(panel).getByTestId('quota-streams')).toHaveTextContent('2 / unlimited');
    expect(within(within(panel).getByTestId('quota-streams')).queryByRole('meter')).toBeNull();
    expect(within(panel).getByTestId('quota-requests')).toHaveTextContent('60');
    expect(within(panel).getByTestId('quota-requests')).toHaveTextContent('58 of 60 available now');
    // The limit fields default to the owner's, as their placeholders say.
    expect(screen.getByTestId('key-rpm-input')).toHaveAttribute('placeholder', "owner's: 60");
    expect(screen.getByTestId('key-streams-input')).toHaveAttribute(
      'placeholder',
      "owner's: unlimited",
    );

    fireEvent.click(within(panel).getByTestId('quota-refresh'));
    await waitFor(() => expect(calls.filter((c) => c.url === '/api/quota')).toHaveLength(2));
  });

  it('says so when the server has no quota API', async () => {
    stubFetch({ 'GET /api/keys': () => json(200, { items: [] }) });
    renderRoute('/keys', { user: testUser('operator', 'alice') });
    expect(await screen.findByTestId('quota-error')).toHaveTextContent(
      'Quotas are not available on this server yet.',
    );
  });

  it('lists each key with its own limits and usage', async () => {
    stubFetch({
      'GET /api/keys': () =>
        json(200, {
          items: [
            apiKey({
              quota: {
                requestsPerMinute: 10,
                concurrentStreams: 2,
                tokensPerDay: 5_000,
                activeStreams: 2,
                tokensToday: 1_200,
                requestsAvailable: 7,
              },
            }),
            apiKey({
              id: 'k2',
              quota: {
                requestsPerMinute: 0,
                concurrentStreams: 0,
                tokensPerDay: 0,
                activeStreams: 0,
                tokensToday: 42,
                requestsAvailable: -1,
              },
            }),
            apiKey({ id: 'k3' }),
          ],
        }),
      'GET /api/quota': () => json(200, QUOTA),
    });
    renderRoute('/keys', { user: testUser('operator', 'alice') });
    await waitFor(() => expect(screen.getAllByTestId('key-row')).toHaveLength(3));
    const [limited, unlimited, old] = screen.getAllByTestId('key-row');
    expect(within(limited).getByTestId('key-quota-requests')).toHaveTextContent(
      '7 of 10 available now',
    );
    expect(within(limited).getByTestId('key-quota-streams')).toHaveTextContent('2 / 2');
    expect(within(within(limited).getByTestId('key-quota-streams')).getByRole('meter')).toHaveClass(
      'meter-danger',
    );
    expect(within(limited).getByTestId('key-quota-tokens')).toHaveTextContent('1,200 / 5,000');
    expect(within(unlimited).getByTestId('key-quota-requests')).toHaveTextContent('unlimited');
    expect(within(unlimited).getByTestId('key-quota-tokens')).toHaveTextContent('42 / unlimited');
    expect(within(unlimited).queryByRole('meter')).toBeNull();
    // A server without per-key quotas: a dash.
    expect(within(old).getByTestId('key-quota')).toHaveTextContent('—');
  });

  it('creates a key with limits of its own, checked before they are sent', async () => {
    const calls = stubFetch({
      'GET /api/keys': () => json(200, { items: [] }),
      'GET /api/quota': () => json(200, QUOTA),
      'POST /api/keys': () => json(201, { ...apiKey({ id: 'k9' }), secret: SECRET }),
    });
    renderRoute('/keys', { user: testUser('operator', 'alice') });
    fill('key-name-input', 'limited');
    fill('key-rpm-input', '0');
    fill('key-tokens-input', '2.5');
    fireEvent.click(screen.getByTestId('key-create'));
    expect(await screen.findByTestId('field-error-requestsPerMinute')).toHaveTextContent(
      'at least 1',
    );
    expect(screen.getByTestId('field-error-tokensPerDay')).toHaveTextContent('at least 1');
    expect(screen.queryByTestId('field-error-concurrentStreams')).toBeNull();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fill('key-rpm-input', '10');
    fill('key-streams-input', '2');
    fill('key-tokens-input', '50000');
    fireEvent.click(screen.getByTestId('key-create'));
    expect(await screen.findByTestId('key-secret')).toHaveValue(SECRET);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'limited',
      role: 'viewer',
      expiresInDays: 90,
      requestsPerMinute: 10,
      concurrentStreams: 2,
      tokensPerDay: 50_000,
    });
    // The form is empty again.
    expect(screen.getByTestId('key-rpm-input')).toHaveValue('');
  });

  it("shows the server's field errors for the limits", async () => {
    stubFetch({
      'GET /api/keys': () => json(200, { items: [] }),
      'POST /api/keys': () =>
        json(422, {
          title: 'Unprocessable Content',
          status: 422,
          detail: 'Invalid fields.',
          errors: [
            {
              field: 'concurrentStreams',
              message: "must be at least 1 (leave it out for the owner's limit)",
            },
          ],
        }),
    });
    renderRoute('/keys', { user: testUser('operator', 'alice') });
    fill('key-name-input', 'x');
    fill('key-streams-input', '3');
    fireEvent.click(screen.getByTestId('key-create'));
    expect(await screen.findByTestId('field-error-concurrentStreams')).toHaveTextContent(
      "must be at least 1 (leave it out for the owner's limit)",
    );
    expect(screen.getByTestId('key-form-error')).toHaveTextContent('Invalid fields.');
    expect(screen.queryByTestId('key-secret')).toBeNull();
  });

  it('shows what the caller and each key spent today against their USD limits', async () => {
    stubFetch({
      'GET /api/keys': () =>
        json(200, {
          items: [
            apiKey({
              quota: {
                requestsPerMinute: 0,
                concurrentStreams: 0,
                tokensPerDay: 0,
                activeStreams: 0,
                tokensToday: 42,
                requestsAvailable: -1,
                usdPerDay: 0.5,
                usdToday: 0.5,
              },
            }),
          ],
        }),
      'GET /api/quota': () => json(200, { ...QUOTA, usdPerDay: 0, usdToday: 0.0002475 }),
    });
    renderRoute('/keys', { user: testUser('operator', 'alice') });
    const panel = await screen.findByTestId('quota-panel');
    await waitFor(() =>
      expect(within(panel).getByTestId('quota-usd')).toHaveTextContent('$0.00025 / unlimited'),
    );
    await waitFor(() => expect(screen.getAllByTestId('key-row')).toHaveLength(1));
    const spent = within(screen.getByTestId('key-row')).getByTestId('key-quota-usd');
    expect(spent).toHaveTextContent('$0.50 / $0.50');
    expect(within(spent).getByRole('meter')).toHaveClass('meter-danger');
    expect(screen.getByTestId('key-usd-input')).toHaveAttribute(
      'placeholder',
      "owner's: unlimited",
    );
  });

  it('creates a key with a USD limit of its own, checked before it is sent', async () => {
    const calls = stubFetch({
      'GET /api/keys': () => json(200, { items: [] }),
      'GET /api/quota': () => json(200, QUOTA),
      'POST /api/keys': () => json(201, { ...apiKey({ id: 'k9' }), secret: SECRET }),
    });
    renderRoute('/keys', { user: testUser('operator', 'alice') });
    fill('key-name-input', 'budgeted');
    fill('key-usd-input', '0');
    fireEvent.click(screen.getByTestId('key-create'));
    expect(await screen.findByTestId('field-error-usdPerDay')).toHaveTextContent('above 0');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fill('key-usd-input', '$2.50');
    fireEvent.click(screen.getByTestId('key-create'));
    expect(await screen.findByTestId('key-secret')).toHaveValue(SECRET);
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ usdPerDay: 2.5 });
  });
});
