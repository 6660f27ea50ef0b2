import { ValidationError, ValidationErrorCode } from '@concord/errors';
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, from, lastValueFrom, type Observable } from 'rxjs';

import type { AuthenticatedRequest } from '../auth/principal';
import { describeRecordResponse } from '../records/record-response';
import {
  type IdempotencyClaim,
  idempotencyRequestHash,
  writingWithClaim,
} from './idempotency-claim';
import { IdempotencyKeys } from './idempotency-keys.repository';

/** Printable ASCII without spaces, as Stripe accepts; long enough for a UUID or a hash. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function invalidKey(): ValidationError {
  return new ValidationError(ValidationErrorCode.INVALID_INPUT, 'Invalid Idempotency-Key', [
    { field: 'Idempotency-Key', message: 'must be 1 to 255 printable characters' },
  ]);
}

function keyReused(key: string): ValidationError {
  return new ValidationError(
    ValidationErrorCode.UNPROCESSABLE,
    `Idempotency-Key "${key}" was already used for a different request`,
    [{ field: 'Idempotency-Key', message: 'was already used with another method, path or body' }],
  );
}

/**
 * `Idempotency-Key` for every record write (POST, PATCH and DELETE alike). Without the header the
 * handler simply runs. With it, the handler runs as the write of a claim: the record writer puts
 * the key row, with the response, in the very statement that writes the change, so the key and
 * the change commit together or not at all and a success costs no extra round trip. Only when the
 * handler fails (the key's primary key taken by an earlier request, a 412 because the earlier
 * request moved the version, ...) is the key's row read: the same request replays the stored
 * response (`Idempotent-Replayed: true`), another request with the key is a 422, and with no row
 * the handler's own error stands. A failed request stores nothing, so its key can be used again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly keys: IdempotencyKeys) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & AuthenticatedRequest>();
    const key = request.headers['idempotency-key'];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) throw invalidKey();
    const principal = request.principal;
    if (principal?.kind !== 'api-key') return next.handle();
    const claim: IdempotencyClaim = {
      tenantId: principal.tenantId,
      key,
      method: request.method,
      path: request.path,
      requestHash: idempotencyRequestHash(request.method, request.path, request.body),
      status: request.method === 'POST' ? 201 : 200,
    };
    const response = http.getResponse<Response>();
    return from(writingWithClaim(claim, () => lastValueFrom(next.handle()))).pipe(
      catchError((error: unknown) => from(this.replay(claim, response, error))),
    );
  }

  private async replay(
    claim: IdempotencyClaim,
    response: Response,
    error: unknown,
  ): Promise<unknown> {
    const stored = await this.keys.find(claim.tenantId, claim.key);
    if (!stored) throw error;
    if (stored.requestHash !== claim.requestHash || stored.responseStatus === null) {
      throw keyReused(claim.key);
    }
    describeRecordResponse(
      response,
      stored.responseBody as { version: number },
      stored.responseStatus,
      true,
    );
    return stored.responseBody;
  }
}
