import { parseSalesforceDate, parseSalesforceDateTime } from '../ids/salesforce-datetime';
import {
  SoqlComparison,
  SoqlCondition,
  SoqlFieldRef,
  SoqlOrderBy,
  SoqlQuery,
  SoqlValue,
} from './soql.ast';
import { SoqlToken, tokenizeSoql } from './soql.tokenizer';
import { SoqlQueryError } from './soql-query.error';

/** Date literals the simulator resolves; `_N_` ones take `:n`. */
export const DATE_LITERALS = ['TODAY', 'YESTERDAY', 'TOMORROW', 'LAST_N_DAYS', 'NEXT_N_DAYS'];
const VALUE_TOKENS = new Set<SoqlToken['kind']>([
  'string',
  'number',
  'date',
  'datetime',
  'identifier',
]);
const KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'NULLS',
  'FIRST',
  'LAST',
  'LIMIT',
  'OFFSET',
  'TRUE',
  'FALSE',
  'NULL',
  'COUNT',
  'GROUP',
  'HAVING',
  'FOR',
  'WITH',
  'USING',
  'TYPEOF',
  'INCLUDES',
  'EXCLUDES',
]);

/**
 * Recursive-descent parser for the SOQL subset the simulator serves:
 *
 *   query      := SELECT selectList FROM name [WHERE condition]
 *                 [ORDER BY order ("," order)*] [LIMIT int] [OFFSET int]
 *   selectList := COUNT "(" ")" | field ("," field)*
 *   field      := name | relationship "." name
 *   condition  := simple (AND simple)* | simple (OR simple)*   (mixing needs parentheses)
 *   simple     := NOT simple | "(" condition ")" | field op value
 *               | field [NOT] IN "(" value ("," value)* ")" | field LIKE string
 *   value      := string | number | TRUE | FALSE | NULL | date | datetime | dateLiteral[":" int]
 *   order      := field [ASC | DESC] [NULLS (FIRST | LAST)]
 *
 * Anything else (subqueries, GROUP BY, aggregates other than COUNT(), FIELDS(), ...) is a
 * MALFORMED_QUERY naming the unexpected token.
 */
export function parseSoql(query: string): SoqlQuery {
  return new SoqlParser(tokenizeSoql(query)).parse();
}

class SoqlParser {
  private position = 0;

  constructor(private readonly tokens: SoqlToken[]) {}

  parse(): SoqlQuery {
    this.keyword('SELECT');
    const select = this.selectList();
    this.keyword('FROM');
    const fromToken = this.identifier();
    const query: SoqlQuery = {
      select,
      from: { name: fromToken.text, position: fromToken.position },
      orderBy: [],
    };
    if (this.acceptKeyword('WHERE')) query.where = this.condition();
    if (this.acceptKeyword('ORDER')) {
      this.keyword('BY');
      query.orderBy = this.orderList();
    }
    if (this.acceptKeyword('LIMIT')) query.limit = this.integer();
    if (this.acceptKeyword('OFFSET')) query.offset = this.integer();
    if (this.peek().kind !== 'eof') throw this.unexpected();
    return query;
  }

  private selectList(): SoqlFieldRef[] | 'count' {
    if (this.isKeyword('COUNT') && this.tokens[this.position + 1]?.kind === 'lparen') {
      this.next();
      this.expect('lparen');
      this.expect('rparen');
      return 'count';
    }
    const fields = [this.field()];
    while (this.peek().kind === 'comma') {
      this.next();
      fields.push(this.field());
    }
    return fields;
  }

  private field(): SoqlFieldRef {
    const token = this.identifier();
    if (this.peek().kind === 'lparen') throw this.unexpected();
    const path = token.text.split('.');
    if (path.some((part) => part === '')) {
      throw new SoqlQueryError(
        'MALFORMED_QUERY',
        `unexpected token: '${token.text}'`,
        token.position,
      );
    }
    if (path.length > 2) {
      throw new SoqlQueryError(
        'MALFORMED_QUERY',
        `relationship paths deeper than one level are not supported by the simulator: '${token.text}'`,
        token.position,
      );
    }
    return { path, position: token.position };
  }

  private condition(): SoqlCondition {
    const first = this.simple();
    const connector = this.isKeyword('AND') ? 'AND' : this.isKeyword('OR') ? 'OR' : undefined;
    if (!connector) return first;
    const operands = [first];
    while (this.acceptKeyword(connector)) operands.push(this.simple());
    if (this.isKeyword('AND') || this.isKeyword('OR')) throw this.unexpected();
    return { kind: connector === 'AND' ? 'and' : 'or', operands };
  }

