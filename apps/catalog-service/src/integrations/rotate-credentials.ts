// `node dist/apps/catalog-service/src/integrations/rotate-credentials.js` (or
// `nx run catalog-service:rotate-credentials`): re-encrypts every stored secret under
// CONCORD_SECRETS_ACTIVE_KEY, then waits (ROTATION_CONFIRM_TIMEOUT_MS, default 2 minutes) until
// every enabled connection's connector reports its own copy of the webhook secret under the
// active key. Run it after adding a new key to CONCORD_SECRETS_KEYS, making it active and rolling
// the apps out; remove the old key only after it exits 0. It exits 1 naming every connection not
// confirmed in time (its connector is down, or still runs with the old ring).
import 'reflect-metadata';

import {
  assertValidEnvOrExit,
  defineEnv,
  duration,
  loadEnv,
  outboundEnv,
  secretsEnv,
} from '@concord/config';

import { AuditService } from '../audit/audit.service';
import { migrationEnv } from '../config/catalog-env';
import { resolveCatalogDatabase } from '../database/catalog-database';
import { createCatalogDataSource } from '../database/data-source';
import { BackfillJobsRepository } from './backfill/backfill-jobs.repository';
import { ConnectionPublisher } from './connection-publisher.service';
import { waitForConnectorKeys } from './connector-key-confirmation';
import { CredentialRotation } from './credential-rotation.service';
import { IntegrationConnectionRepository } from './integration-connection.repository';
import { IntegrationUrlValidator } from './integration-url-validator';
import { IntegrationsService } from './integrations.service';
import { secretsKeyRingOf } from './secrets-key-ring';

const rotationEnv = defineEnv({
  ...migrationEnv,
  ...secretsEnv,
  ...outboundEnv,
  ROTATION_CONFIRM_TIMEOUT_MS: duration({ default: 120_000, min: 0, max: 3_600_000 }),
});

const say = (message: string): void => {
  process.stdout.write(`[rotate-credentials] ${message}\n`);
};

async function rotate(): Promise<void> {
  const config = assertValidEnvOrExit(() => loadEnv(rotationEnv));
  const keyRing = secretsKeyRingOf(config);
  const dataSource = createCatalogDataSource(
    await resolveCatalogDatabase(config, { create: false }),
  );
  await dataSource.initialize();
  try {
    const integrations = new IntegrationsService(
      dataSource,
      keyRing,
      new IntegrationConnectionRepository(),
      new ConnectionPublisher(),
      new BackfillJobsRepository(),
      new AuditService(dataSource),
      new IntegrationUrlValidator(config),
    );
    const report = await new CredentialRotation(dataSource, keyRing, integrations).run();
    say(`active key ${report.activeKeyId}`);
    for (const [what, counts] of [
      ['connection credentials', report.credentials],
      ['connector webhook secrets', report.webhookSecrets],
      ['notification secrets', report.notificationSecrets],
    ] as const) {
      say(`${what}: ${counts.reencrypted} re-encrypted, ${counts.current} already current`);
    }
    const pending = await waitForConnectorKeys(dataSource, report.activeKeyId, {
      timeoutMs: config.ROTATION_CONFIRM_TIMEOUT_MS,
    });
    if (pending.length > 0) {
      for (const c of pending) {
        say(
          `NOT CONFIRMED: ${c.tenantId}/${c.system} (connection ${c.connectionId}): its connector ` +
            `reports its webhook secret under ${c.reportedKeyId ?? 'no key yet'}, not ${report.activeKeyId}`,
        );
      }
      say(`${pending.length} connections not confirmed: keep the old key until they are`);
      process.exitCode = 1;
      return;
    }
    say('every connector confirmed its webhook secrets under the active key: the old key may go');
  } finally {
    await dataSource.destroy();
  }
}

rotate().catch((error: unknown) => {
  process.stderr.write(
    `[rotate-credentials] failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
