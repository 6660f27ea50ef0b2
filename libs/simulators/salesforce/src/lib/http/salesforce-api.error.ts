/** One entry of Salesforce's error array, as REST answers it. */
export interface SalesforceErrorEntry {
  message: string;
  errorCode: string;
  fields?: string[];
}

/**
 * A failed REST call, rendered as Salesforce does: a JSON array with one `{message, errorCode}`
 * (and `fields` for record errors).
 */
export class SalesforceApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SalesforceApiError';
  }

  toBody(): SalesforceErrorEntry[] {
    return [
      {
        message: this.message,
        errorCode: this.errorCode,
        ...(this.fields === undefined ? {} : { fields: this.fields }),
      },
    ];
  }

  static notFound(message = 'The requested resource does not exist'): SalesforceApiError {
    return new SalesforceApiError(404, 'NOT_FOUND', message);
  }

  static invalidSession(): SalesforceApiError {
    return new SalesforceApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
  }

  static badRequest(errorCode: string, message: string, fields?: string[]): SalesforceApiError {
    return new SalesforceApiError(400, errorCode, message, fields);
  }

  static malformedQuery(message: string): SalesforceApiError {
    return new SalesforceApiError(400, 'MALFORMED_QUERY', message);
  }

  static methodNotAllowed(method: string, allowed: string[]): SalesforceApiError {
    return new SalesforceApiError(
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(',')}`,
    );
  }
}

/**
 * A record-level failure (validation, duplicates, missing references). Single-record calls
 * answer it as a 400 error array; collections put it in the record's result as `statusCode`.
 */
export class DmlError extends Error {
  constructor(
    readonly statusCode: string,
    message: string,
    readonly fields: string[] = [],
    /** Single-record calls answer 404 for these (a missing record), 400 otherwise. */
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = 'DmlError';
  }

  toApiError(): SalesforceApiError {
    // A missing record answers without `fields`, as Salesforce's NOT_FOUND does.
    const fields = this.httpStatus === 404 && this.fields.length === 0 ? undefined : this.fields;
    return new SalesforceApiError(this.httpStatus, this.statusCode, this.message, fields);
  }

  toResultError(): { statusCode: string; message: string; fields: string[] } {
    return { statusCode: this.statusCode, message: this.message, fields: this.fields };
  }
}
