import { JsonObject } from '../../http/json-value';
import { StripeApiError } from '../../http/stripe-api.error';
import { StripeRequestContext } from '../../http/stripe-route';
import { SearchQueryError } from '../../search/search-query.error';
import { matchesSearchQuery } from '../../search/search-query.evaluator';
import { parseSearchQuery, SearchFieldSchema } from '../../search/search-query.parser';
import { StripeRuntime } from '../../stripe-runtime';

export const CUSTOMER_SEARCH_FIELDS: SearchFieldSchema = {
  created: 'timestamp',
  email: 'text',
  metadata: 'metadata',
  name: 'text',
  phone: 'text',
};

/**
 * `GET /v1/customers/search`: the query language over what the (lagging) index shows, newest
 * first, paged with an opaque `page` token.
 */
export function searchCustomers(ctx: StripeRequestContext, runtime: StripeRuntime): JsonObject {
  const { params, account } = ctx;
  params.only(['query', 'limit', 'page', 'expand']);
  const rawQuery = params.requiredString('query');
  const limit = params.presentInteger('limit', { min: 1, max: 100 }) ?? 10;
  const page = params.presentString('page');
  let query;
  try {
    query = parseSearchQuery(rawQuery, CUSTOMER_SEARCH_FIELDS, 'customers');
  } catch (error) {
    if (error instanceof SearchQueryError) throw StripeApiError.invalid(error.message, 'query');
    throw error;
  }
  const afterSeq = page === undefined ? undefined : decodePage(page);
  const asOf = runtime.clock.now() - runtime.searchLagMs();
  const allMatches = account.customerSearch
    .visibleAt(asOf)
    .filter((entry) => matchesSearchQuery(entry.document, query));
  const matches = allMatches.filter((entry) => afterSeq === undefined || entry.seq < afterSeq);
  const data = matches.slice(0, limit);
  const hasMore = matches.length > limit;
  const wantsTotal = ctx.expand.includes('total_count');
  // total_count is the search result's own expansion; the generic expander must not see it.
  ctx.expand = ctx.expand.filter((path) => path !== 'total_count');
  return {
    object: 'search_result',
    data: data.map((entry) => entry.document),
    has_more: hasMore,
    next_page: hasMore ? encodePage(data[data.length - 1].seq) : null,
    url: '/v1/customers/search',
    ...(wantsTotal ? { total_count: allMatches.length } : {}),
  };
}

function encodePage(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

function decodePage(page: string): number {
  const match = /^seq:(\d+)$/.exec(Buffer.from(page, 'base64url').toString('utf8'));
  if (!match) throw StripeApiError.invalid(`Invalid page: ${page}`, 'page');
  return Number(match[1]);
}
