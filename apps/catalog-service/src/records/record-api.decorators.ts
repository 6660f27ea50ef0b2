import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse } from '@nestjs/swagger';

import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';

/**
 * A record write (POST, PATCH or DELETE) that honours `Idempotency-Key` (IdempotencyInterceptor),
 * with its OpenAPI notes.
 */
export const IdempotentWrite = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Replays the first response for a repeated key; the same key with another body is a 422',
    }),
    ApiResponse({ status: 422, description: 'Idempotency-Key reused with a different request' }),
  );

/** OpenAPI notes of a create. */
export const ApiCreate = () =>
  ApiResponse({ status: 400, description: 'Invalid body: details.fields names every field' });

export const ApiVersionedChange = (required: boolean) =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required,
      description: 'The version from the record ETag, e.g. "3"',
    }),
    ApiResponse({ status: 412, description: 'The record is no longer at that version' }),
    ApiResponse({ status: 404, description: 'No such record in this tenant' }),
  );

export const ApiRecordAuth = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiResponse({ status: 401, description: 'Missing, invalid or revoked API key' }),
    ApiResponse({ status: 403, description: 'The key lacks the scope (read or write)' }),
  );
