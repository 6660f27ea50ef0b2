/** The query is not valid Stripe search syntax, or uses what this resource cannot search. */
export class SearchQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchQueryError';
  }
}
