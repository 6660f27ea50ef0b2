/** A failure answered in Xero's own shape (the accounting API's `Error`, or the identity problem). */
export class XeroApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body['Message'] === 'string' ? body['Message'] : `Xero error ${status}`);
    this.name = 'XeroApiError';
  }

  /** `ErrorNumber: 10` with the failing records, each carrying its `ValidationErrors`. */
  static validation(elements: Record<string, unknown>[]): XeroApiError {
    return new XeroApiError(400, {
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
      Elements: elements,
    });
  }

  /** A request-level validation failure with no record to attach it to. */
  static invalidRequest(message: string): XeroApiError {
    return new XeroApiError(400, {
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: message,
      Elements: [{ ValidationErrors: [{ Message: message }] }],
    });
  }

  /** What Xero answers to a `where` or `order` it cannot parse. */
  static queryParse(message: string): XeroApiError {
    return new XeroApiError(400, {
      ErrorNumber: 16,
      Type: 'QueryParseException',
      Message: message,
    });
  }

  static notFound(): XeroApiError {
    return new XeroApiError(404, {
      Title: 'Resource Not Found',
      Detail: "The resource you're looking for cannot be found",
      Status: 404,
    });
  }

  /** The identity problem details Xero answers for a missing, unknown or expired token. */
  static unauthorized(detail: string, instance: string): XeroApiError {
    return new XeroApiError(
      401,
      {
        Type: null,
        Title: 'Unauthorized',
        Status: 401,
        Detail: detail,
        Instance: instance,
        Extensions: {},
      },
      { 'www-authenticate': `Bearer error="invalid_token"` },
    );
  }

  static forbidden(detail: string, instance: string): XeroApiError {
    return new XeroApiError(403, {
      Type: null,
      Title: 'Forbidden',
      Status: 403,
      Detail: detail,
      Instance: instance,
      Extensions: {},
    });
  }

  static rateLimited(
    problem: 'minute' | 'daily' | 'concurrent' | 'appminute',
    retryAfterSeconds: number,
  ): XeroApiError {
    return new XeroApiError(
      429,
      {
        Title: 'Too Many Requests',
        Status: 429,
        Detail: `You have exceeded the ${problem} rate limit`,
      },
      { 'retry-after': String(retryAfterSeconds), 'x-rate-limit-problem': problem },
    );
  }

  static serverError(status: number): XeroApiError {
    return new XeroApiError(status, {
      ErrorNumber: 500,
      Type: 'InternalServerError',
      Message:
        'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.',
    });
  }

  static methodNotAllowed(method: string, path: string): XeroApiError {
    return new XeroApiError(405, {
      ErrorNumber: 405,
      Type: 'MethodNotAllowedException',
      Message: `The ${method} method is not supported for ${path}`,
    });
  }
}
