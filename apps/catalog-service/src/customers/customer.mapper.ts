import type { Address, Customer } from '@concord/model';

import { recordMetaOf } from '../records/record-meta';
import type { AddressDto } from './customer.dto';
import type { CustomerEntity } from './customer.entity';

/** The canonical content fields of a customer, in the order events list them. */
export const CUSTOMER_FIELDS = [
  'name',
  'email',
  'phone',
  'address',
  'currency',
  'metadata',
] as const;

export function toCustomerRecord(entity: CustomerEntity): Customer {
  return {
    ...recordMetaOf(entity),
    name: entity.name,
    email: entity.email,
    phone: entity.phone,
    address: entity.address,
    currency: entity.currency,
    metadata: entity.metadata,
  };
}

/** A plain Address without the keys the client left out. */
export function toAddress(dto: AddressDto | null | undefined): Address | null {
  if (dto === null || dto === undefined) return null;
  const address: Address = { line1: dto.line1, country: dto.country };
  if (dto.line2 !== undefined) address.line2 = dto.line2;
  if (dto.city !== undefined) address.city = dto.city;
  if (dto.state !== undefined) address.state = dto.state;
  if (dto.postalCode !== undefined) address.postalCode = dto.postalCode;
  return address;
}
