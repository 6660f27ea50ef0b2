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
export function systemsIn(
  charts: Pick<SyncCharts, 'perMinute' | 'budgets'> & Partial<Pick<SyncCharts, 'budgetPerMinute'>>,
): string[] {
  return [
    ...new Set([
      ...charts.perMinute.map((p) => p.system),
      ...charts.budgets.map((b) => b.system),
      ...(charts.budgetPerMinute ?? []).map((b) => b.system),
    ]),
  ].sort();
}

/** One line of the budget chart: a system's rate budget or its API allocation. */
export interface BudgetLine {
  key: string;
  system: string;
  kind: 'budget' | 'apiAllocation';
}

/**
 * Every minute of the window with each line's peak use as a percentage of its limit; a minute
 * the connector did not report is left empty (the line breaks) rather than shown as 0%.
 */
export function budgetSeries(charts: Pick<SyncCharts, 'from' | 'to' | 'budgetPerMinute'>): {
  lines: BudgetLine[];
  series: Array<{ minute: string } & Record<string, number | string | null>>;
} {
  const start = Math.floor(Date.parse(charts.from) / MINUTE_MS) * MINUTE_MS;
  const end = Math.floor(Date.parse(charts.to) / MINUTE_MS) * MINUTE_MS;
  const lines = new Map<string, BudgetLine>();
  const values = new Map<string, number>();
  for (const point of charts.budgetPerMinute) {
    const at = Math.floor(Date.parse(point.minute) / MINUTE_MS) * MINUTE_MS;
    for (const kind of ['budget', 'apiAllocation'] as const) {
      const use = point[kind];
      if (!use || use.limit <= 0) continue;
      const key = `${point.system}.${kind}`;
      lines.set(key, { key, system: point.system, kind });
      values.set(`${at}:${key}`, Math.round((use.used / use.limit) * 100));
    }
  }
  const ordered = [...lines.values()].sort((a, b) => a.key.localeCompare(b.key));
  const series: Array<{ minute: string } & Record<string, number | string | null>> = [];
  for (let at = start; at <= end; at += MINUTE_MS) {
    const point: { minute: string } & Record<string, number | string | null> = {
      minute: label(at),
    };
    for (const line of ordered) point[line.key] = values.get(`${at}:${line.key}`) ?? null;
    series.push(point);
  }
  return { lines: ordered, series };
}

/** The highest percentage a line reached in the window (null when it never reported). */
export function peak(
  series: Array<Record<string, number | string | null>>,
  key: string,
): number | null {
  const values = series
    .map((point) => point[key])
    .filter((v): v is number => typeof v === 'number');
  return values.length === 0 ? null : Math.max(...values);
}

export function total(series: SeriesPoint[], system: string): number {
  return series.reduce((sum, point) => sum + Number(point[system] ?? 0), 0);
}
