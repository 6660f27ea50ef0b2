// Records each Jest run's totals in tmp/test-results/ so `npm test` can print one closing line
// ("N passed, N failed") over every project and stage.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.CONCORD_TEST_RESULTS_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const config = this.globalConfig.rootDir ?? process.cwd();
    const name = relative(join(__dirname, '..', '..'), config).replace(/[\\/]/g, '_') || 'root';
    const file = join(dir, `${name}-${process.pid}-${Date.now()}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        project: name,
        passed: results.numPassedTests,
        failed: results.numFailedTests,
        skipped: results.numPendingTests + results.numTodoTests,
        suitesFailed: results.numFailedTestSuites + results.numRuntimeErrorTestSuites,
        success: results.success,
      }),
    );
  }
}

module.exports = SummaryReporter;
