import { median } from '../stats/median';

/** One measured figure of a run, named so runs of different trees line up. */
export interface Figure {
  key: string;
  value: number;
  unit: string;
}

/** The median of each figure over runs, in the order figures first appear. */
export function medianFigures(runs: ReadonlyArray<readonly Figure[]>): Figure[] {
  const byKey = new Map<string, { unit: string; values: number[] }>();
  for (const run of runs)
    for (const figure of run) {
      const entry = byKey.get(figure.key) ?? { unit: figure.unit, values: [] };
      entry.values.push(figure.value);
      byKey.set(figure.key, entry);
    }
  return [...byKey].map(([key, { unit, values }]) => ({ key, unit, value: median(values) }));
}

/** The order of interleaved runs: A B A B …, so drift of a shared machine hits both alike. */
export function interleaved<T>(trees: readonly T[], runs: number): Array<{ tree: T; run: number }> {
  const order: Array<{ tree: T; run: number }> = [];
  for (let run = 0; run < runs; run += 1) for (const tree of trees) order.push({ tree, run });
  return order;
}

/** A figure of two trees side by side. */
export interface ComparedFigure {
  key: string;
  unit: string;
  current: number;
  reference: number;
  /** current / reference; NaN when the reference is 0 or missing. */
  ratio: number;
}

/** Lines up the figures of this tree and a reference; a figure either lacks shows NaN there. */
export function compareFigures(
  current: readonly Figure[],
  reference: readonly Figure[],
): ComparedFigure[] {
  const keys = [...new Set([...current.map((f) => f.key), ...reference.map((f) => f.key)])];
  const valueOf = (figures: readonly Figure[], key: string): number =>
    figures.find((f) => f.key === key)?.value ?? Number.NaN;
  return keys.map((key) => {
    const a = valueOf(current, key);
    const b = valueOf(reference, key);
    const unit = (current.find((f) => f.key === key) ?? reference.find((f) => f.key === key))?.unit;
    return { key, unit: unit ?? '', current: a, reference: b, ratio: b !== 0 ? a / b : Number.NaN };
  });
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  if (Math.abs(value) >= 1 || value === 0) return value.toFixed(2);
  // Per-row figures of a drain are small: keep three significant digits.
  return value.toPrecision(3);
}

/** The comparison as fixed-width text: figure, unit, this tree, the reference, ratio. */
export function renderComparison(
  title: string,
  labels: readonly [string, string],
  rows: readonly ComparedFigure[],
): string {
  const header = ['figure', 'unit', labels[0], labels[1], 'ratio'];
  const lines = rows.map((row) => [
    row.key,
    row.unit,
    formatValue(row.current),
    formatValue(row.reference),
    Number.isFinite(row.ratio) ? row.ratio.toFixed(2) : '–',
  ]);
  const widths = header.map((h, col) =>
    Math.max(h.length, ...lines.map((l) => (l[col] ?? '').length)),
  );
  const pad = (cells: string[]): string =>
    cells
      .map((cell, col) =>
        col >= 2 ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0),
      )
      .join(' | ')
      .trimEnd();
  return [
    `\n${title}`,
    pad(header),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...lines.map(pad),
  ].join('\n');
}

/** Figures of a single tree as a plain two-column table (no reference). */
export function renderFigures(title: string, figures: readonly Figure[]): string {
  const lines = figures.map((f) => [f.key, `${formatValue(f.value)} ${f.unit}`]);
  const width = Math.max(6, ...lines.map((l) => (l[0] ?? '').length));
  return [
    `\n${title}`,
    `${'figure'.padEnd(width)} | value`,
    `${'-'.repeat(width)}-|-${'-'.repeat(12)}`,
    ...lines.map(([k, v]) => `${(k ?? '').padEnd(width)} | ${v}`),
  ].join('\n');
}
