export type StripeErrorType = 'api_error' | 'idempotency_error' | 'invalid_request_error';

export type StripeErrorBody = {
  error: {
    type: StripeErrorType;
    message: string;
    code?: string;
    param?: string;
    doc_url?: string;
  };
};

/**
 * An error answered in Stripe's own shape. `stored` says whether the idempotency layer keeps it
 * as the key's result: Stripe saves nothing when parameters fail validation (400) or a request
 * collides with a concurrent one (409), and saves the result once execution started.
 */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'StripeApiError';
  }

  get stored(): boolean {
    return this.status !== 400 && this.status !== 409 && this.status !== 429;
  }

  toBody(): StripeErrorBody {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code, doc_url: docUrl(this.code) } : {}),
        ...(this.param ? { param: this.param } : {}),
      },
    };
  }

  static invalid(message: string, param?: string, code?: string): StripeApiError {
    return new StripeApiError(400, 'invalid_request_error', message, code, param);
  }

  static parameterMissing(param: string): StripeApiError {
    return StripeApiError.invalid(`Missing required param: ${param}.`, param, 'parameter_missing');
  }

  static parameterUnknown(param: string): StripeApiError {
    return StripeApiError.invalid(
      `Received unknown parameter: ${param}`,
      param,
      'parameter_unknown',
    );
  }

  static parameterInvalidEmpty(param: string): StripeApiError {
    return StripeApiError.invalid(
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
      param,
      'parameter_invalid_empty',
    );
  }

  /** A missing top-level object is a 404 on `id`; a missing referenced object is a 400. */
  static resourceMissing(resource: string, id: string, param = 'id'): StripeApiError {
    return new StripeApiError(
      param === 'id' ? 404 : 400,
      'invalid_request_error',
      `No such ${resource}: '${id}'`,
      'resource_missing',
      param,
    );
  }

  static unrecognizedUrl(method: string, path: string): StripeApiError {
    return new StripeApiError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    );
  }

  static rateLimited(retryAfterSeconds?: number): StripeApiError {
    return new StripeApiError(
      429,
      'invalid_request_error',
      'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
      'rate_limit',
      undefined,
      retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
    );
  }

  static apiError(status = 500): StripeApiError {
    return new StripeApiError(
      status,
      'api_error',
      'An unknown error occurred while processing this request. Please retry it.',
      undefined,
      undefined,
      { 'stripe-should-retry': 'true' },
    );
  }
}

function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
}
