import { JsonObject, JsonValue } from '../http/json-value';
import { SearchClause, SearchQuery } from './search-query.parser';

/** Whether one object (as the API renders it) matches a parsed query. */
export function matchesSearchQuery(document: JsonObject, query: SearchQuery): boolean {
  const results = query.clauses.map((clause) => matchesClause(document, clause) !== clause.negated);
  return query.combinator === 'AND' ? results.every(Boolean) : results.some(Boolean);
}

function matchesClause(document: JsonObject, clause: SearchClause): boolean {
  const actual = fieldValue(document, clause);
  if (typeof clause.value === 'number') {
    if (typeof actual !== 'number') return false;
    switch (clause.operator) {
      case '>':
        return actual > clause.value;
      case '<':
        return actual < clause.value;
      case '>=':
        return actual >= clause.value;
      case '<=':
        return actual <= clause.value;
      default:
        return actual === clause.value;
    }
  }
  if (typeof actual !== 'string') return false;
  // Stripe matches string values case-insensitively.
  const haystack = actual.toLowerCase();
  const needle = clause.value.toLowerCase();
  return clause.operator === '~' ? haystack.includes(needle) : haystack === needle;
}

function fieldValue(document: JsonObject, clause: SearchClause): JsonValue | undefined {
  const value = document[clause.field];
  if (clause.metadataKey === undefined) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return value[clause.metadataKey];
}
