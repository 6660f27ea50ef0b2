import { type BenchOptions, parseBenchOptions } from './cli/bench-options';
import { runBenchMain } from './cli/run-main';
import { benchAgainst } from './compare/against';
import { type Figure, renderFigures } from './compare/figures';
import { describeMachine, machineLine } from './report/machine';
import { writeResultsFile } from './report/results-file';
import { startBenchBroker, stopBenchBroker } from './services/bench-broker';
import { applierDrainStage } from './stages/applier-drain';
import { relayDrainStage } from './stages/relay-drain';
import { restCreatesStage } from './stages/rest-creates';
import { type AppTree, currentTree } from './world/app-tree';

const log = (line: string): void => void process.stdout.write(`[bench:stages] ${line}\n`);

type Stage = (tree: AppTree, count: number, log: (line: string) => void) => Promise<Figure[]>;

/** Each stage with its default size (full, --quick); --count overrides both. */
const STAGES: Record<string, { run: Stage; full: number; quick: number }> = {
  relay: { run: relayDrainStage, full: 100_000, quick: 2_000 },
  applier: { run: applierDrainStage, full: 100_000, quick: 2_000 },
  rest: { run: restCreatesStage, full: 10_000, quick: 500 },
};

function selectedStages(options: BenchOptions): string[] {
  const names = options.stages ?? Object.keys(STAGES);
  for (const name of names)
    if (!STAGES[name])
      throw new Error(`unknown stage ${name} (known: ${Object.keys(STAGES).join(', ')})`);
  return names;
}

async function runStages(tree: AppTree, options: BenchOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const name of selectedStages(options)) {
    const stage = STAGES[name] as (typeof STAGES)[string];
    const count = options.count ?? (options.quick ? stage.quick : stage.full);
    figures.push(...(await stage.run(tree, count, log)));
  }
  return figures;
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), []);
  log(`machine: ${machineLine(describeMachine())}`);
  log(`stages: ${selectedStages(options).join(', ')}`);
  try {
    const against = options.against;
    if (against) {
      await benchAgainst(
        'stages',
        `Concord stages against ${against}`,
        { ...options, against },
        log,
        (tree) => runStages(tree, options),
        startBenchBroker,
      );
    } else {
      startBenchBroker();
      const figures = await runStages(currentTree(), options);
      process.stdout.write(`${renderFigures('Concord stages (pre-filled inputs)', figures)}\n`);
      if (options.json) log(`results: ${writeResultsFile('stages', [], { figures })}`);
    }
  } finally {
    if (!options.keep) stopBenchBroker();
  }
}

runBenchMain(main);
