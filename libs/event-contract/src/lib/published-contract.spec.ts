import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { topicCatalog } from '@concord/model';
import { parse } from 'yaml';

import { buildAsyncApiDocument, channelMatches } from './asyncapi-document';
import { checkCompatibility } from './compatibility';
import { concordDeployment, currentMessageSchemas } from './concord-deployment';
import { JsonSchema } from './json-schema-shape';

// The published contract (docs/asyncapi.yaml and docs/schemas/released/) against the code.
const root = join(__dirname, '..', '..', '..', '..');
const version = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;

interface Channel {
  address: string;
  parameters?: Record<string, { enum?: string[] }>;
  messages: Record<string, { $ref: string }>;
}

interface Document {
  channels: Record<string, Channel>;
  components: {
    schemas: Record<string, JsonSchema>;
    messages: Record<string, { payload: { $ref?: string } }>;
  };
}

const committed = parse(readFileSync(join(root, 'docs', 'asyncapi.yaml'), 'utf8')) as Document;

function released(): Record<string, JsonSchema> {
  const dir = join(root, 'docs', 'schemas', 'released');
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [
        f.replace(/\.json$/, ''),
        JSON.parse(readFileSync(join(dir, f), 'utf8')) as JsonSchema,
      ]),
  );
}

describe('the published event contract', () => {
  it('is exactly what libs/model describes (run `npm run events:generate` after a schema change)', () => {
    expect(committed).toEqual(
      JSON.parse(JSON.stringify(buildAsyncApiDocument(version, concordDeployment))),
    );
  });

  it('documents every topic the model names, and names no topic the model lacks', () => {
    const topics = topicCatalog(concordDeployment.systems, {
      consumerGroups: concordDeployment.consumerGroups,
    });
    const channels = Object.values(committed.channels);
    for (const topic of topics) {
      expect({
        topic: topic.name,
        documented: channels.some((c) => channelMatches(c.address, c.parameters ?? {}, topic.name)),
      }).toEqual({
        topic: topic.name,
        documented: true,
      });
    }
    for (const channel of channels) {
      const produced = topics.filter((t) =>
        channelMatches(channel.address, channel.parameters ?? {}, t.name),
      );
      expect({ channel: channel.address, topics: produced.length > 0 }).toEqual({
        channel: channel.address,
        topics: true,
      });
    }
  });

  it('publishes each topic with the schema the code validates with', () => {
    const schemas = currentMessageSchemas();
    for (const schema of Object.values(committed.components.schemas)) {
      const id = schema['x-concord-schema-id'] as string;
      const { ['x-concord-schema-id']: _id, ...published } = schema;
      const { $id: _own, ...code } = schemas[id];
      expect({ id, schema: published }).toEqual({ id, schema: code });
    }
  });

  it('breaks no released .v1 schema', () => {
    const frozen = released();
    expect(Object.keys(frozen).length).toBeGreaterThan(0);
    expect(checkCompatibility(frozen, currentMessageSchemas())).toEqual([]);
  });

  describe('the gate on the real released customer event', () => {
    const id = 'concord.catalog.customer.v1';
    const withEntity = (edit: (entity: JsonSchema) => void): Record<string, JsonSchema> => {
      const current = currentMessageSchemas();
      const copy = JSON.parse(JSON.stringify(current[id])) as JsonSchema;
      const data = copy.properties?.['data'] as JsonSchema;
      edit(data.properties?.['entity'] as JsonSchema);
      return { ...current, [id]: copy };
    };

    it('fails when a field is removed', () => {
      const changed = withEntity((entity) => {
        delete entity.properties?.['email'];
        entity.required = (entity.required ?? []).filter((f) => f !== 'email');
      });
      expect(checkCompatibility(released(), changed)).toEqual([
        expect.objectContaining({ schemaId: id, path: 'data.entity.email', kind: 'field-removed' }),
      ]);
    });

    it('fails when a field is retyped', () => {
      const changed = withEntity((entity) => {
        (entity.properties as Record<string, JsonSchema>)['name'] = { type: 'number' };
      });
      expect(checkCompatibility(released(), changed).map((c) => c.kind)).toEqual(['field-retyped']);
    });

    it('passes when an optional field is added', () => {
      const changed = withEntity((entity) => {
        (entity.properties as Record<string, JsonSchema>)['loyaltyTier'] = { type: 'string' };
      });
      expect(checkCompatibility(released(), changed)).toEqual([]);
    });
  });
});
