/** One field the API refused, as catalog-service names it in `error.details.fields`. */
export interface FieldProblem {
  field: string;
  message: string;
}

interface ErrorBody {
  error?: {
    code?: string;
    category?: string;
    message?: string;
    details?: { fields?: FieldProblem[] } & Record<string, unknown>;
  };
}

/** A non-2xx answer from catalog-service, in the API's error shape. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldProblem[];

  constructor(status: number, body: unknown) {
    const error = (body as ErrorBody | null)?.error;
    super(error?.message ?? `The server answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = error?.code ?? 'UNKNOWN';
    this.fields = Array.isArray(error?.details?.fields) ? error.details.fields : [];
  }

  /** The problem the API named for `field` (or for one of its sub-fields). */
  fieldMessage(field: string): string | undefined {
    const hit = this.fields.find((f) => f.field === field || f.field.startsWith(`${field}.`));
    return hit?.message;
  }
}

/** What an operator should read for an error: the API's words, or a plain fallback. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'This API key is not valid any more. Sign in again.';
    if (error.status === 403) return 'This API key is not allowed to do that.';
    return error.message;
  }
  if (error instanceof TypeError) return 'Concord could not be reached. Check your connection.';
  return error instanceof Error ? error.message : 'Something went wrong.';
}
