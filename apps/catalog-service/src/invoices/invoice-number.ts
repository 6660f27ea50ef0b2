import { ConflictError, ConflictErrorCode } from '@concord/errors';

const NUMBER_CONSTRAINT = 'invoices_tenant_number_key';

function isDuplicateNumber(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } })
    .driverError;
  return driverError?.code === '23505' && driverError.constraint === NUMBER_CONSTRAINT;
}

/**
 * Runs an invoice row's write and turns a clash on the tenant's invoice numbers into the same
 * conflict whichever path wrote it: a 409 naming `number` over REST, and for a change applied from
 * an external system a non-retryable conflict (dead-lettered at once with that reason, not retried
 * until its attempts run out).
 */
export async function withUniqueInvoiceNumber<T>(
  number: string,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isDuplicateNumber(error)) throw error;
    throw new ConflictError(
      ConflictErrorCode.ALREADY_EXISTS,
      `Invoice number "${number}" is already used in this tenant`,
      { details: { fields: [{ field: 'number', message: 'is already used' }] } },
    );
  }
}
