import { cloneJson, JsonObject } from '../../http/json-value';
import { applyMetadata, matchesRange, RequestParams } from '../../http/request-params';
import { StripeApiError } from '../../http/stripe-api.error';
import { StripeRequestContext, StripeRoute } from '../../http/stripe-route';
import { LIST_PARAMS, paginate, readListOptions } from '../../pagination/list-page';
import { StripeRuntime } from '../../stripe-runtime';
import { createPrice, validatePriceParams } from '../prices/price-factory';
import { findPrice, findProduct } from '../resource-lookup';
import { DeletedObject, ProductObject } from '../stripe-objects';

const COMMON = [
  'active',
  'description',
  'expand',
  'features',
  'images',
  'metadata',
  'name',
  'shippable',
  'statement_descriptor',
  'tax_code',
  'unit_label',
  'url',
] as const;
const PRODUCT_ID = /^[A-Za-z0-9_-]{1,250}$/;

/** `/v1/products`: create (with `default_price_data`), retrieve, update, delete, list. */
export class ProductController {
  constructor(private readonly runtime: StripeRuntime) {}

  routes(): StripeRoute[] {
    return [
      { method: 'POST', pattern: '/v1/products', handle: (ctx) => this.create(ctx) },
      { method: 'GET', pattern: '/v1/products', handle: (ctx) => this.list(ctx) },
      { method: 'GET', pattern: '/v1/products/:id', handle: (ctx) => this.retrieve(ctx) },
      { method: 'POST', pattern: '/v1/products/:id', handle: (ctx) => this.update(ctx) },
      { method: 'DELETE', pattern: '/v1/products/:id', handle: (ctx) => this.delete(ctx) },
    ];
  }

  private create(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only([...COMMON, 'default_price_data', 'id']);
    const id = params.presentString('id') ?? this.runtime.ids.short('prod');
    if (!PRODUCT_ID.test(id)) throw StripeApiError.invalid(`Invalid id: ${id}`, 'id');
    if (account.products.get(id) || account.seqOf(id) !== undefined) {
      throw StripeApiError.invalid('Product already exists.', 'id', 'resource_already_exists');
    }
    const now = this.runtime.clock.nowSeconds();
    const blank: ProductObject = {
      id,
      object: 'product',
      active: true,
      created: now,
      default_price: null,
      description: null,
      features: [],
      images: [],
      livemode: false,
      metadata: {},
      name: params.requiredString('name'),
      package_dimensions: null,
      shippable: null,
      statement_descriptor: null,
      tax_code: null,
      unit_label: null,
      updated: now,
      url: null,
    };
    const product = applyProductParams(blank, params);
    const priceData = params.hash('default_price_data');
    if (priceData) {
      priceData.only([
        'currency',
        'recurring',
        'tax_behavior',
        'unit_amount',
        'unit_amount_decimal',
      ]);
      validatePriceParams(priceData);
    }
    account.products.insert(product);
    if (priceData) product.default_price = createPrice(ctx, this.runtime, priceData, id).id;
    this.runtime.events.record(ctx, 'product.created', product);
    return cloneJson(product);
  }

  private retrieve(ctx: StripeRequestContext): JsonObject {
    ctx.params.only(['expand']);
    return cloneJson(findProduct(ctx.account, ctx.pathParams['id']));
  }

  private update(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only([...COMMON, 'default_price']);
    const before = findProduct(account, ctx.pathParams['id']);
    const next = applyProductParams(cloneJson(before), params);
    const defaultPrice = params.string('default_price');
    if (defaultPrice) {
      const price = findPrice(account, defaultPrice, 'default_price');
      if (price.product !== before.id) {
        throw StripeApiError.invalid(
          `The price \`${price.id}\` does not belong to product \`${before.id}\`.`,
          'default_price',
        );
      }
      if (!price.active) {
        throw StripeApiError.invalid('The default price must be active.', 'default_price');
      }
    }
    if (defaultPrice !== undefined) next.default_price = defaultPrice;
    if (JSON.stringify(next) !== JSON.stringify(before))
      next.updated = this.runtime.clock.nowSeconds();
    const after = account.products.replace(next);
    this.runtime.events.record(ctx, 'product.updated', after, before);
    return cloneJson(after);
  }

  private delete(ctx: StripeRequestContext): JsonObject {
    ctx.params.only([]);
    const { account } = ctx;
    const product = findProduct(account, ctx.pathParams['id']);
    if (account.prices.newestFirst().some((price) => price.product === product.id)) {
      throw StripeApiError.invalid(
        'This product cannot be deleted because it has one or more user-created prices.',
      );
    }
    account.products.delete(product.id);
    this.runtime.events.record(ctx, 'product.deleted', product);
    const deleted: DeletedObject = { id: product.id, object: 'product', deleted: true };
    return deleted;
  }

  private list(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only([...LIST_PARAMS, 'active', 'created', 'ids', 'shippable', 'url']);
    const options = readListOptions(params);
    const active = params.boolean('active');
    const created = params.rangeFilter('created');
    const ids = params.stringList('ids');
    const shippable = params.boolean('shippable');
    const url = params.presentString('url');
    const items = account.products
      .newestFirst()
      .filter((product) => active === undefined || product.active === active)
      .filter((product) => matchesRange(product.created, created))
      .filter((product) => ids === undefined || ids.includes(product.id))
      .filter((product) => shippable === undefined || product.shippable === shippable)
      .filter((product) => url === undefined || product.url === url);
    const seqOf = (id: string): number | undefined => account.products.seqOf(id);
    return cloneJson(paginate(items, options, seqOf, '/v1/products', 'product'));
  }
}

function applyProductParams(product: ProductObject, params: RequestParams): ProductObject {
  const next = { ...product };
  const active = params.boolean('active');
  if (active !== undefined) next.active = active;
  const name = params.presentString('name');
  if (name !== undefined) next.name = name;
  for (const field of ['description', 'tax_code', 'unit_label', 'url'] as const) {
    const value = params.string(field);
    if (value !== undefined) next[field] = value;
  }
  const descriptor = params.string('statement_descriptor');
  if (descriptor && descriptor.length > 22) {
    throw StripeApiError.invalid(
      'Statement descriptors can be at most 22 characters.',
      'statement_descriptor',
    );
  }
  if (descriptor !== undefined) next.statement_descriptor = descriptor;
  const images = params.stringList('images');
  if (images !== undefined) next.images = images.slice(0, 8);
  const shippable = params.string('shippable');
  if (shippable !== undefined)
    next.shippable = shippable === null ? null : (params.boolean('shippable') ?? null);
  next.metadata = applyMetadata(product.metadata, params.metadata());
  const features = params.raw('features');
  if (features === '') next.features = [];
  else if (features !== undefined) {
    if (!Array.isArray(features)) throw StripeApiError.invalid('Invalid array', 'features');
    next.features = features.map((feature, index) => {
      if (typeof feature !== 'object' || Array.isArray(feature)) {
        throw StripeApiError.invalid('Invalid object', `features[${index}]`);
      }
      const entry = new RequestParams(feature, `features[${index}]`).only(['name']);
      return { name: entry.requiredString('name') };
    });
  }
  return next;
}
