import type { IntegrationOverview } from '../api/api-types';
import { useIntegrationsOverview } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { PageHeader } from '../ui/page-header';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { IntegrationCard } from './integration-card';

/** Connected systems first, then those that can be connected, then those without a connector. */
function rank(item: IntegrationOverview): number {
  if (item.connection) return 0;
  return item.connectorRunning === false ? 2 : 1;
}

export function byWhatMattersFirst(a: IntegrationOverview, b: IntegrationOverview): number {
  return rank(a) - rank(b) || a.system.localeCompare(b.system);
}

export function IntegrationsPage() {
  const { can } = useSignedIn();
  const overview = useIntegrationsOverview();
  return (
    <>
      <PageHeader
        title="Integrations"
        description={
          can('admin')
            ? 'Every external system Concord keeps in step with your catalog. Updates every 10 seconds.'
            : 'Every external system Concord keeps in step with your catalog. Your key can look, not change.'
        }
      />
      {overview.isPending ? (
        <Loading label="Loading integrations…" />
      ) : overview.isError ? (
        <ErrorState
          error={overview.error}
          title="Could not load the integrations"
          onRetry={() => void overview.refetch()}
        />
      ) : overview.data.length === 0 ? (
        <EmptyState title="No external systems yet">
          Concord lists a system here as soon as its connector runs.
        </EmptyState>
      ) : (
        <div className="card-grid">
          {[...overview.data].sort(byWhatMattersFirst).map((item) => (
            <IntegrationCard key={item.system} item={item} />
          ))}
        </div>
      )}
    </>
  );
}
