import type { InboundRun } from '../api/api-types';
import { entityPlural, plural, systemName, timeAgo } from '../ui/format';

const RUN_NAME: Record<InboundRun['kind'], string> = {
  reconciliation: 'Reconciliation',
  backfill: 'Initial import',
};

/** Records per second over the run so far; null in its first second. */
function rate(run: InboundRun, now: number): number | null {
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  const seconds = (end - Date.parse(run.startedAt)) / 1000;
  return seconds >= 1 && run.seen > 0 ? Math.round((run.seen / seconds) * 10) / 10 : null;
}

/**
 * The connector's latest listing of every external record (a reconciliation, or the import after
 * enabling): records compared and changes found while it runs, how it ended for a day after.
 */
export function InboundRunProgress({ run, system }: { run: InboundRun; system: string }) {
  const name = `${RUN_NAME[run.kind]} from ${systemName(system)}`;
  const counts = `${plural(run.seen, 'record')} compared, ${plural(run.published, 'change')} sent to the catalog`;
  if (run.state === 'running') {
    const now = run.entityType ? `, now ${entityPlural(run.entityType).toLowerCase()}` : '';
    const perSecond = rate(run, Date.now());
    return (
      <p className="progress" role="status">
        <span className="spinner" aria-hidden="true" /> {name}: {counts}
        {now}.{perSecond === null ? '' : ` ${perSecond} records/s.`}
      </p>
    );
  }
  const ended = run.finishedAt ?? run.startedAt;
  if (Date.now() - Date.parse(ended) > 86_400_000) return null;
  return (
    <p className="muted small">
      {name} {run.state === 'done' ? 'finished' : 'failed'} {timeAgo(ended)}: {counts}.
    </p>
  );
}
