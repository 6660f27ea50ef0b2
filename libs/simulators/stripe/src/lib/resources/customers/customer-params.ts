import { RequestParams } from '../../http/request-params';
import { StripeApiError } from '../../http/stripe-api.error';
import { Address, CustomerObject, Shipping } from '../stripe-objects';

const ADDRESS_FIELDS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INVOICE_PREFIX = /^[A-Z0-9]{3,12}$/;

/** `address[...]`: given fields replace the current ones; '' unsets the whole address. */
export function readAddress(
  params: RequestParams,
  key: string,
  current: Address | null,
): Address | null | undefined {
  const hash = params.hash(key);
  if (hash === undefined || hash === null) return hash;
  hash.only(ADDRESS_FIELDS);
  const next: Address = current
    ? { ...current }
    : { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
  for (const field of ADDRESS_FIELDS) {
    const value = hash.string(field);
    if (value !== undefined) next[field] = value;
  }
  return next;
}

export function readShipping(params: RequestParams): Shipping | null | undefined {
  const hash = params.hash('shipping');
  if (hash === undefined || hash === null) return hash;
  hash.only(['address', 'name', 'phone']);
  const address = readAddress(hash, 'address', null);
  if (address === undefined) throw StripeApiError.parameterMissing(hash.name('address'));
  if (address === null) throw StripeApiError.parameterInvalidEmpty(hash.name('address'));
  return { address, name: hash.requiredString('name'), phone: hash.string('phone') ?? null };
}

export function readEmail(params: RequestParams): string | null | undefined {
  const email = params.string('email');
  if (email && (!EMAIL.test(email) || email.length > 512)) {
    throw StripeApiError.invalid(`Invalid email address: ${email}`, 'email', 'email_invalid');
  }
  return email;
}

export function readInvoicePrefix(params: RequestParams): string | undefined {
  const prefix = params.presentString('invoice_prefix');
  if (prefix !== undefined && !INVOICE_PREFIX.test(prefix)) {
    throw StripeApiError.invalid(
      'Invalid invoice_prefix: must be 3 to 12 uppercase letters or numbers.',
      'invoice_prefix',
    );
  }
  return prefix;
}

export function readInvoiceSettings(
  params: RequestParams,
  current: CustomerObject['invoice_settings'],
): CustomerObject['invoice_settings'] | undefined {
  const hash = params.hash('invoice_settings');
  if (hash === undefined) return undefined;
  if (hash === null) return { ...current, custom_fields: null, footer: null };
  hash.only(['custom_fields', 'default_payment_method', 'footer']);
  const next = { ...current };
  const paymentMethod = hash.string('default_payment_method');
  if (paymentMethod) {
    // The simulator has no payment methods, so any id is unknown, as it would be on Stripe.
    throw StripeApiError.resourceMissing(
      'PaymentMethod',
      paymentMethod,
      hash.name('default_payment_method'),
    );
  }
  const footer = hash.string('footer');
  if (footer !== undefined) next.footer = footer;
  const fields = hash.raw('custom_fields');
  if (fields === '') next.custom_fields = null;
  else if (fields !== undefined) {
    if (!Array.isArray(fields) || fields.length > 4) {
      throw StripeApiError.invalid('Invalid array', hash.name('custom_fields'));
    }
    next.custom_fields = fields.map((field, index) => {
      if (typeof field !== 'object' || Array.isArray(field)) {
        throw StripeApiError.invalid('Invalid object', `${hash.name('custom_fields')}[${index}]`);
      }
      const entry = new RequestParams(field, `${hash.name('custom_fields')}[${index}]`);
      entry.only(['name', 'value']);
      return { name: entry.requiredString('name'), value: entry.requiredString('value') };
    });
  }
  return next;
}
