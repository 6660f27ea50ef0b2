import { SoqlQueryError } from './soql-query.error';

export type SoqlTokenKind =
  | 'identifier'
  | 'string'
  | 'number'
  | 'date'
  | 'datetime'
  | 'operator'
  | 'comma'
  | 'colon'
  | 'lparen'
  | 'rparen'
  | 'eof';

export interface SoqlToken {
  kind: SoqlTokenKind;
  text: string;
  /** Decoded value of a string literal. */
  value?: string;
  position: number;
}

const OPERATORS = ['!=', '<>', '<=', '>=', '=', '<', '>'];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\d:T])/;
const NUMBER = /^-?\d+(\.\d+)?/;
const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
  '%': '\\%',
  _: '\\_',
};

/**
 * Splits SOQL into tokens. Strings are single-quoted with backslash escapes (`\%` and `\_`
 * stay escaped for LIKE); date and date-time literals are unquoted ISO-8601.
 */
export function tokenizeSoql(query: string): SoqlToken[] {
  const tokens: SoqlToken[] = [];
  let i = 0;
  while (i < query.length) {
    const char = query[i];
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    const start = i;
    const rest = query.slice(i);
    if (char === "'") {
      let value = '';
      i += 1;
      while (i < query.length && query[i] !== "'") {
        if (query[i] === '\\') {
          const escaped = ESCAPES[query[i + 1] ?? ''];
          if (escaped === undefined) {
            throw new SoqlQueryError('MALFORMED_QUERY', 'Invalid string literal: bad escape', i);
          }
          value += escaped;
          i += 2;
          continue;
        }
        value += query[i];
        i += 1;
      }
      if (i >= query.length) {
        throw new SoqlQueryError('MALFORMED_QUERY', 'unterminated string literal', start);
      }
      i += 1;
      tokens.push({ kind: 'string', text: query.slice(start, i), value, position: start });
      continue;
    }
    const dateTime = DATE_TIME.exec(rest) ?? undefined;
    const date = dateTime ? undefined : (DATE.exec(rest) ?? undefined);
    const number = dateTime || date ? undefined : (NUMBER.exec(rest) ?? undefined);
    const literal = dateTime ?? date ?? number;
    if (literal) {
      i += literal[0].length;
      const kind = dateTime ? 'datetime' : date ? 'date' : 'number';
      tokens.push({ kind, text: literal[0], position: start });
      continue;
    }
    const operator = OPERATORS.find((op) => query.startsWith(op, i));
    if (operator) {
      i += operator.length;
      tokens.push({ kind: 'operator', text: operator, position: start });
      continue;
    }
    const single: Record<string, SoqlTokenKind> = {
      ',': 'comma',
      ':': 'colon',
      '(': 'lparen',
      ')': 'rparen',
    };
    if (single[char]) {
      i += 1;
      tokens.push({ kind: single[char], text: char, position: start });
      continue;
    }
    if (/[A-Za-z_]/.test(char)) {
      while (i < query.length && /[A-Za-z0-9_.]/.test(query[i])) i += 1;
      tokens.push({ kind: 'identifier', text: query.slice(start, i), position: start });
      continue;
    }
    throw new SoqlQueryError('MALFORMED_QUERY', `unexpected token: '${char}'`, start);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', position: query.length });
  return tokens;
}