  private simple(): SoqlCondition {
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.simple() };
    if (this.peek().kind === 'lparen') {
      this.next();
      const inner = this.condition();
      this.expect('rparen');
      return inner;
    }
    const field = this.field();
    const token = this.peek();
    if (token.kind === 'operator') {
      this.next();
      const operator = (token.text === '<>' ? '!=' : token.text) as SoqlComparison;
      return { kind: 'compare', field, operator, value: this.value(), position: token.position };
    }
    const negated = this.isKeyword('NOT');
    if (negated) this.next();
    if (this.acceptKeyword('IN')) {
      this.expect('lparen');
      const values = [this.value()];
      while (this.peek().kind === 'comma') {
        this.next();
        values.push(this.value());
      }
      this.expect('rparen');
      return { kind: 'in', field, negated, values, position: token.position };
    }
    if (!negated && this.acceptKeyword('LIKE')) {
      const pattern = this.peek();
      if (pattern.kind !== 'string') throw this.unexpected();
      this.next();
      return { kind: 'like', field, pattern: pattern.value ?? '', position: token.position };
    }
    throw this.unexpected();
  }

  private value(): SoqlValue {
    if (!VALUE_TOKENS.has(this.peek().kind)) throw this.unexpected();
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value ?? '' };
      case 'number':
        return { kind: 'number', value: Number(token.text) };
      case 'date': {
        const ms = parseSalesforceDate(token.text);
        if (ms === undefined) throw this.invalidLiteral(token);
        return { kind: 'date', ms };
      }
      case 'datetime': {
        const ms = parseSalesforceDateTime(token.text);
        if (ms === undefined) throw this.invalidLiteral(token);
        return { kind: 'datetime', ms };
      }
      default:
        return this.namedValue(token);
    }
  }

  private namedValue(token: SoqlToken): SoqlValue {
    const name = token.text.toUpperCase();
    if (name === 'TRUE' || name === 'FALSE') return { kind: 'boolean', value: name === 'TRUE' };
    if (name === 'NULL') return { kind: 'null' };
    if (!DATE_LITERALS.includes(name)) {
      this.position -= 1;
      throw this.unexpected();
    }
    if (!name.includes('_N_')) return { kind: 'dateLiteral', name };
    this.expect('colon');
    return { kind: 'dateLiteral', name, n: this.integer() };
  }

  private orderList(): SoqlOrderBy[] {
    const list: SoqlOrderBy[] = [];
    do {
      if (list.length > 0) this.next();
      const field = this.field();
      const descending = this.acceptKeyword('DESC');
      if (!descending) this.acceptKeyword('ASC');
      let nullsLast = descending;
      if (this.acceptKeyword('NULLS')) {
        if (this.acceptKeyword('LAST')) nullsLast = true;
        else {
          this.keyword('FIRST');
          nullsLast = false;
        }
      }
      list.push({ field, descending, nullsLast });
    } while (this.peek().kind === 'comma');
    return list;
  }

  private integer(): number {
    const token = this.peek();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) throw this.unexpected();
    this.next();
    return Number(token.text);
  }

  private identifier(): SoqlToken {
    const token = this.peek();
    if (token.kind !== 'identifier' || KEYWORDS.has(token.text.toUpperCase())) {
      throw this.unexpected();
    }
    return this.next();
  }

  private keyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.unexpected();
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.next();
    return true;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'identifier' && token.text.toUpperCase() === word;
  }

  private expect(kind: SoqlToken['kind']): SoqlToken {
    if (this.peek().kind !== kind) throw this.unexpected();
    return this.next();
  }

  private peek(): SoqlToken {
    return this.tokens[this.position];
  }

  private next(): SoqlToken {
    const token = this.tokens[this.position];
    if (token.kind !== 'eof') this.position += 1;
    return token;
  }

  private unexpected(): SoqlQueryError {
    const token = this.peek();
    return new SoqlQueryError(
      'MALFORMED_QUERY',
      `unexpected token: ${token.kind === 'eof' ? '<EOF>' : `'${token.text}'`}`,
      token.position,
    );
  }

  private invalidLiteral(token: SoqlToken): SoqlQueryError {
    return new SoqlQueryError(
      'MALFORMED_QUERY',
      `invalid date literal: ${token.text}`,
      token.position,
    );
  }
}
