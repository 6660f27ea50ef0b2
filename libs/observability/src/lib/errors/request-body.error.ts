/** What body-parser (through http-errors) throws: a status, and a `type` naming the failure. */
export interface BodyParserFailure {
  status: number;
  type: string;
}

export function isBodyParserFailure(value: unknown): value is BodyParserFailure {
  if (typeof value !== 'object' || value === null || !('type' in value) || !('status' in value))
    return false;
  return typeof value.type === 'string' && typeof value.status === 'number';
}

/**
 * A request body body-parser refused. It replaces the parser's own error because Nest turns a
 * parser SyntaxError into a BadRequestException whose message quotes the body.
 */
export class RequestBodyError extends Error implements BodyParserFailure {
  constructor(
    readonly type: string,
    readonly status: number,
  ) {
    super(`request body rejected (${type})`);
    this.name = 'RequestBodyError';
  }
}
