import { WhereQueryError } from './where-query.error';

export type WhereTokenKind =
  | 'identifier'
  | 'string'
  | 'number'
  | 'operator'
  | 'and'
  | 'or'
  | 'not'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'end';

export interface WhereToken {
  kind: WhereTokenKind;
  text: string;
  position: number;
}

const OPERATORS = ['==', '!=', '>=', '<=', '&&', '||', '>', '<', '=', '!'];
const KEYWORDS: Record<string, WhereTokenKind> = { AND: 'and', OR: 'or', NOT: 'not' };

/** Splits a Xero `where` clause (a C#-like filter) into tokens. */
export function tokenizeWhere(input: string): WhereToken[] {
  const tokens: WhereToken[] = [];
  let i = 0;
  while (i < input.length) {
    const char = input[i];
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === '"') {
      i = readString(input, i, tokens);
    } else if (/[0-9]/.test(char) || (char === '-' && /[0-9]/.test(input[i + 1] ?? ''))) {
      const match = /^-?\d+(\.\d+)?/.exec(input.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: match[0], position: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(
        input.slice(i),
      ) as RegExpExecArray;
      const upper = match[0].toUpperCase();
      tokens.push({ kind: KEYWORDS[upper] ?? 'identifier', text: match[0], position: i });
      i += match[0].length;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({
        kind: char === '(' ? 'lparen' : char === ')' ? 'rparen' : 'comma',
        text: char,
        position: i,
      });
      i += 1;
    } else {
      const operator = OPERATORS.find((candidate) => input.startsWith(candidate, i));
      if (!operator) throw new WhereQueryError(`Unexpected character '${char}' at ${i}`);
      const kind: WhereTokenKind =
        operator === '&&'
          ? 'and'
          : operator === '||'
            ? 'or'
            : operator === '!'
              ? 'not'
              : 'operator';
      tokens.push({ kind, text: operator === '=' ? '==' : operator, position: i });
      i += operator.length;
    }
  }
  tokens.push({ kind: 'end', text: '', position: input.length });
  return tokens;
}

function readString(input: string, start: number, tokens: WhereToken[]): number {
  let i = start + 1;
  let text = '';
  while (i < input.length && input[i] !== '"') {
    if (input[i] === '\\' && i + 1 < input.length) i += 1;
    text += input[i];
    i += 1;
  }
  if (i >= input.length) throw new WhereQueryError(`Unterminated string literal at ${start}`);
  tokens.push({ kind: 'string', text, position: start });
  return i + 1;
}
