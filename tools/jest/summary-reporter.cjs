// Records each Jest run's totals in tmp/test-results/ so `npm test` can print one closing line
// ("N passed, N failed") over every project and stage, preceded by the name of every failed test
// (CI keeps only the end of the output, so that is where a failure must name itself).
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..', '..');

/** The first lines of a failure message (e.g. Expected/Received), without colour codes, on one line. */
function firstLines(message) {
  const plain = String(message ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const lines = plain
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at '));
  return lines.slice(0, 3).join(' | ').slice(0, 400);
}

function failuresOf(results) {
  const failures = [];
  for (const file of results.testResults) {
    const path = relative(ROOT, file.testFilePath);
    if (file.testExecError) {
      failures.push({
        file: path,
        test: '(the file did not run)',
        reason: firstLines(file.testExecError.message),
      });
    }
    for (const test of file.testResults) {
      if (test.status !== 'failed') continue;
      failures.push({
        file: path,
        test: test.fullName,
        reason: firstLines(test.failureMessages[0]),
      });
    }
  }
  return failures;
}

class SummaryReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.CONCORD_TEST_RESULTS_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const config = this.globalConfig.rootDir ?? process.cwd();
    const name = relative(ROOT, config).replace(/[\\/]/g, '_') || 'root';
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
        failures: failuresOf(results),
      }),
    );
  }
}

module.exports = SummaryReporter;
