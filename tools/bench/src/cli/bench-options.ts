/** The external systems a bench can run against (each has a simulator and a connector). */
export const BENCH_SYSTEMS = ['stripe', 'salesforce', 'xero'] as const;
export type BenchSystem = (typeof BENCH_SYSTEMS)[number];

/** Command-line options every bench understands. */
export interface BenchOptions {
  /** Small counts and short windows: a smoke check, not figures to publish. */
  quick: boolean;
  /** Also write the results to tmp/bench/<name>-<timestamp>.json. */
  json: boolean;
  /** Leave the bench Kafka broker running at the end. */
  keep: boolean;
  /** Backfill sizes (records), ascending; `defaultSizes` when not given. */
  sizes: number[];
  /** Backfill: the systems to run against, in order (`--system stripe|salesforce|xero|all`). */
  systems: BenchSystem[];
  /** Tenants (each its own Stripe account) the load is spread over. */
  tenants?: number;
  /** Backfill directions to run (default both). */
  directions: Array<'import' | 'export'>;
  /** A git ref to build in a temporary worktree and bench in the same run, side by side. */
  against?: string;
  /** Interleaved runs per tree with --against (medians reported); default 3. */
  runs: number;
  /** Keep the --against worktree (reused by the next run) instead of removing it. */
  keepAgainst: boolean;
  /** Stage benches: rows or changes each stage starts from (default 100,000; --quick 2,000). */
  count?: number;
  /** Stage benches to run (default all). */
  stages?: string[];
}

export function parseBenchOptions(argv: readonly string[], defaultSizes: number[]): BenchOptions {
  const options: BenchOptions = {
    quick: false,
    json: false,
    keep: false,
    sizes: defaultSizes,
    directions: ['import', 'export'],
    systems: ['stripe'],
    runs: 3,
    keepAgainst: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--sizes') options.sizes = parseSizes(argv[(i += 1)]);
    else if (arg === '--tenants') options.tenants = positiveInteger('--tenants', argv[(i += 1)]);
    else if (arg === '--directions') options.directions = parseDirections(argv[(i += 1)]);
    else if (arg === '--system') options.systems = parseSystems(argv[(i += 1)]);
    else if (arg === '--against') options.against = nonEmpty('--against', argv[(i += 1)]);
    else if (arg === '--runs') options.runs = positiveInteger('--runs', argv[(i += 1)]);
    else if (arg === '--keep-against') options.keepAgainst = true;
    else if (arg === '--count' || arg === '--rows')
      options.count = positiveInteger(arg, argv[(i += 1)]);
    else if (arg === '--stages')
      options.stages = nonEmpty('--stages', argv[(i += 1)])
        .split(',')
        .map((s) => s.trim());
    else
      throw new Error(
        `unknown option ${arg} (known: --quick --json --keep --sizes --tenants --directions --system --against --runs --keep-against --count --rows --stages)`,
      );
  }
  return options;
}

function parseSizes(text: string | undefined): number[] {
  const sizes = (text ?? '').split(',').map((part) => positiveInteger('--sizes', part.trim()));
  if (sizes.length < 1) throw new Error('--sizes needs at least one size, e.g. 10000,100000');
  return [...sizes].sort((a, b) => a - b);
}

function positiveInteger(option: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${option} expects a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

function parseDirections(text: string | undefined): Array<'import' | 'export'> {
  const directions = (text ?? '').split(',').map((part) => part.trim());
  for (const direction of directions)
    if (direction !== 'import' && direction !== 'export')
      throw new Error(`--directions takes import and/or export, got ${JSON.stringify(direction)}`);
  return directions as Array<'import' | 'export'>;
}

/** `stripe`, `salesforce`, `xero`, a comma-separated list of them, or `all` (each once, in order). */
function parseSystems(text: string | undefined): BenchSystem[] {
  const value = nonEmpty('--system', text);
  if (value.trim() === 'all') return [...BENCH_SYSTEMS];
  const named = value.split(',').map((part) => part.trim());
  for (const system of named)
    if (!(BENCH_SYSTEMS as readonly string[]).includes(system))
      throw new Error(
        `--system takes ${BENCH_SYSTEMS.join(', ')} or all (comma-separated), got ${JSON.stringify(system)}`,
      );
  return BENCH_SYSTEMS.filter((system) => named.includes(system));
}

function nonEmpty(option: string, text: string | undefined): string {
  if (!text || text.startsWith('--')) throw new Error(`${option} expects a value`);
  return text;
}
