// Prints the security suite's closing table, "what was tried and what got through", from the JSON
// lines the specs append (recordAttempt in @concord/testing) to the file this reporter names in
// SECURITY_LEDGER_FILE. Anything that got through also fails its own test; the table says what.
const { existsSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const LEDGER_DIR = join(__dirname, '..', '..', 'tmp', 'security-ledger');

function readLedger(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

function pad(text, width) {
  return String(text).padEnd(width);
}

function table(entries) {
  const byCategory = new Map();
  for (const entry of entries) {
    const row = byCategory.get(entry.category) ?? { tried: 0, refused: 0, through: [] };
    row.tried += 1;
    if (entry.outcome === 'refused') row.refused += 1;
    else row.through.push(entry);
    byCategory.set(entry.category, row);
  }
  const lines = [
    '',
    'Security suite: what was tried and what got through',
    `${pad('category', 16)}${pad('tried', 8)}${pad('refused', 9)}got through`,
  ];
  for (const [category, row] of [...byCategory].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `${pad(category, 16)}${pad(row.tried, 8)}${pad(row.refused, 9)}${row.through.length}`,
    );
  }
  const through = entries.filter((entry) => entry.outcome !== 'refused');
  lines.push(
    `${pad('total', 16)}${pad(entries.length, 8)}${pad(entries.length - through.length, 9)}${through.length}`,
  );
  lines.push('', 'attempts:');
  for (const entry of entries) {
    const mark = entry.outcome === 'refused' ? 'refused    ' : 'GOT THROUGH';
    const detail = entry.detail ? ` -> ${entry.detail}` : '';
    lines.push(`  ${mark} [${entry.category}] ${entry.attempt}${detail}`);
  }
  return lines.join('\n');
}

class SecurityReporter {
  constructor(globalConfig) {
    const name = String(globalConfig.rootDir ?? 'security')
      .split(/[\\/]/)
      .slice(-2)
      .join('-');
    this.file = join(LEDGER_DIR, `${name}-${process.pid}.jsonl`);
    // Set before Jest starts its workers, so every spec (in band or not) appends to this file.
    process.env.SECURITY_LEDGER_FILE = this.file;
  }

  onRunStart() {
    mkdirSync(LEDGER_DIR, { recursive: true });
    rmSync(this.file, { force: true });
  }

  onRunComplete() {
    const entries = readLedger(this.file);
    process.stdout.write(`${table(entries)}\n\n`);
  }
}

module.exports = SecurityReporter;
