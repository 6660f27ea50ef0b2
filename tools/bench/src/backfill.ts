import { backfillRows } from './backfill/backfill-report';
import { type BackfillResult, runExport, runImport } from './backfill/backfill-run';
import { runRemoteBackfill } from './backfill/remote-run';
import { type BenchSystem, parseBenchOptions } from './cli/bench-options';
import { runBenchMain } from './cli/run-main';
import { describeMachine, machineLine } from './report/machine';
import { writeResultsFile } from './report/results-file';
import { renderTable } from './report/results-table';
import { startBenchBroker, stopBenchBroker } from './services/bench-broker';

const log = (line: string): void => void process.stdout.write(`[bench:backfill] ${line}\n`);

/**
 * Sizes when `--sizes` is not given. Salesforce and Xero: the issues' 10,000 and a tenth of it
 * (Xero's 60 calls a minute make a 10,000 export at least four minutes; 100,000, forty).
 */
function defaultSizes(system: BenchSystem, quick: boolean): number[] {
  if (system === 'stripe') return quick ? [300, 1500] : [10_000, 100_000];
  if (system === 'salesforce') return quick ? [300, 1500] : [1_000, 10_000];
  return quick ? [100, 500] : [1_000, 10_000];
}

function tableTitle(systems: BenchSystem[], exportTenants: number): string {
  const stripe = `import: 1 tenant; export: ${exportTenants} tenants`;
  const others = systems.filter((s) => s !== 'stripe');
  if (others.length === 0) return `Concord backfill (${stripe})`;
  const names = others.map((s) => (s === 'xero' ? 'Xero' : 'Salesforce')).join(' and ');
  const remote = `${names}: 1 tenant and 1 organisation each, calls counted by the simulator`;
  return systems.includes('stripe')
    ? `Concord backfill (Stripe ${stripe}; ${remote})`
    : `Concord backfill (${remote})`;
}

async function runOne(
  system: BenchSystem,
  direction: 'import' | 'export',
  size: number,
  exportTenants: number,
): Promise<BackfillResult> {
  if (system !== 'stripe') return runRemoteBackfill(system, direction, size, log);
  return direction === 'import' ? runImport(size, log) : runExport(size, exportTenants, log);
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const options = parseBenchOptions(process.argv.slice(2), []);
  const exportTenants = options.tenants ?? (quick ? 2 : 10);
  log(`machine: ${machineLine(describeMachine())}`);
  for (const system of options.systems) {
    const sizes = options.sizes.length > 0 ? options.sizes : defaultSizes(system, quick);
    const spread = system === 'stripe' ? `export over ${exportTenants} tenants` : '1 tenant';
    log(`${system}: sizes ${sizes.join(', ')}; ${spread}`);
  }
  startBenchBroker();
  const results: BackfillResult[] = [];
  try {
    for (const system of options.systems) {
      const sizes = options.sizes.length > 0 ? options.sizes : defaultSizes(system, quick);
      for (const size of sizes) {
        for (const direction of options.directions) {
          const result = await runOne(system, direction, size, exportTenants);
          const label = system === 'stripe' ? direction : `${system} ${direction}`;
          log(
            `${label} ${size}: ${result.seconds.toFixed(1)} s, ${result.recordsPerSecond.toFixed(0)}/s`,
          );
          results.push(result);
        }
      }
    }
    const rows = backfillRows(results);
    process.stdout.write(`${renderTable(tableTitle(options.systems, exportTenants), rows)}\n`);
    if (options.json) log(`results: ${writeResultsFile('backfill', rows, { results })}`);
  } finally {
    if (!options.keep) stopBenchBroker();
  }
}

runBenchMain(main);
