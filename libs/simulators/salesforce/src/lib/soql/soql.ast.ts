/** A field reference: `Name`, or one relationship level deep, `Account.Name`. */
export interface SoqlFieldRef {
  path: string[];
  position: number;
}

export type SoqlValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; ms: number }
  | { kind: 'datetime'; ms: number }
  /** TODAY, LAST_N_DAYS:n, ...: a range of days resolved on the simulation clock. */
  | { kind: 'dateLiteral'; name: string; n?: number };

export type SoqlComparison = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type SoqlCondition =
  | { kind: 'and' | 'or'; operands: SoqlCondition[] }
  | { kind: 'not'; operand: SoqlCondition }
  | {
      kind: 'compare';
      field: SoqlFieldRef;
      operator: SoqlComparison;
      value: SoqlValue;
      position: number;
    }
  | { kind: 'in'; field: SoqlFieldRef; negated: boolean; values: SoqlValue[]; position: number }
  | { kind: 'like'; field: SoqlFieldRef; pattern: string; position: number };

export interface SoqlOrderBy {
  field: SoqlFieldRef;
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  /** `count` for `SELECT COUNT()`. */
  select: SoqlFieldRef[] | 'count';
  from: { name: string; position: number };
  where?: SoqlCondition;
  orderBy: SoqlOrderBy[];
  limit?: number;
  offset?: number;
}
