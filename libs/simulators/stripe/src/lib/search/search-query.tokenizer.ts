import { SearchQueryError } from './search-query.error';

export type SearchTokenKind =
  | 'word'
  | 'string'
  | 'number'
  | 'operator'
  | 'minus'
  | 'lbracket'
  | 'rbracket'
  | 'lparen'
  | 'rparen'
  | 'eof';

export interface SearchToken {
  kind: SearchTokenKind;
  text: string;
  /** Decoded value of a string literal. */
  value?: string;
  position: number;
  /** Whitespace separated this token from the previous one. */
  spaced: boolean;
}

const OPERATORS = ['>=', '<=', ':', '~', '>', '<', '='];

/** Splits a Stripe search query into tokens; string literals take '...' or "..." with \ escapes. */
export function tokenizeSearchQuery(query: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  let i = 0;
  let spaced = false;
  const push = (kind: SearchTokenKind, text: string, position: number, value?: string): void => {
    tokens.push({ kind, text, position, spaced, ...(value === undefined ? {} : { value }) });
    spaced = false;
  };
  while (i < query.length) {
    const char = query[i];
    if (/\s/.test(char)) {
      spaced = true;
      i += 1;
      continue;
    }
    const start = i;
    if (char === '"' || char === "'") {
      let value = '';
      i += 1;
      while (i < query.length && query[i] !== char) {
        if (query[i] === '\\' && i + 1 < query.length) i += 1;
        value += query[i];
        i += 1;
      }
      if (i >= query.length) {
        throw new SearchQueryError(`Unterminated string starting at position ${start}.`);
      }
      i += 1;
      push('string', query.slice(start, i), start, value);
      continue;
    }
    const operator = OPERATORS.find((op) => query.startsWith(op, i));
    if (operator) {
      i += operator.length;
      push('operator', operator, start);
      continue;
    }
    const single: Record<string, SearchTokenKind> = {
      '-': 'minus',
      '[': 'lbracket',
      ']': 'rbracket',
      '(': 'lparen',
      ')': 'rparen',
    };
    if (single[char]) {
      i += 1;
      push(single[char], char, start);
      continue;
    }
    if (/\d/.test(char)) {
      while (i < query.length && /[\d.]/.test(query[i])) i += 1;
      const text = query.slice(start, i);
      if (!/^\d+(\.\d+)?$/.test(text)) throw new SearchQueryError(`Invalid number '${text}'.`);
      push('number', text, start);
      continue;
    }
    if (/[A-Za-z_]/.test(char)) {
      while (i < query.length && /[A-Za-z0-9_.]/.test(query[i])) i += 1;
      push('word', query.slice(start, i), start);
      continue;
    }
    throw new SearchQueryError(`Unexpected character '${char}' at position ${start}.`);
  }
  push('eof', '', query.length);
  return tokens;
}
