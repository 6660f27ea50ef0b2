import { assertKnownField } from './where-parser';
import { WhereQueryError } from './where-query.error';

export interface OrderTerm {
  field: string;
  descending: boolean;
}

/** Parses `order=Name ASC, UpdatedDateUTC DESC`. */
export function parseOrder(
  input: string,
  typeName: string,
  knownFields: ReadonlySet<string>,
): OrderTerm[] {
  return input.split(',').map((term) => {
    const words = term.trim().split(/\s+/);
    if (words.length === 0 || words[0] === '' || words.length > 2) {
      throw new WhereQueryError(`Invalid order clause '${term.trim()}'`);
    }
    const direction = (words[1] ?? 'ASC').toUpperCase();
    if (direction !== 'ASC' && direction !== 'DESC') {
      throw new WhereQueryError(`Invalid order direction '${words[1]}'`);
    }
    return {
      field: assertKnownField(words[0], typeName, knownFields),
      descending: direction === 'DESC',
    };
  });
}
