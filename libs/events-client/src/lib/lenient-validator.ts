import { CatalogEventSchemas, EntityType } from '@concord/model';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export interface SchemaProblem {
  path: string;
  message: string;
}

// The published schemas are closed (Concord produces exactly them), but a consumer must keep
// working when a later minor release adds an optional field: the client validates every field it
// knows and ignores the ones it does not (docs/events.md, versioning policy).
function openCopy(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(openCopy);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'additionalProperties' && value === false) continue;
    if (key === '$id') continue;
    copy[key] = openCopy(value);
  }
  return copy;
}

const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validators = new Map<EntityType, ValidateFunction>();

function validatorFor(entityType: EntityType): ValidateFunction {
  let validator = validators.get(entityType);
  if (!validator) {
    validator = ajv.compile(
      openCopy(JSON.parse(JSON.stringify(CatalogEventSchemas[entityType]))) as object,
    );
    validators.set(entityType, validator);
  }
  return validator;
}

/** Validates a catalog event against the published schema, tolerating fields added since. */
export function catalogEventProblems(entityType: EntityType, value: unknown): SchemaProblem[] {
  const validate = validatorFor(entityType);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => ({
    path: e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)',
    message: e.message ?? 'is invalid',
  }));
}
