import type { FieldMapping } from '@concord/model';

import {
  metadataFromStripe,
  metadataToStripe,
  stripeFieldMappingProblem,
} from './stripe-field-mappings';

const tier: FieldMapping = {
  entityType: 'customer',
  canonicalField: 'metadata.tier',
  externalField: 'metadata.crm_tier',
};

describe('Stripe field mappings', () => {
  it('moves a mapped custom field to its Stripe key and back, leaving the others alone', () => {
    const catalog = { tier: 'gold', region: 'eu' };
    const stripe = metadataToStripe(catalog, [tier]);
    expect(stripe).toEqual({ crm_tier: 'gold', region: 'eu' });
    expect(metadataFromStripe(stripe, [tier])).toEqual(catalog);
  });

  it('lets only the mapping write the keys it owns, under either name', () => {
    expect(metadataToStripe({ region: 'eu' }, [tier])).toEqual({ region: 'eu' });
    expect(metadataToStripe({ tier: 'gold', crm_tier: 'clash' }, [tier])).toEqual({
      crm_tier: 'gold',
    });
    expect(metadataFromStripe({ region: 'eu', tier: 'stale' }, [tier])).toEqual({ region: 'eu' });
  });

  it('names what Stripe cannot map', () => {
    expect(stripeFieldMappingProblem(tier)).toBeNull();
    expect(stripeFieldMappingProblem({ ...tier, direction: 'both' })).toBeNull();
    expect(stripeFieldMappingProblem({ ...tier, entityType: 'product' })).toMatch(
      /customers and invoices only/,
    );
    expect(stripeFieldMappingProblem({ ...tier, canonicalField: 'phone' })).toMatch(
      /metadata\.<key> to metadata\.<key> only/,
    );
    expect(stripeFieldMappingProblem({ ...tier, externalField: 'metadata.concord_id' })).toMatch(
      /Concord's own/,
    );
    expect(stripeFieldMappingProblem({ ...tier, direction: 'outbound' })).toMatch(/both ways/);
  });

  it('ignores unsupported mappings when renaming (the connection is refused for them anyway)', () => {
    const bad: FieldMapping = { ...tier, externalField: 'metadata.concord_x' };
    expect(metadataToStripe({ tier: 'gold' }, [bad])).toEqual({ tier: 'gold' });
  });
});
