import { canChangeInvoiceStatus, metadataKeyProblem } from './record-rules';

describe('record rules the external systems enforce', () => {
  it('names what is wrong with a metadata key', () => {
    expect(metadataKeyProblem('segment')).toBeUndefined();
    expect(metadataKeyProblem('concord_id')).toContain('reserved');
    expect(metadataKeyProblem('CONCORD_x')).toContain('reserved');
    expect(metadataKeyProblem('a[b]')).toBe('must not contain "[" or "]"');
    expect(metadataKeyProblem('')).toBe('must have 1 to 40 characters');
  });

  it('moves invoices only forward: nothing back to draft, paid and void final', () => {
    expect(canChangeInvoiceStatus('draft', 'open')).toBe(true);
    expect(canChangeInvoiceStatus('uncollectible', 'paid')).toBe(true);
    expect(canChangeInvoiceStatus('paid', 'draft')).toBe(false);
    expect(canChangeInvoiceStatus('open', 'draft')).toBe(false);
    expect(canChangeInvoiceStatus('void', 'open')).toBe(false);
    expect(canChangeInvoiceStatus('void', 'void')).toBe(true);
  });
});
