import type { SyncCharts } from '../api/api-types';

/** One point per minute: `minute` (HH:MM) and a count per system. */
export type SeriesPoint = { minute: string } & Record<string, number | string>;

const MINUTE_MS = 60_000;

function label(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/**
 * Every minute of the window with a value per system (0 where the API sent nothing), so a quiet
 * minute shows as zero instead of a line jumping across the gap.
 */
export function perMinuteSeries(
  charts: Pick<SyncCharts, 'from' | 'to' | 'perMinute'>,
  metric: 'changes' | 'failures',
  systems: string[],
): SeriesPoint[] {
  const start = Math.floor(Date.parse(charts.from) / MINUTE_MS) * MINUTE_MS;
  const end = Math.floor(Date.parse(charts.to) / MINUTE_MS) * MINUTE_MS;
  const values = new Map<string, number>();
  for (const point of charts.perMinute) {
    const key = `${Math.floor(Date.parse(point.minute) / MINUTE_MS) * MINUTE_MS}:${point.system}`;
    values.set(key, (values.get(key) ?? 0) + point[metric]);
  }
  const series: SeriesPoint[] = [];
  for (let at = start; at <= end; at += MINUTE_MS) {
    const point: SeriesPoint = { minute: label(at) };
    for (const system of systems) point[system] = values.get(`${at}:${system}`) ?? 0;
    series.push(point);
  }
  return series;
}

/** The systems that appear in the window, in a stable order. */
export function systemsIn(charts: Pick<SyncCharts, 'perMinute' | 'budgets'>): string[] {
  return [
    ...new Set([...charts.perMinute.map((p) => p.system), ...charts.budgets.map((b) => b.system)]),
  ].sort();
}

export function total(series: SeriesPoint[], system: string): number {
  return series.reduce((sum, point) => sum + Number(point[system] ?? 0), 0);
}
