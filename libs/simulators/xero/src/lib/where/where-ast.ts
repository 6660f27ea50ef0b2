/** A literal on the right of a comparison or inside a method call. */
export type WhereLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; epochMs: number }
  | { kind: 'guid'; value: string };

export type ComparisonOperator = '==' | '!=' | '>' | '>=' | '<' | '<=';
export type StringMethod = 'Contains' | 'StartsWith' | 'EndsWith';

export type WhereNode =
  | { kind: 'and' | 'or'; left: WhereNode; right: WhereNode }
  | { kind: 'not'; operand: WhereNode }
  | { kind: 'compare'; field: string; operator: ComparisonOperator; value: WhereLiteral }
  | { kind: 'method'; field: string; method: StringMethod; argument: string };
