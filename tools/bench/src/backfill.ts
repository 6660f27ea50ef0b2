import { backfillRows } from './backfill/backfill-report';
import { type BackfillResult, runExport, runImport } from './backfill/backfill-run';
import { parseBenchOptions } from './cli/bench-options';
import { runBenchMain } from './cli/run-main';
import { describeMachine, machineLine } from './report/machine';
import { writeResultsFile } from './report/results-file';
import { renderTable } from './report/results-table';
import { startBenchBroker, stopBenchBroker } from './services/bench-broker';

const log = (line: string): void => void process.stdout.write(`[bench:backfill] ${line}\n`);

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const options = parseBenchOptions(process.argv.slice(2), quick ? [300, 1500] : [10_000, 100_000]);
  const exportTenants = options.tenants ?? (quick ? 2 : 10);
  log(`machine: ${machineLine(describeMachine())}`);
  log(`sizes ${options.sizes.join(', ')}; export over ${exportTenants} tenants`);
  startBenchBroker();
  const results: BackfillResult[] = [];
  try {
    for (const size of options.sizes) {
      for (const direction of options.directions) {
        const result =
          direction === 'import'
            ? await runImport(size, log)
            : await runExport(size, exportTenants, log);
        log(
          `${direction} ${size}: ${result.seconds.toFixed(1)} s, ${result.recordsPerSecond.toFixed(0)}/s`,
        );
        results.push(result);
      }
    }
    const rows = backfillRows(results);
    process.stdout.write(
      `${renderTable(`Concord backfill (import: 1 tenant; export: ${exportTenants} tenants)`, rows)}\n`,
    );
    if (options.json) log(`results: ${writeResultsFile('backfill', rows, { results })}`);
  } finally {
    if (!options.keep) stopBenchBroker();
  }
}

runBenchMain(main);
