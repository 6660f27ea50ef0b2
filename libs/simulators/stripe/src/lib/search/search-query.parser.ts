import { SearchQueryError } from './search-query.error';
import { SearchToken, tokenizeSearchQuery } from './search-query.tokenizer';

/** `text`: exact (`:`) and substring (`~`); `timestamp`: numeric comparisons; `metadata`: `metadata["k"]:"v"`. */
export type SearchFieldType = 'text' | 'timestamp' | 'metadata';
export type SearchFieldSchema = Readonly<Record<string, SearchFieldType>>;
export type SearchOperator = ':' | '~' | '>' | '<' | '>=' | '<=' | '=';

export interface SearchClause {
  negated: boolean;
  field: string;
  metadataKey?: string;
  operator: SearchOperator;
  value: string | number;
}

export interface SearchQuery {
  combinator: 'AND' | 'OR';
  clauses: SearchClause[];
}

export const MAX_SEARCH_CLAUSES = 10;
const MIN_SUBSTRING_LENGTH = 3;

/**
 * Recursive-descent parser for Stripe's search query language:
 *
 *   query     := clause (connector clause)*
 *   connector := "AND" | "OR" | whitespace (an implicit AND)
 *   clause    := "-"? field operator value
 *   field     := word ("[" string "]")?
 *   operator  := ":" | "~" | ">" | "<" | ">=" | "<=" | "="
 *   value     := string | "-"? number
 *
 * AND and OR cannot be mixed, there are no parentheses, and at most 10 clauses.
 */
export function parseSearchQuery(
  query: string,
  schema: SearchFieldSchema,
  resource: string,
): SearchQuery {
  return new SearchQueryParser(tokenizeSearchQuery(query), schema, resource).parse();
}

class SearchQueryParser {
  private position = 0;

  constructor(
    private readonly tokens: SearchToken[],
    private readonly schema: SearchFieldSchema,
    private readonly resource: string,
  ) {}

  parse(): SearchQuery {
    const clauses = [this.clause()];
    const connectors = new Set<'AND' | 'OR'>();
    while (this.peek().kind !== 'eof') {
      const next = this.peek();
      const keyword = next.kind === 'word' ? next.text.toUpperCase() : undefined;
      if (keyword === 'AND' || keyword === 'OR') {
        this.advance();
        connectors.add(keyword);
      } else if ((next.kind === 'word' || next.kind === 'minus') && next.spaced) {
        connectors.add('AND');
      } else {
        throw this.unexpected(next);
      }
      clauses.push(this.clause());
    }
    if (connectors.size > 1) {
      throw new SearchQueryError(
        'Combining `AND` and `OR` in the same query is not supported. Use only one of them.',
      );
    }
    if (clauses.length > MAX_SEARCH_CLAUSES) {
      throw new SearchQueryError(
        `A query may have at most ${MAX_SEARCH_CLAUSES} clauses; this one has ${clauses.length}.`,
      );
    }
    return { combinator: connectors.has('OR') ? 'OR' : 'AND', clauses };
  }

  private clause(): SearchClause {
    const negated = this.peek().kind === 'minus';
    if (negated) this.advance();
    const fieldToken = this.expect('word', 'a field name');
    const field = fieldToken.text;
    let metadataKey: string | undefined;
    if (this.peek().kind === 'lbracket') {
      this.advance();
      metadataKey = this.expect('string', 'a quoted metadata key').value;
      this.expect('rbracket', "']'");
    }
    const operator = this.expect('operator', 'an operator (:, ~, >, <, >=, <=)')
      .text as SearchOperator;
    const value = this.value();
    return this.validate({
      negated,
      field,
      operator,
      value,
      ...(metadataKey === undefined ? {} : { metadataKey }),
    });
  }

  private value(): string | number {
    const token = this.peek();
    if (token.kind === 'string') {
      this.advance();
      return token.value ?? '';
    }
    if (token.kind === 'number') {
      this.advance();
      return Number(token.text);
    }
    if (token.kind === 'minus' && this.tokens[this.position + 1]?.kind === 'number') {
      this.advance();
      return -Number(this.advance().text);
    }
    if (token.kind === 'word') {
      throw new SearchQueryError(
        `Invalid value '${token.text}' at position ${token.position}: string values must be quoted.`,
      );
    }
    throw this.unexpected(token);
  }

  private validate(clause: SearchClause): SearchClause {
    const type = this.schema[clause.field];
    if (type === undefined) {
      throw new SearchQueryError(
        `Field \`${clause.field}\` is an unsupported search field for resource \`${this.resource}\`. See https://stripe.com/docs/search#query-fields-for-${this.resource} for a list of supported fields.`,
      );
    }
    if (type === 'metadata' && clause.metadataKey === undefined) {
      throw new SearchQueryError(
        `Field \`${clause.field}\` needs a key, e.g. ${clause.field}["key"].`,
      );
    }
    if (type !== 'metadata' && clause.metadataKey !== undefined) {
      throw new SearchQueryError(`Field \`${clause.field}\` does not take a key.`);
    }
    if (type === 'timestamp') {
      if (clause.operator === '~') {
        throw new SearchQueryError(
          `Substring matching (~) is not supported for \`${clause.field}\`.`,
        );
      }
      if (typeof clause.value !== 'number' || !Number.isInteger(clause.value)) {
        throw new SearchQueryError(`Field \`${clause.field}\` takes an integer Unix timestamp.`);
      }
      return clause;
    }
    if (clause.operator !== ':' && clause.operator !== '~') {
      throw new SearchQueryError(
        `Comparison operators (${clause.operator}) are only supported for numeric fields, not \`${clause.field}\`.`,
      );
    }
    if (type === 'metadata' && clause.operator === '~') {
      throw new SearchQueryError('Substring matching (~) is not supported for metadata.');
    }
    if (typeof clause.value !== 'string') {
      throw new SearchQueryError(`Value for \`${clause.field}\` must be a quoted string.`);
    }
    if (clause.operator === '~' && clause.value.length < MIN_SUBSTRING_LENGTH) {
      throw new SearchQueryError(
        `Substring matching (~) needs at least ${MIN_SUBSTRING_LENGTH} characters; got '${clause.value}'.`,
      );
    }
    return clause;
  }

  private peek(): SearchToken {
    return this.tokens[this.position];
  }

  private advance(): SearchToken {
    const token = this.tokens[this.position];
    if (token.kind !== 'eof') this.position += 1;
    return token;
  }

  private expect(kind: SearchToken['kind'], what: string): SearchToken {
    const token = this.peek();
    if (token.kind !== kind) {
      if (token.kind === 'lparen' || token.kind === 'rparen') throw this.unexpected(token);
      throw new SearchQueryError(
        `Expected ${what} at position ${token.position}, found ${token.kind === 'eof' ? 'the end of the query' : `'${token.text}'`}.`,
      );
    }
    return this.advance();
  }

  private unexpected(token: SearchToken): SearchQueryError {
    if (token.kind === 'lparen' || token.kind === 'rparen') {
      return new SearchQueryError('Parentheses are not supported in search queries.');
    }
    return new SearchQueryError(
      `Unexpected ${token.kind === 'eof' ? 'end of query' : `'${token.text}'`} at position ${token.position}.`,
    );
  }
}
