import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';

import { describeError } from '../api/api-error';
import type { IntegrationOverview } from '../api/api-types';
import { useSignedIn } from '../session/session-context';
import { Badge } from '../ui/badge';
import { BudgetMeter } from '../ui/budget-meter';
import { directionWords, entityPlural, plural, systemName, timeAgo } from '../ui/format';
import { Notice } from '../ui/states';
import { BackfillProgress } from './backfill-progress';
import { InboundRunProgress } from './inbound-run-progress';
import { integrationState } from './integration-state';

function PauseResume({ item }: { item: IntegrationOverview }) {
  const { client, session } = useSignedIn();
  const queryClient = useQueryClient();
  const paused = item.connection?.paused ?? false;
  const name = systemName(item.system);
  const mutation = useMutation({
    mutationFn: () =>
      client.post(`/v1/integrations/${item.system}/${paused ? 'resume' : 'pause'}`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [session.apiKeyId] }),
  });
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={mutation.isPending}
        onClick={() => mutation.mutate()}
      >
        {paused ? `Resume ${name}` : `Pause ${name}`}
      </button>
      {mutation.isError && <Notice tone="error">{describeError(mutation.error)}</Notice>}
    </>
  );
}

/** One external system on the overview: its state, the numbers that matter, what to do next. */
export function IntegrationCard({ item }: { item: IntegrationOverview }) {
  const { can } = useSignedIn();
  const state = integrationState(item);
  const name = systemName(item.system);
  const connected = item.connection !== null;
  const headingId = `integration-${item.system}`;
  return (
    <article className={`card integration-card state-${state.kind}`} aria-labelledby={headingId}>
      <header className="card-header">
        <h2 id={headingId}>{name}</h2>
        <Badge tone={state.tone}>{state.label}</Badge>
      </header>
      <p className="card-explanation">{state.explanation}</p>
      {connected && item.connection && (
        <dl className="facts">
          <div>
            <dt>Direction</dt>
            <dd>{directionWords(item.connection.direction, item.system)}</dd>
          </div>
          <div>
            <dt>Syncs</dt>
            <dd>{item.connection.entityTypes.map(entityPlural).join(', ') || 'Nothing'}</dd>
          </div>
          <div>
            <dt>Last successful sync</dt>
            <dd>{timeAgo(item.lastSyncedAt)}</dd>
          </div>
          <div>
            <dt>Changes in the last hour</dt>
            <dd>{item.changesLastHour}</dd>
          </div>
          <div>
            <dt>Open failures</dt>
            <dd>
              {item.openFailures + item.failedRecords > 0 ? (
                <Link to="/failures">
                  {plural(item.openFailures + item.failedRecords, 'failure')}
                </Link>
              ) : (
                'None'
              )}
            </dd>
          </div>
        </dl>
      )}
      {item.backfill && <BackfillProgress backfill={item.backfill} system={item.system} />}
      {item.status?.inboundRun && (
        <InboundRunProgress run={item.status.inboundRun} system={item.system} />
      )}
      {item.status?.budget && <BudgetMeter label="Rate budget" budget={item.status.budget} />}
      {item.status?.apiAllocation && (
        <BudgetMeter label="API allocation" budget={item.status.apiAllocation} />
      )}
      {item.heldDeletes > 0 && (
        <Notice tone="error">
          {plural(item.heldDeletes, 'delete')} from {name} held by the mass-delete guard.{' '}
          {can('admin') ? (
            <Link to={`/integrations/${item.system}#held-deletes`}>Review them</Link>
          ) : (
            'An administrator must review them.'
          )}
        </Notice>
      )}
      {can('admin') && (connected || state.kind !== 'unavailable') && (
        <footer className="card-actions">
          <Link className="button button-primary" to={`/integrations/${item.system}`}>
            {connected ? 'Configure' : `Connect ${name}`}
          </Link>
          {connected && <PauseResume item={item} />}
        </footer>
      )}
    </article>
  );
}
