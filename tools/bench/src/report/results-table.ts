/** One line of a bench's result table. */
export interface ResultRow {
  figure: string;
  value: number;
  unit: string;
  /** The raw figure of the machine this one is compared with, if any. */
  baseline?: { name: string; value: number };
  /** What the figure must reach, and in which direction. */
  target?: { text: string; met: boolean };
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  // Below 0.01 two decimals would read 0.00 (calls per record): two significant digits instead.
  if (value !== 0 && Math.abs(value) < 0.01) return value.toPrecision(2);
  return value.toFixed(2);
}

export function ratioOf(row: ResultRow): number | undefined {
  return row.baseline && row.baseline.value > 0 ? row.value / row.baseline.value : undefined;
}

/** The table as fixed-width text: figure, value, baseline, ratio, target, met/missed. */
export function renderTable(title: string, rows: readonly ResultRow[]): string {
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'result'];
  const lines = rows.map((row) => {
    const ratio = ratioOf(row);
    return [
      row.figure,
      `${formatNumber(row.value)} ${row.unit}`,
      row.baseline ? `${formatNumber(row.baseline.value)} (${row.baseline.name})` : '',
      ratio === undefined ? '' : ratio.toFixed(2),
      row.target?.text ?? '',
      row.target ? (row.target.met ? 'met' : 'MISSED') : '',
    ];
  });
  const widths = header.map((h, col) =>
    Math.max(h.length, ...lines.map((l) => (l[col] ?? '').length)),
  );
  const pad = (cells: string[]): string =>
    cells
      .map((cell, col) => cell.padEnd(widths[col] ?? 0))
      .join(' | ')
      .trimEnd();
  return [
    `\n${title}`,
    pad(header),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...lines.map(pad),
  ].join('\n');
}
