import type { EntityMapper } from '@concord/connector-kit';
import { ValidationError, ValidationErrorCode } from '@concord/errors';

const REASON = 'salesforce does not sync invoices (it has no standard invoice object)';

/**
 * Invoices do not sync with Salesforce: the definition leaves them out of its entity types, and a
 * connection that lists them anyway gets a permanent, explained failure instead of a write.
 */
export const salesforceInvoiceMapper: EntityMapper<'invoice', never> = {
  toExternal() {
    throw new ValidationError(ValidationErrorCode.INVALID_CONFIGURATION, REASON, [
      { field: 'entityTypes', message: REASON },
    ]);
  },
  toCanonical() {
    throw new ValidationError(ValidationErrorCode.INVALID_CONFIGURATION, REASON, [
      { field: 'entityTypes', message: REASON },
    ]);
  },
};
