import { applyDecorators, Catch, type RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';

/**
 * Hands a batch handler's exception to KafkaBatchServer as it was thrown. Nest's default RPC
 * exception filter replaces an unknown error by `{ status: 'error', message: 'Internal server
 * error' }`, so the consumer could no longer classify it: a database restart's
 * `UPSTREAM_UNAVAILABLE` (retried no sooner than a second, attempts outlasting the restart) became
 * an unclassified error retried at once and dead-lettered within the restart.
 */
@Catch()
export class KeepBatchHandlerErrors implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * `@EventPattern(pattern)` for a KafkaBatchServer handler, with its exceptions passed through
 * unchanged (KeepBatchHandlerErrors) for the consumer's retry and dead-letter policy to classify.
 */
export function BatchEventPattern(pattern: string): MethodDecorator {
  return applyDecorators(EventPattern(pattern), UseFilters(new KeepBatchHandlerErrors()));
}
