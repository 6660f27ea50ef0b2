import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Lint is the enforcement of the architecture: these cases prove a forbidden import FAILS lint,
// so the depConstraints in eslint.config.mjs are not decorative.
const workspaceRoot = join(__dirname, '..', '..', '..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

// Runs the real ESLint CLI with the workspace config, exactly as `nx lint` does.
async function lintAs(filePath: string, code: string): Promise<string[]> {
  const result = spawnSync(
    process.execPath,
    [
      join(workspaceRoot, 'node_modules/eslint/bin/eslint.js'),
      '--format',
      'json',
      '--stdin',
      '--stdin-filename',
      filePath,
    ],
    {
      cwd: workspaceRoot,
      input: code,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    },
  );
  const [report] = JSON.parse(result.stdout) as Array<{ messages: LintMessage[] }>;
  return report.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  it('refuses kafkajs in a framework-free domain lib', async () => {
    const messages = await lintAs(
      'libs/model/src/lib/forbidden-probe.ts',
      "import { Kafka } from 'kafkajs';\n\nexport const client = Kafka;\n",
    );
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries: .*kafkajs/);
  });

  it('refuses NestJS in a framework-free util lib', async () => {
    const messages = await lintAs(
      'libs/auth/src/lib/forbidden-probe.ts',
      "import { Injectable } from '@nestjs/common';\n\nexport const decorator = Injectable;\n",
    );
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries: .*@nestjs\/common/);
  });

  it('refuses a domain lib depending on an infrastructure lib', async () => {
    const messages = await lintAs(
      'libs/model/src/lib/forbidden-probe.ts',
      "import * as kafka from '@concord/kafka';\n\nexport const transport = kafka;\n",
    );
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('refuses the testing lib in production code', async () => {
    const messages = await lintAs(
      'apps/catalog-service/src/forbidden-probe.ts',
      "import * as testing from '@concord/testing';\n\nexport const harness = testing;\n",
    );
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*testing lib is for specs only/);
  });

  it('confines kafkajs to the Kafka lib: other production code goes through @concord/kafka', async () => {
    const probe = "import { Kafka } from 'kafkajs';\n\nexport const client = Kafka;\n";
    for (const path of [
      'apps/catalog-service/src/forbidden-probe.ts',
      'libs/connector-kit/src/lib/forbidden-probe.ts',
      'libs/kafka-nest/src/lib/forbidden-probe.ts',
    ]) {
      const messages = await lintAs(path, probe);
      expect(messages.join('\n')).toMatch(/no-restricted-imports: .*confined to @concord\/kafka/);
    }
    // libs/kafka itself lifts the rule in its own eslint.config.mjs (`nx lint kafka` runs there).
  });

  it('refuses kafkajs, ioredis and the Kafka lib in a connector app (the kit provides them)', async () => {
    for (const module of ['kafkajs', 'ioredis', '@concord/kafka']) {
      const messages = await lintAs(
        'apps/connector-stripe/src/forbidden-probe.ts',
        `import * as transport from '${module}';\n\nexport const probe = transport;\n`,
      );
      expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
    }
  });

  it('lets a connector app use the connector kit', async () => {
    const messages = await lintAs(
      'apps/connector-stripe/src/allowed-probe.ts',
      "import { ConnectorKitModule } from '@concord/connector-kit';\n\nexport const kit = ConnectorKitModule;\n",
    );
    expect(messages).toEqual([]);
  });

  it('accepts an allowed import', async () => {
    const messages = await lintAs(
      'libs/kafka/src/lib/allowed-probe.ts',
      "import { RetryableError } from '@concord/errors';\n\nexport const errorClass = RetryableError;\n",
    );
    expect(messages).toEqual([]);
  });
});
