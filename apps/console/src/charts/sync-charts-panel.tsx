import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import type { SyncCharts } from '../api/api-types';
import { useQueryKey } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { BudgetMeter } from '../ui/budget-meter';
import { systemName } from '../ui/format';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { BudgetChart } from './budget-chart';
import { perMinuteSeries, type SeriesPoint, systemsIn, total } from './chart-series';

const COLORS = ['#2f5bd3', '#17744a', '#b25e09', '#7a3db8', '#0f7a8a'];
const WINDOWS = [
  { minutes: 60, label: 'Last hour' },
  { minutes: 360, label: 'Last 6 hours' },
  { minutes: 1440, label: 'Last 24 hours' },
];

function MinuteChart({
  title,
  kind,
  series,
  systems,
}: {
  title: string;
  kind: 'line' | 'bar';
  series: SeriesPoint[];
  systems: string[];
}) {
  const summary = systems.map((s) => `${systemName(s)}: ${total(series, s)}`).join(', ');
  const axes = [
    <CartesianGrid key="grid" stroke="#edf0f4" vertical={false} />,
    <XAxis key="x" dataKey="minute" tick={{ fontSize: 12 }} minTickGap={24} />,
    <YAxis key="y" allowDecimals={false} tick={{ fontSize: 12 }} width={36} />,
    <Tooltip key="tooltip" />,
    <Legend key="legend" formatter={(value: string) => systemName(value)} />,
  ];
  return (
    <figure className="chart">
      <figcaption>
        <strong>{title}</strong> <span className="muted small">({summary || 'none'})</span>
      </figcaption>
      <div role="img" aria-label={`${title}. Totals in this window: ${summary || 'none'}.`}>
        <ResponsiveContainer
          width="100%"
          height={220}
          initialDimension={{ width: 600, height: 220 }}
        >
          {kind === 'line' ? (
            <LineChart data={series}>
              {axes}
              {systems.map((system, i) => (
                <Line
                  key={system}
                  dataKey={system}
                  name={system}
                  stroke={COLORS[i % COLORS.length]}
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          ) : (
            <BarChart data={series}>
              {axes}
              {systems.map((system, i) => (
                <Bar
                  key={system}
                  dataKey={system}
                  name={system}
                  fill={COLORS[i % COLORS.length]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          )}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/**
 * Changes and failures per minute per system, how close each connector came to its API limits
 * minute by minute, and how much of each budget is in use now.
 */
export function SyncChartsPanel() {
  const { client } = useSignedIn();
  const [minutes, setMinutes] = useState(60);
  const charts = useQuery({
    queryKey: useQueryKey('charts', minutes),
    queryFn: () => client.get<SyncCharts>('/v1/overview/charts', { minutes }),
    refetchInterval: 30_000,
  });
  const systems = charts.data ? systemsIn(charts.data) : [];
  return (
    <section className="panel charts-panel" aria-labelledby="charts-heading">
      <div className="panel-header">
        <h2 id="charts-heading">At a glance</h2>
        <label className="inline-select">
          <span>Window</span>
          <select value={minutes} onChange={(event) => setMinutes(Number(event.target.value))}>
            {WINDOWS.map((window) => (
              <option key={window.minutes} value={window.minutes}>
                {window.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {charts.isPending ? (
        <Loading label="Loading charts…" />
      ) : charts.isError ? (
        <ErrorState
          error={charts.error}
          title="Could not load the charts"
          onRetry={() => void charts.refetch()}
        />
      ) : systems.length === 0 ? (
        <EmptyState title="Nothing synced in this window" />
      ) : (
        <>
          <div className="chart-grid">
            <MinuteChart
              title="Changes per minute"
              kind="line"
              systems={systems}
              series={perMinuteSeries(charts.data, 'changes', systems)}
            />
            <MinuteChart
              title="Failures per minute"
              kind="bar"
              systems={systems}
              series={perMinuteSeries(charts.data, 'failures', systems)}
            />
            <BudgetChart charts={charts.data} />
          </div>
          {charts.data.budgets.some((b) => b.budget || b.apiAllocation) && (
            <div className="budgets">
              {charts.data.budgets.map((use) => (
                <div key={use.system} className="budget">
                  <p className="group-title">{systemName(use.system)}</p>
                  {use.budget && (
                    <BudgetMeter
                      label={`${systemName(use.system)} rate budget`}
                      budget={use.budget}
                    />
                  )}
                  {use.apiAllocation && (
                    <BudgetMeter
                      label={`${systemName(use.system)} API allocation`}
                      budget={use.apiAllocation}
                    />
                  )}
                </div>
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}
