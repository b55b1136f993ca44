import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, stubFetch } from '../../test/render';

installFakeWebSockets();

function fill(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

describe('New goal form', () => {
  it('checks required fields before calling the API', async () => {
    const calls = stubFetch({});
    renderRoute('/goals/new');
    fireEvent.click(screen.getByTestId('goal-submit'));
    expect(await screen.findByTestId('field-error-title')).toHaveTextContent('Title is required.');
    expect(screen.getByTestId('field-error-description')).toHaveTextContent('required');
    fill('goal-max-steps', '2.5');
    fireEvent.click(screen.getByTestId('goal-submit'));
    expect(await screen.findByTestId('field-error-budget.maxSteps')).toHaveTextContent(
      'whole number',
    );
    expect(calls).toHaveLength(0);
  });

  it('posts the goal and opens its page', async () => {
    const calls = stubFetch({
      'POST /api/goals': () =>
        json(201, { id: 'g-7', title: 'T', description: 'D', status: 'queued', workItems: [] }),
      'GET /api/goals/g-7': () =>
        json(200, { id: 'g-7', title: 'T', description: 'D', status: 'queued', workItems: [] }),
    });
    const router = renderRoute('/goals/new');
    fill('goal-title-input', '  Summarise  ');
    fill('goal-description-input', 'Summarise the notes');
    fireEvent.click(screen.getByTestId('goal-routing-model'));
    fill('goal-model-input', 'sim/sim-default');
    fill('goal-max-tokens', '5000');
    fill('goal-max-duration', '60');
    fireEvent.click(screen.getByTestId('goal-submit'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/goals/g-7'));
    expect(calls[0]).toEqual({
      method: 'POST',
      url: '/api/goals',
      body: {
        title: 'Summarise',
        description: 'Summarise the notes',
        model: 'sim/sim-default',
        budget: { maxTokens: 5000, maxDurationSeconds: 60 },
      },
    });
    expect(await screen.findByTestId('goal-title')).toHaveTextContent('T');
  });

  it('shows the API validation messages next to their fields', async () => {
    stubFetch({
      'POST /api/goals': () =>
        json(422, {
          type: 'about:blank',
          title: 'Unprocessable Content',
          status: 422,
          detail: 'The goal is invalid.',
          errors: [
            { field: 'createGoal.arg0.title', message: 'must not be blank' },
            { field: 'budget.maxTokens', message: 'must be greater than 0' },
            { field: 'tier', message: 'unknown tier' },
            { field: 'priority', message: 'unknown field' },
          ],
        }),
    });
    const router = renderRoute('/goals/new');
    fill('goal-title-input', 'x');
    fill('goal-description-input', 'y');
    fill('goal-max-tokens', '-5');
    fireEvent.click(screen.getByTestId('goal-submit'));
    expect(await screen.findByTestId('field-error-title')).toHaveTextContent('must not be blank');
    expect(screen.getByTestId('field-error-budget.maxTokens')).toHaveTextContent(
      'must be greater than 0',
    );
    expect(screen.getByTestId('field-error-tier')).toHaveTextContent('unknown tier');
    const formError = screen.getByTestId('form-error');
    expect(formError).toHaveTextContent('Unprocessable Content: The goal is invalid.');
    expect(formError).toHaveTextContent('priority: unknown field');
    expect(router.state.location.pathname).toBe('/goals/new');
    expect(screen.getByTestId('goal-submit')).toBeEnabled();
  });

  it('shows a quota refusal with when to try again, and holds the button meanwhile', async () => {
    let posts = 0;
    stubFetch({
      'POST /api/goals': () => {
        posts++;
        return new Response(
          JSON.stringify({
            type: 'about:blank',
            title: 'Too Many Requests',
            status: 429,
            detail:
              "The requests per minute quota of principal 'alice' (2) is used up; try again in 41 s.",
            limit: 'requests-per-minute',
            value: 2,
            retryAfterSeconds: 41,
          }),
          {
            status: 429,
            headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '41' },
          },
        );
      },
    });
    const router = renderRoute('/goals/new');
    fill('goal-title-input', 'x');
    fill('goal-description-input', 'y');
    fireEvent.click(screen.getByTestId('goal-submit'));
    const formError = await screen.findByTestId('form-error');
    expect(formError).toHaveTextContent(
      "Too Many Requests: The requests per minute quota of principal 'alice' (2) is used up. Try again in 41 s.",
    );
    expect(formError.textContent?.match(/try again/gi)).toHaveLength(1);
    expect(screen.getByTestId('goal-submit')).toBeDisabled();
    fireEvent.click(screen.getByTestId('goal-submit'));
    expect(posts).toBe(1);
    expect(router.state.location.pathname).toBe('/goals/new');
  });

  it('shows a full queue (503) with its Retry-After', async () => {
    stubFetch({
      'POST /api/goals': () =>
        new Response(
          JSON.stringify({
            title: 'Service Unavailable',
            status: 503,
            detail: 'The agent already has 1000 goals waiting; try again in 5 s.',
          }),
          {
            status: 503,
            headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '5' },
          },
        ),
    });
    renderRoute('/goals/new');
    fill('goal-title-input', 'x');
    fill('goal-description-input', 'y');
    fireEvent.click(screen.getByTestId('goal-submit'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent(
      'Service Unavailable: The agent already has 1000 goals waiting. Try again in 5 s.',
    );
  });

  it('reports a missing goals API', async () => {
    stubFetch({});
    renderRoute('/goals/new');
    fill('goal-title-input', 'x');
    fill('goal-description-input', 'y');
    fireEvent.click(screen.getByTestId('goal-submit'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent(
      'The goals API is not available on this server yet.',
    );
  });
});
