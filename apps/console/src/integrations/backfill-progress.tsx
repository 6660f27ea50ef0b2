import type { IntegrationOverview } from '../api/api-types';
import { entityPlural, plural, systemName, timeAgo } from '../ui/format';

type Backfill = NonNullable<IntegrationOverview['backfill']>;

/** "about 3 minutes left" from what remains and the rate so far; null when unknown. */
export function timeLeft(backfill: Backfill): string | null {
  if (backfill.total === null || !backfill.ratePerSecond) return null;
  const seconds = Math.max(0, backfill.total - backfill.published) / backfill.ratePerSecond;
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${plural(minutes, 'minute')} left`;
  return `about ${plural(Math.round(minutes / 60), 'hour')} left`;
}

/** Sent of total as words: "1234 of 5000 records sent (24%)", or "1234 records sent so far". */
function sentWords(backfill: Backfill): string {
  if (backfill.total === null || backfill.total === 0) {
    return `${plural(backfill.published, 'record')} sent so far`;
  }
  const share = Math.min(100, Math.floor((backfill.published / backfill.total) * 100));
  return `${backfill.published} of ${plural(backfill.total, 'record')} sent (${share}%)`;
}

/**
 * The first full sync after enabling (the outbound backfill): sent of total with a bar, the rate
 * and the time left while it runs; paused with the connection; when it ended, for a day.
 */
export function BackfillProgress({ backfill, system }: { backfill: Backfill; system: string }) {
  const name = systemName(system);
  if (backfill.status === 'running' || backfill.status === 'paused') {
    const paused = backfill.status === 'paused';
    const now =
      !paused && backfill.currentEntityType
        ? `, now ${entityPlural(backfill.currentEntityType).toLowerCase()}`
        : '';
    const pace = paused
      ? null
      : [
          backfill.ratePerSecond === null ? null : `${backfill.ratePerSecond} records/s`,
          timeLeft(backfill),
        ]
          .filter(Boolean)
          .join(', ');
    const label = `Initial sync to ${name}`;
    return (
      <div className="backfill">
        <p className={`progress${paused ? ' progress-paused' : ''}`} role="status">
          {!paused && <span className="spinner" aria-hidden="true" />}
          {paused
            ? `${label} paused: ${sentWords(backfill)}. It goes on where it stopped when ${name} is resumed.`
            : `${label}: ${sentWords(backfill)}${now}.`}
          {pace ? ` ${pace[0]?.toUpperCase()}${pace.slice(1)}.` : ''}
        </p>
        {backfill.total !== null && backfill.total > 0 && (
          <div
            className="meter-track"
            role="progressbar"
            aria-label={label}
            aria-valuemin={0}
            aria-valuemax={backfill.total}
            aria-valuenow={Math.min(backfill.published, backfill.total)}
          >
            <span
              style={{
                width: `${Math.min(100, Math.round((backfill.published / backfill.total) * 100))}%`,
              }}
            />
          </div>
        )}
      </div>
    );
  }
  // Once finished it matters for a day; after that the card stays quiet.
  const ended = backfill.completedAt ?? backfill.startedAt;
  if (Date.now() - Date.parse(ended) > 86_400_000) return null;
  return (
    <p className="muted small">
      Initial sync {backfill.status === 'done' ? 'finished' : 'cancelled'} {timeAgo(ended)}:{' '}
      {plural(backfill.published, 'record')} sent.
    </p>
  );
}
