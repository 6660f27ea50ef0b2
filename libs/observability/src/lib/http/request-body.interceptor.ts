import type { ServerResponse } from 'node:http';

import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { RequestHandler } from 'express';
import { from, type Observable, switchMap } from 'rxjs';

import { isBodyParserFailure, RequestBodyError } from '../errors/request-body.error';
import { OBSERVABILITY_OPTIONS, type ObservabilityOptions } from '../observability-options';
import { requestBodyParsers, type RequestWithRawBody } from './request-body-parsers';

function runParser(
  parser: RequestHandler,
  request: RequestWithRawBody,
  response: ServerResponse,
): Promise<void> {
  return new Promise((resolve, reject) => {
    (parser as unknown as (req: unknown, res: unknown, next: (error?: unknown) => void) => void)(
      request,
      response,
      (error?: unknown) => {
        if (error === undefined || error === null) resolve();
        else
          reject(
            isBodyParserFailure(error) ? new RequestBodyError(error.type, error.status) : error,
          );
      },
    );
  });
}

/**
 * Parses the request body (JSON or form, keeping `rawBody` for webhook signatures) after the
 * guards have run: a request refused for its credentials or its rate never costs a parse, and no
 * path matching decides which requests are parsed. Handlers and pipes see `req.body` as usual.
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  private readonly parsers: RequestHandler[];

  constructor(@Inject(OBSERVABILITY_OPTIONS) options: ObservabilityOptions) {
    this.parsers = requestBodyParsers(options.bodyLimit ?? '1mb');
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<RequestWithRawBody>();
    const response = http.getResponse<ServerResponse>();
    const parsed = (async () => {
      for (const parser of this.parsers) await runParser(parser, request, response);
    })();
    return from(parsed).pipe(switchMap(() => next.handle()));
  }
}
