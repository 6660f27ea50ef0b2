import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';

import { ApiError, describeError } from '../api/api-error';
import type { ConnectorStatusView, Integration } from '../api/api-types';
import { useIntegrationsOverview, useQueryKey } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { Badge } from '../ui/badge';
import { systemName, timeAgo } from '../ui/format';
import { PageHeader } from '../ui/page-header';
import { ErrorState, Loading, Notice } from '../ui/states';
import { ConnectionTestPanel } from './connection-test-panel';
import { CredentialsForm } from './credentials-form';
import { HeldDeletesPanel } from './held-deletes-panel';
import { integrationState } from './integration-state';
import { draftOf, newDraft } from './settings-draft';
import { SettingsForm } from './settings-form';

/** null when the tenant has no connection (or the connector no status) yet: a 404. */
function orNullOn404<T>(promise: Promise<T>): Promise<T | null> {
  return promise.catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });
}

function ConnectionActions({ integration }: { integration: Integration }) {
  const { client, session } = useSignedIn();
  const queryClient = useQueryClient();
  const action = useMutation({
    mutationFn: (name: 'pause' | 'resume' | 'reconcile') =>
      client.post(`/v1/integrations/${integration.system}/${name}`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [session.apiKeyId] }),
  });
  const name = systemName(integration.system);
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={action.isPending}
        onClick={() => action.mutate(integration.paused ? 'resume' : 'pause')}
      >
        {integration.paused ? `Resume ${name}` : `Pause ${name}`}
      </button>
      <button
        type="button"
        className="button"
        disabled={action.isPending || !integration.enabled}
        onClick={() => action.mutate('reconcile')}
      >
        Reconcile now
      </button>
      {action.isError && <Notice tone="error">{describeError(action.error)}</Notice>}
      {action.isSuccess && action.variables === 'reconcile' && (
        <Notice tone="success">
          Reconciliation requested: {name} and the catalog are compared now.
        </Notice>
      )}
    </>
  );
}

function WebhookPanel({ status }: { status: ConnectorStatusView | null }) {
  return (
    <section className="panel" aria-labelledby="webhook-heading">
      <h2 id="webhook-heading">Webhook</h2>
      {status?.webhook ? (
        <>
          <p className="muted">
            Where the provider sends its changes. Registered by the connector.
          </p>
          <label className="field">
            <span>Webhook URL</span>
            <input readOnly value={status.webhook.url} onFocus={(event) => event.target.select()} />
          </label>
          <p className="muted small">
            Signing secret {status.webhook.secretSet ? 'set' : 'not set yet'} · reported{' '}
            {timeAgo(status.observedAt)}
          </p>
        </>
      ) : (
        <p className="muted">The connector has not registered a webhook yet.</p>
      )}
    </section>
  );
}

export function IntegrationPage() {
  const { system = '' } = useParams();
  const { client } = useSignedIn();
  const name = systemName(system);
  const integration = useQuery({
    queryKey: useQueryKey('integration', system),
    queryFn: () => orNullOn404(client.get<Integration>(`/v1/integrations/${system}`)),
  });
  const status = useQuery({
    queryKey: useQueryKey('integration-status', system),
    queryFn: () =>
      orNullOn404(client.get<ConnectorStatusView>(`/v1/integrations/${system}/status`)),
  });
  const overview = useIntegrationsOverview();
  const item = overview.data?.find((entry) => entry.system === system);
  const state = item ? integrationState(item) : null;

  if (integration.isPending) return <Loading label={`Loading ${name}…`} />;
  if (integration.isError) {
    return (
      <ErrorState
        error={integration.error}
        title={`Could not load ${name}`}
        onRetry={() => void integration.refetch()}
      />
    );
  }
  const connection = integration.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/">Integrations</Link> / {name}
      </p>
      <PageHeader
        title={connection ? name : `Connect ${name}`}
        description={state?.explanation}
        actions={
          <>
            {state && <Badge tone={state.tone}>{state.label}</Badge>}
            {connection && <ConnectionActions integration={connection} />}
          </>
        }
      />
      {connection && <HeldDeletesPanel system={system} />}
      <div className="two-columns">
        <SettingsForm
          key={connection ? connection.connectionId : 'new'}
          system={system}
          initial={connection ? draftOf(connection) : newDraft(system)}
          connected={connection !== null}
        />
        <div className="stack">
          {connection ? (
            <CredentialsForm integration={connection} />
          ) : (
            <section className="panel">
              <h2>Credentials</h2>
              <p className="muted">Connect first, then enter {name}'s credentials here.</p>
            </section>
          )}
          {connection && <ConnectionTestPanel integration={connection} />}
          {connection && <WebhookPanel status={status.data ?? null} />}
        </div>
      </div>
    </>
  );
}
