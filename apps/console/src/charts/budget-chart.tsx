import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import type { SyncCharts } from '../api/api-types';
import { systemName } from '../ui/format';
import { type BudgetLine, budgetSeries, peak } from './chart-series';

const COLORS = ['#2f5bd3', '#b25e09', '#17744a', '#7a3db8', '#0f7a8a'];

function lineName(line: BudgetLine): string {
  return `${systemName(line.system)} ${line.kind === 'budget' ? 'rate budget' : 'API allocation'}`;
}

/**
 * Each connector's rate budget and API allocation, minute by minute, as the share of its limit
 * used at the minute's peak: an operator sees whether a system runs near its limit, and when.
 */
export function BudgetChart({ charts }: { charts: SyncCharts }) {
  const { lines, series } = budgetSeries(charts);
  if (lines.length === 0) return null;
  const summary = lines
    .map((line) => `${lineName(line)}: highest ${peak(series, line.key) ?? 0}%`)
    .join(', ');
  const title = 'API limit used (peak per minute, % of the limit)';
  return (
    <figure className="chart">
      <figcaption>
        <strong>{title}</strong> <span className="muted small">({summary})</span>
      </figcaption>
      <div role="img" aria-label={`${title}. In this window: ${summary}.`}>
        <ResponsiveContainer
          width="100%"
          height={220}
          initialDimension={{ width: 600, height: 220 }}
        >
          <LineChart data={series}>
            <CartesianGrid stroke="#edf0f4" vertical={false} />
            <XAxis dataKey="minute" tick={{ fontSize: 12 }} minTickGap={24} />
            <YAxis
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              tickFormatter={(value: number) => `${value}%`}
              tick={{ fontSize: 12 }}
              width={44}
            />
            <ReferenceLine
              y={100}
              stroke="#b42318"
              strokeDasharray="4 4"
              label={{ value: 'limit', position: 'insideTopRight', fontSize: 12, fill: '#b42318' }}
            />
            <Tooltip formatter={(value) => `${String(value)}%`} />
            <Legend />
            {lines.map((line, i) => (
              <Line
                key={line.key}
                dataKey={line.key}
                name={lineName(line)}
                stroke={COLORS[i % COLORS.length]}
                strokeWidth={2}
                strokeDasharray={line.kind === 'apiAllocation' ? '6 3' : undefined}
                dot={{ r: 2 }}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
