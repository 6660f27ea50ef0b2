import { parseCurrency } from '../../currency/currency';
import { cloneJson, JsonObject } from '../../http/json-value';
import { applyMetadata, matchesRange } from '../../http/request-params';
import { StripeApiError } from '../../http/stripe-api.error';
import { StripeRequestContext, StripeRoute } from '../../http/stripe-route';
import { LIST_PARAMS, paginate, readListOptions } from '../../pagination/list-page';
import { StripeRuntime } from '../../stripe-runtime';
import { findPrice, findProduct } from '../resource-lookup';
import { ProductObject } from '../stripe-objects';
import { claimLookupKey, createPrice, readTaxBehavior, validatePriceParams } from './price-factory';

const CREATE_PARAMS = [
  'active',
  'billing_scheme',
  'currency',
  'expand',
  'lookup_key',
  'metadata',
  'nickname',
  'product',
  'product_data',
  'recurring',
  'tax_behavior',
  'transfer_lookup_key',
  'unit_amount',
  'unit_amount_decimal',
] as const;

/**
 * `/v1/prices`: create, retrieve, update, list. Like Stripe, a price's amount and currency never
 * change and prices are not deleted, only deactivated (`active=false`).
 */
export class PriceController {
  constructor(private readonly runtime: StripeRuntime) {}

  routes(): StripeRoute[] {
    return [
      { method: 'POST', pattern: '/v1/prices', handle: (ctx) => this.create(ctx) },
      { method: 'GET', pattern: '/v1/prices', handle: (ctx) => this.list(ctx) },
      { method: 'GET', pattern: '/v1/prices/:price', handle: (ctx) => this.retrieve(ctx) },
      { method: 'POST', pattern: '/v1/prices/:price', handle: (ctx) => this.update(ctx) },
    ];
  }

  private create(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only(CREATE_PARAMS);
    params.enumValue('billing_scheme', ['per_unit'] as const);
    const productId = params.presentString('product');
    const productData = params.hash('product_data');
    if (productId !== undefined && productData) {
      throw StripeApiError.invalid(
        'You may only specify one of these parameters: product, product_data.',
        'product_data',
      );
    }
    // Like Stripe, parameters are checked before referenced objects are looked up.
    validatePriceParams(params);
    if (productId !== undefined) {
      findProduct(account, productId, 'product');
      return cloneJson(createPrice(ctx, this.runtime, params, productId));
    }
    if (!productData) throw StripeApiError.parameterMissing('product');
    productData.only([
      'active',
      'id',
      'metadata',
      'name',
      'statement_descriptor',
      'tax_code',
      'unit_label',
    ]);
    const now = this.runtime.clock.nowSeconds();
    const product: ProductObject = {
      id: productData.presentString('id') ?? this.runtime.ids.short('prod'),
      object: 'product',
      active: productData.boolean('active') ?? true,
      created: now,
      default_price: null,
      description: null,
      features: [],
      images: [],
      livemode: false,
      metadata: applyMetadata({}, productData.metadata()),
      name: productData.requiredString('name'),
      package_dimensions: null,
      shippable: null,
      statement_descriptor: productData.string('statement_descriptor') ?? null,
      tax_code: productData.string('tax_code') ?? null,
      unit_label: productData.string('unit_label') ?? null,
      updated: now,
      url: null,
    };
    if (account.seqOf(product.id) !== undefined) {
      throw StripeApiError.invalid(
        'Product already exists.',
        'product_data[id]',
        'resource_already_exists',
      );
    }
    account.products.insert(product);
    this.runtime.events.record(ctx, 'product.created', product);
    return cloneJson(createPrice(ctx, this.runtime, params, product.id));
  }

  private retrieve(ctx: StripeRequestContext): JsonObject {
    ctx.params.only(['expand']);
    return cloneJson(findPrice(ctx.account, ctx.pathParams['price']));
  }

  private update(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only([
      'active',
      'expand',
      'lookup_key',
      'metadata',
      'nickname',
      'tax_behavior',
      'transfer_lookup_key',
    ]);
    const before = findPrice(account, ctx.pathParams['price']);
    const next = cloneJson(before);
    const active = params.boolean('active');
    if (active === false && account.products.get(before.product)?.default_price === before.id) {
      throw StripeApiError.invalid(
        'This price cannot be archived because it is the default price of its product.',
        'active',
      );
    }
    if (active !== undefined) next.active = active;
    const nickname = params.string('nickname');
    if (nickname !== undefined) next.nickname = nickname;
    const taxBehavior = readTaxBehavior(params);
    if (taxBehavior !== undefined) {
      if (before.tax_behavior !== 'unspecified' && taxBehavior !== before.tax_behavior) {
        throw StripeApiError.invalid(
          'tax_behavior cannot be changed once it is specified.',
          'tax_behavior',
        );
      }
      next.tax_behavior = taxBehavior;
    }
    const lookupKey = params.string('lookup_key');
    if (lookupKey) {
      claimLookupKey(
        ctx,
        this.runtime,
        before.id,
        lookupKey,
        params.boolean('transfer_lookup_key'),
      );
    }
    if (lookupKey !== undefined) next.lookup_key = lookupKey;
    next.metadata = applyMetadata(before.metadata, params.metadata());
    const after = account.prices.replace(next);
    this.runtime.events.record(ctx, 'price.updated', after, before);
    return cloneJson(after);
  }

  private list(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only([
      ...LIST_PARAMS,
      'active',
      'created',
      'currency',
      'lookup_keys',
      'product',
      'type',
    ]);
    const options = readListOptions(params);
    const active = params.boolean('active');
    const created = params.rangeFilter('created');
    const currencyParam = params.presentString('currency');
    const currency = currencyParam === undefined ? undefined : parseCurrency(currencyParam);
    const lookupKeys = params.stringList('lookup_keys');
    const product = params.presentString('product');
    const type = params.enumValue('type', ['one_time', 'recurring'] as const);
    const items = account.prices
      .newestFirst()
      .filter((price) => active === undefined || price.active === active)
      .filter((price) => matchesRange(price.created, created))
      .filter((price) => currency === undefined || price.currency === currency)
      .filter((price) => lookupKeys === undefined || lookupKeys.includes(price.lookup_key ?? ''))
      .filter((price) => product === undefined || price.product === product)
      .filter((price) => type === undefined || price.type === type);
    const seqOf = (id: string): number | undefined => account.prices.seqOf(id);
    return cloneJson(paginate(items, options, seqOf, '/v1/prices', 'price'));
  }
}
