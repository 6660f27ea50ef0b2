import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { openApiNullableToJsonSchema } from '@concord/testing';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The repository's copies of Xero's specs (`specs/xero/`; see `specs/README.md`). */
export const XERO_ACCOUNTING_SPEC_PATH = resolve(
  __dirname,
  '../../../..',
  'specs/xero/xero_accounting.yaml',
);
export const XERO_WEBHOOKS_SPEC_PATH = resolve(
  __dirname,
  '../../../..',
  'specs/xero/xero-webhooks.yaml',
);
const ACCOUNTING_ID = 'xero-accounting';
const WEBHOOKS_ID = 'xero-webhooks';

type SchemaNode = Record<string, unknown>;
interface Operation {
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
}

/**
 * Validates response bodies against the response schema of an operation in Xero's accounting
 * OpenAPI 3.0 document, and webhook bodies against the webhooks document's `WebhookEvent`.
 * OpenAPI's `nullable: true` becomes JSON Schema's `null` type; a response given by `$ref` to
 * `components.responses` is followed.
 */
export class XeroSpecValidator {
  private readonly ajv: Ajv;
  private readonly paths: Record<string, Record<string, Operation>>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    const accounting = openApiNullableToJsonSchema(
      parse(readFileSync(XERO_ACCOUNTING_SPEC_PATH, 'utf8')),
    ) as SchemaNode;
    const webhooks = parse(readFileSync(XERO_WEBHOOKS_SPEC_PATH, 'utf8')) as SchemaNode;
    this.paths = accounting['paths'] as XeroSpecValidator['paths'];
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats(this.ajv);
    for (const format of ['double', 'int32', 'int64', 'binary', 'byte']) {
      if (!this.ajv.formats[format]) this.ajv.addFormat(format, true);
    }
    this.ajv.addSchema({ ...accounting, $id: ACCOUNTING_ID });
    this.ajv.addSchema({ ...webhooks, $id: WEBHOOKS_ID });
  }

  /** Whether the spec documents `status` for the operation (Xero documents 200 and 400 only). */
  documents(method: string, pathTemplate: string, status: number): boolean {
    return String(status) in this.operation(method, pathTemplate).responses;
  }

  /** The ajv errors as readable lines, or [] when the body matches. */
  validate(method: string, pathTemplate: string, status: number, body: unknown): string[] {
    const operation = this.operation(method, pathTemplate);
    const code = String(status);
    const response = operation.responses[code];
    if (!response) throw new Error(`${method} ${pathTemplate} documents no ${status} response`);
    const key = `${method.toLowerCase()} ${pathTemplate} ${code}`;
    let validator = this.compiled.get(key);
    if (!validator) {
      const pointer = response.$ref
        ? `components/responses/${response.$ref.split('/').pop() as string}`
        : ['paths', pathTemplate, method.toLowerCase(), 'responses', code].map(escape).join('/');
      validator = this.ajv.compile({
        $ref: `${ACCOUNTING_ID}#/${pointer}/content/application~1json/schema`,
      });
      this.compiled.set(key, validator);
    }
    return errorsOf(validator, body);
  }

  /** Validates a webhook body against `components.schemas.WebhookEvent`. */
  validateWebhook(body: unknown): string[] {
    let validator = this.compiled.get('webhook');
    if (!validator) {
      validator = this.ajv.compile({ $ref: `${WEBHOOKS_ID}#/components/schemas/WebhookEvent` });
      this.compiled.set('webhook', validator);
    }
    return errorsOf(validator, body);
  }

  private operation(method: string, pathTemplate: string): Operation {
    const operation = this.paths[pathTemplate]?.[method.toLowerCase()];
    if (!operation)
      throw new Error(`The spec has no operation ${method.toUpperCase()} ${pathTemplate}`);
    return operation;
  }
}

function errorsOf(validator: ValidateFunction, body: unknown): string[] {
  if (validator(body)) return [];
  return (validator.errors ?? []).map(
    (error) =>
      `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}

function escape(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}
