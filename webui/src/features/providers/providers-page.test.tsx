import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, stubFetch } from '../../test/render';

installFakeWebSockets();

describe('Providers page', () => {
  it('shows endpoints with state and circuit, models and tiers', async () => {
    stubFetch({
      'GET /api/providers': () =>
        json(200, {
          defaultModel: 'sim/sim-default',
          endpoints: [
            {
              id: 'sim',
              protocol: 'openai',
              baseUrl: 'http://localhost/sim/openai/v1',
              enabled: true,
              usable: true,
              disabledReason: null,
              circuit: 'closed',
            },
            {
              id: 'openai',
              protocol: 'openai',
              baseUrl: 'https://api.openai.com/v1',
              enabled: true,
              usable: false,
              disabledReason: 'no API key',
              circuit: 'open',
            },
          ],
          models: [
            {
              name: 'sim/sim-default',
              displayName: 'Simulator',
              endpoints: ['sim'],
              contextSize: 128000,
              costPer1kTokens: 0,
            },
          ],
          tiers: [{ name: 'simple', primary: 'sim/sim-default', fallback: ['openai/gpt-4o-mini'] }],
        }),
    });
    renderRoute('/providers');
    const rows = await screen.findAllByTestId('endpoint-row');
    expect(rows.map((r) => r.getAttribute('data-endpoint-id'))).toEqual(['sim', 'openai']);
    expect(within(rows[0]).getByTestId('endpoint-circuit')).toHaveTextContent('closed');
    expect(within(rows[1]).getByTestId('endpoint-circuit')).toHaveTextContent('open');
    expect(rows[1]).toHaveTextContent('no API key');
    expect(screen.getByTestId('model-table')).toHaveTextContent('128,000');
    expect(screen.getByTestId('tier-table')).toHaveTextContent('openai/gpt-4o-mini');
    expect(screen.getByText('sim/sim-default', { selector: '.mono.strong' })).toBeInTheDocument();
  });

  it('says so when the server has no providers API', async () => {
    stubFetch({});
    renderRoute('/providers');
    expect(await screen.findByTestId('providers-unavailable')).toHaveTextContent(
      'not available on this server yet',
    );
  });
});
