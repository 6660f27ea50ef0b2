import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { openApiNullableToJsonSchema } from '@concord/testing';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The repository's copy of Stripe's spec (`specs/stripe/spec3.yaml`; see `specs/README.md`). */
export const STRIPE_SPEC_PATH = resolve(__dirname, '../../../..', 'specs/stripe/spec3.yaml');
const SPEC_ID = 'stripe-spec3';

type SchemaNode = Record<string, unknown>;

/**
 * Validates response bodies against the response schema of an operation in Stripe's OpenAPI 3.0
 * spec (2023-08-16). OpenAPI's `nullable: true` becomes JSON Schema's `null` type; error statuses
 * fall back to the operation's `default` response (Stripe's `error` schema).
 */
export class StripeSpecValidator {
  private readonly ajv: Ajv;
  private readonly spec: {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(specPath = STRIPE_SPEC_PATH) {
    const spec = openApiNullableToJsonSchema(parse(readFileSync(specPath, 'utf8'))) as SchemaNode;
    this.spec = spec as unknown as StripeSpecValidator['spec'];
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats(this.ajv);
    for (const format of ['unix-time', 'decimal', 'binary']) this.ajv.addFormat(format, true);
    this.ajv.addSchema({ ...spec, $id: SPEC_ID });
  }

  /** The ajv errors as readable lines, or [] when the body matches. */
  validate(method: string, pathTemplate: string, status: number, body: unknown): string[] {
    const validator = this.validatorFor(method.toLowerCase(), pathTemplate, status);
    if (validator(body)) return [];
    return (validator.errors ?? []).map(
      (error) =>
        `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
    );
  }

  private validatorFor(method: string, pathTemplate: string, status: number): ValidateFunction {
    const operation = this.spec.paths[pathTemplate]?.[method];
    if (!operation)
      throw new Error(`The spec has no operation ${method.toUpperCase()} ${pathTemplate}`);
    const code = String(status) in operation.responses ? String(status) : 'default';
    if (!(code in operation.responses)) {
      throw new Error(`${method.toUpperCase()} ${pathTemplate} documents no ${status} response`);
    }
    const key = `${method} ${pathTemplate} ${code}`;
    let validator = this.compiled.get(key);
    if (!validator) {
      const pointer = [
        'paths',
        pathTemplate,
        method,
        'responses',
        code,
        'content',
        'application/json',
        'schema',
      ]
        .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'))
        .join('/');
      validator = this.ajv.compile({ $ref: `${SPEC_ID}#/${pointer}` });
      this.compiled.set(key, validator);
    }
    return validator;
  }
}
