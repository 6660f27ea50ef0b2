import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Parser } from '@asyncapi/parser';

// Validates the committed document with the official AsyncAPI parser (full spec + Kafka bindings).
describe('docs/asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3 document', async () => {
    const source = readFileSync(
      join(__dirname, '..', '..', '..', '..', 'docs', 'asyncapi.yaml'),
      'utf8',
    );
    const diagnostics = await new Parser().validate(source);
    const errors = diagnostics
      .filter((d) => d.severity === 0)
      .map((d) => `${d.message} at ${d.path.join('.')}`);
    expect(errors).toEqual([]);
    const { document } = await new Parser().parse(source);
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address()),
    ).toContain('catalog.customer.v1');
  });
});
