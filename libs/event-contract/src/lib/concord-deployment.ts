import { deadLetteringConsumerGroups, KnownSystems, messageSchemas } from '@concord/model';

import { DeploymentShape } from './asyncapi-document';
import { JsonSchema } from './json-schema-shape';

/** The deployment the published contract describes: every system the model knows. */
export const concordDeployment: DeploymentShape = {
  systems: KnownSystems,
  consumerGroups: deadLetteringConsumerGroups(KnownSystems),
};

/** Every current message schema as plain JSON Schema, by `$id`: what a release freezes. */
export function currentMessageSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(
    messageSchemas.map((entry) => [
      entry.id,
      JSON.parse(JSON.stringify(entry.schema)) as JsonSchema,
    ]),
  );
}
