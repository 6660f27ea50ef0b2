import { ComparisonOperator, StringMethod, WhereLiteral, WhereNode } from './where-ast';
import { WhereQueryError } from './where-query.error';
import { tokenizeWhere, WhereToken, WhereTokenKind } from './where-tokenizer';

const METHODS: readonly StringMethod[] = ['Contains', 'StartsWith', 'EndsWith'];

/**
 * Parses the supported subset of Xero's `where` filter:
 *
 *   expr    := and (('OR' | '||') and)*
 *   and     := unary (('AND' | '&&') unary)*
 *   unary   := ('NOT' | '!') unary | '(' expr ')' | test
 *   test    := Field op literal | Field '.' (Contains|StartsWith|EndsWith) '(' string ')'
 *   literal := string | number | true | false | null | DateTime(y,m,d[,h,m,s]) | Guid("…")
 *
 * `knownFields` are the resource's queryable fields (dotted for nested ones); anything else is
 * refused with Xero's message.
 */
export function parseWhere(
  input: string,
  typeName: string,
  knownFields: ReadonlySet<string>,
): WhereNode {
  const parser = new WhereParser(tokenizeWhere(input), typeName, knownFields);
  const node = parser.expression();
  parser.expect('end', 'end of the expression');
  return node;
}

/** Checks a field name the way `where` and `order` both do. */
export function assertKnownField(
  field: string,
  typeName: string,
  knownFields: ReadonlySet<string>,
): string {
  const canonical = [...knownFields].find((known) => known.toLowerCase() === field.toLowerCase());
  if (!canonical)
    throw new WhereQueryError(`No property or field '${field}' exists in type '${typeName}'`);
  return canonical;
}

class WhereParser {
  private index = 0;

  constructor(
    private readonly tokens: WhereToken[],
    private readonly typeName: string,
    private readonly knownFields: ReadonlySet<string>,
  ) {}

  expression(): WhereNode {
    let node = this.conjunction();
    while (this.peek().kind === 'or') {
      this.index += 1;
      node = { kind: 'or', left: node, right: this.conjunction() };
    }
    return node;
  }

  expect(kind: WhereTokenKind, what: string): WhereToken {
    const token = this.peek();
    if (token.kind !== kind) {
      throw new WhereQueryError(
        `Expected ${what} at position ${token.position}, found '${token.text || 'end'}'`,
      );
    }
    this.index += 1;
    return token;
  }

  private conjunction(): WhereNode {
    let node = this.unary();
    while (this.peek().kind === 'and') {
      this.index += 1;
      node = { kind: 'and', left: node, right: this.unary() };
    }
    return node;
  }

  private unary(): WhereNode {
    const token = this.peek();
    if (token.kind === 'not') {
      this.index += 1;
      return { kind: 'not', operand: this.unary() };
    }
    if (token.kind === 'lparen') {
      this.index += 1;
      const node = this.expression();
      this.expect('rparen', "')'");
      return node;
    }
    return this.test();
  }

  private test(): WhereNode {
    const identifier = this.expect('identifier', 'a field name').text;
    if (this.peek().kind === 'lparen') {
      const dot = identifier.lastIndexOf('.');
      const method = identifier.slice(dot + 1);
      if (dot < 0 || !METHODS.includes(method as StringMethod)) {
        throw new WhereQueryError(`The method '${method}' is not supported in a where clause`);
      }
      const field = assertKnownField(identifier.slice(0, dot), this.typeName, this.knownFields);
      this.expect('lparen', "'('");
      const argument = this.expect('string', 'a string argument').text;
      this.expect('rparen', "')'");
      return { kind: 'method', field, method: method as StringMethod, argument };
    }
    const field = assertKnownField(identifier, this.typeName, this.knownFields);
    const operator = this.expect('operator', 'a comparison operator').text as ComparisonOperator;
    return { kind: 'compare', field, operator, value: this.literal() };
  }

  private literal(): WhereLiteral {
    const token = this.peek();
    this.index += 1;
    if (token.kind === 'string') return { kind: 'string', value: token.text };
    if (token.kind === 'number') return { kind: 'number', value: Number(token.text) };
    if (token.kind === 'identifier') {
      const word = token.text.toLowerCase();
      if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
      if (word === 'null') return { kind: 'null' };
      if (token.text === 'DateTime') return this.dateTime();
      if (token.text === 'Guid') {
        this.expect('lparen', "'('");
        const value = this.expect('string', 'a GUID string').text;
        this.expect('rparen', "')'");
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
          throw new WhereQueryError(`'${value}' is not a valid Guid`);
        }
        return { kind: 'guid', value: value.toLowerCase() };
      }
    }
    throw new WhereQueryError(
      `Expected a value at position ${token.position}, found '${token.text || 'end'}'`,
    );
  }

  private dateTime(): WhereLiteral {
    this.expect('lparen', "'('");
    const parts: number[] = [Number(this.expect('number', 'a year').text)];
    while (this.peek().kind === 'comma') {
      this.index += 1;
      parts.push(Number(this.expect('number', 'a date part').text));
    }
    this.expect('rparen', "')'");
    if (parts.length !== 3 && parts.length !== 6) {
      throw new WhereQueryError('DateTime takes (year, month, day) or (year, month, day, h, m, s)');
    }
    const [year, month, day, hour = 0, minute = 0, second = 0] = parts;
    const epochMs = Date.UTC(year, month - 1, day, hour, minute, second);
    const check = new Date(epochMs);
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
      throw new WhereQueryError(`DateTime(${parts.join(',')}) is not a valid date`);
    }
    return { kind: 'date', epochMs };
  }

  private peek(): WhereToken {
    return this.tokens[this.index];
  }
}
