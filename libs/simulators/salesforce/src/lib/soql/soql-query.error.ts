/**
 * A SOQL query Salesforce would refuse. `errorCode` is MALFORMED_QUERY for syntax, INVALID_TYPE
 * or INVALID_FIELD for names and types; the message points at the offending column as
 * Salesforce's does.
 */
export class SoqlQueryError extends Error {
  constructor(
    readonly errorCode:
      'MALFORMED_QUERY' | 'INVALID_TYPE' | 'INVALID_FIELD' | 'INVALID_QUERY_FILTER_OPERATOR',
    readonly reason: string,
    /** 0-based offset in the query, when known. */
    readonly position?: number,
  ) {
    super(reason);
    this.name = 'SoqlQueryError';
  }

  /** `<query>\n<caret>\nERROR at Row:1:Column:N\n<reason>`, the platform's format. */
  render(query: string): string {
    if (this.position === undefined) return this.reason;
    const flat = query.replace(/\s/g, ' ');
    return `${flat}\n${' '.repeat(this.position)}^\nERROR at Row:1:Column:${this.position + 1}\n${this.reason}`;
  }
}
