import { CircleCheck, CircleOff, Plug } from 'lucide-react';
import { ApiError, getJson, isMissingApi } from '../../lib/api';
import { useFetch } from '../../lib/use-fetch';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface ProviderEndpoint {
  id: string;
  protocol: string;
  baseUrl: string;
  enabled: boolean;
  usable: boolean;
  disabledReason?: string | null;
  circuit: CircuitState | string;
}

export interface ProviderModel {
  name: string;
  displayName?: string | null;
  endpoints: string[];
  contextSize?: number | null;
  costPer1kTokens?: number | null;
}

export interface ProviderTier {
  name: string;
  primary: string;
  fallback?: string[] | string | null;
}

export interface ProvidersInfo {
  defaultModel: string;
  endpoints: ProviderEndpoint[];
  models: ProviderModel[];
  tiers: ProviderTier[];
}

const CIRCUIT_CLASS: Record<string, string> = {
  closed: 'badge-completed',
  open: 'badge-error',
  'half-open': 'badge-warn',
};

function fallbackList(f: ProviderTier['fallback']): string {
  if (!f || (Array.isArray(f) && f.length === 0)) return '—';
  return Array.isArray(f) ? f.join(' → ') : f;
}

export function ProvidersPage() {
  const { data, error, loading } = useFetch('/api/providers', (signal) =>
    getJson<ProvidersInfo>('/api/providers', { signal, action: 'view providers' }),
  );

  return (
    <section className="page">
      <div className="page-header">
        <h1 className="page-title">Providers</h1>
        <span className="muted small">Endpoints, models, tiers and circuit breakers</span>
        {data && (
          <span className="push-right small muted">
            default model <span className="mono strong">{data.defaultModel}</span>
          </span>
        )}
      </div>
      {error ? (
        <div className="card empty" data-testid="providers-unavailable">
          {isMissingApi(error)
            ? 'The providers API is not available on this server yet.'
            : `Could not load providers: ${error instanceof ApiError ? error.message : String(error)}`}
        </div>
      ) : !data ? (
        <div className="card empty">{loading ? 'Loading providers…' : 'No data.'}</div>
      ) : (
        <>
          <h2 className="section-title">Endpoints</h2>
          <div className="card table-card">
            <table className="table" data-testid="endpoint-table">
              <thead>
                <tr>
                  <th>Endpoint</th>
                  <th>Protocol</th>
                  <th>Base URL</th>
                  <th>State</th>
                  <th>Circuit</th>
                </tr>
              </thead>
              <tbody>
                {data.endpoints.map((e) => (
                  <tr key={e.id} data-testid="endpoint-row" data-endpoint-id={e.id}>
                    <td className="strong">
                      <Plug size={14} className="muted inline-icon" aria-hidden="true" />
                      {e.id}
                    </td>
                    <td className="mono small">{e.protocol}</td>
                    <td className="mono small url-cell" title={e.baseUrl}>
                      {e.baseUrl}
                    </td>
                    <td>
                      {e.usable ? (
                        <span className="badge badge-completed">
                          <CircleCheck size={12} aria-hidden="true" /> usable
                        </span>
                      ) : (
                        <span
                          className="badge badge-cancelled"
                          title={e.disabledReason ?? undefined}
                        >
                          <CircleOff size={12} aria-hidden="true" />
                          {e.enabled ? 'unusable' : 'disabled'}
                        </span>
                      )}
                      {!e.usable && e.disabledReason && (
                        <div className="muted small">{e.disabledReason}</div>
                      )}
                    </td>
                    <td>
                      <span
                        className={`badge ${CIRCUIT_CLASS[e.circuit] ?? 'badge-neutral'}`}
                        data-testid="endpoint-circuit"
                      >
                        {e.circuit}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="two-columns">
            <div>
              <h2 className="section-title">Models</h2>
              <div className="card table-card">
                <table className="table" data-testid="model-table">
                  <thead>
                    <tr>
                      <th>Model</th>
                      <th>Endpoints</th>
                      <th className="num">Context</th>
                      <th className="num">$ / 1k tok</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.models.map((m) => (
                      <tr key={m.name}>
                        <td>
                          <div className="strong">{m.displayName || m.name}</div>
                          <div className="mono small muted">{m.name}</div>
                        </td>
                        <td className="mono small">{m.endpoints.join(', ')}</td>
                        <td className="num mono">
                          {m.contextSize != null ? m.contextSize.toLocaleString('en-US') : '—'}
                        </td>
                        <td className="num mono">
                          {m.costPer1kTokens != null ? m.costPer1kTokens.toFixed(4) : '—'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
            <div>
              <h2 className="section-title">Tiers</h2>
              <div className="card table-card">
                <table className="table" data-testid="tier-table">
                  <thead>
                    <tr>
                      <th>Tier</th>
                      <th>Primary</th>
                      <th>Fallback</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.tiers.map((t) => (
                      <tr key={t.name}>
                        <td className="strong">{t.name}</td>
                        <td className="mono small">{t.primary}</td>
                        <td className="mono small">{fallbackList(t.fallback)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
