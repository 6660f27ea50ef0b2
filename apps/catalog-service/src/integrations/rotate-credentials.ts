// `node dist/apps/catalog-service/src/integrations/rotate-credentials.js` (or
// `nx run catalog-service:rotate-credentials`): re-encrypts every stored secret under
// CONCORD_SECRETS_ACTIVE_KEY. Run it after adding a new key to CONCORD_SECRETS_KEYS and making it
// active, on the same environment as the app; remove the old key only after it reports 0 left.
import 'reflect-metadata';

import { assertValidEnvOrExit, defineEnv, loadEnv, outboundEnv, secretsEnv } from '@concord/config';

import { AuditService } from '../audit/audit.service';
import { migrationEnv } from '../config/catalog-env';
import { resolveCatalogDatabase } from '../database/catalog-database';
import { createCatalogDataSource } from '../database/data-source';
import { BackfillJobsRepository } from './backfill/backfill-jobs.repository';
import { ConnectionPublisher } from './connection-publisher.service';
import { CredentialRotation } from './credential-rotation.service';
import { IntegrationConnectionRepository } from './integration-connection.repository';
import { IntegrationUrlValidator } from './integration-url-validator';
import { IntegrationsService } from './integrations.service';
import { secretsKeyRingOf } from './secrets-key-ring';

const rotationEnv = defineEnv({ ...migrationEnv, ...secretsEnv, ...outboundEnv });

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
