import type { Direction, EntityType } from '../api/api-types';
import { DIRECTIONS, ENTITY_TYPES } from '../api/api-types';
import { entityName, systemName } from '../ui/format';
import type { SettingsDraft } from './settings-draft';

type Mapping = SettingsDraft['fieldMappings'][number];

/** Rows of "catalog field ⇄ external field"; custom fields are `metadata.<key>`. */
export function FieldMappingsEditor({
  system,
  mappings,
  onChange,
  errorOf,
}: {
  system: string;
  mappings: Mapping[];
  onChange(mappings: Mapping[]): void;
  errorOf(path: string): string | undefined;
}) {
  const name = systemName(system);
  const update = (index: number, change: Partial<Mapping>) =>
    onChange(mappings.map((mapping, i) => (i === index ? { ...mapping, ...change } : mapping)));
  return (
    <fieldset className="fieldset">
      <legend>Field mappings</legend>
      <p className="field-hint">
        Send a catalog field to a {name} field of your choice. Custom fields are{' '}
        <code>metadata.&lt;name&gt;</code>.
      </p>
      {mappings.length === 0 && (
        <p className="muted">No custom mappings: the standard ones apply.</p>
      )}
      {mappings.map((mapping, index) => {
        const row = `fieldMappings.${index}`;
        const rowLabel = `Mapping ${index + 1}`;
        const errors = ['entityType', 'canonicalField', 'externalField', 'direction']
          .map((field) => errorOf(`${row}.${field}`))
          .concat(errorOf(row) ?? []);
        return (
          <div className="mapping-row" key={index} role="group" aria-label={rowLabel}>
            <label>
              <span>Record type</span>
              <select
                value={mapping.entityType}
                aria-invalid={errorOf(`${row}.entityType`) ? true : undefined}
                onChange={(event) =>
                  update(index, { entityType: event.target.value as EntityType })
                }
              >
                {ENTITY_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {entityName(type)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>Catalog field</span>
              <input
                value={mapping.canonicalField}
                aria-invalid={errorOf(`${row}.canonicalField`) ? true : undefined}
                placeholder="metadata.segment"
                onChange={(event) => update(index, { canonicalField: event.target.value })}
              />
            </label>
            <label>
              <span>{name} field</span>
              <input
                value={mapping.externalField}
                aria-invalid={errorOf(`${row}.externalField`) ? true : undefined}
                placeholder="metadata.segment"
                onChange={(event) => update(index, { externalField: event.target.value })}
              />
            </label>
            <label>
              <span>Direction</span>
              <select
                value={mapping.direction}
                onChange={(event) =>
                  update(index, { direction: event.target.value as Direction | '' })
                }
              >
                <option value="">As the connection</option>
                {DIRECTIONS.map((direction) => (
                  <option key={direction} value={direction}>
                    {direction === 'both'
                      ? 'Both ways'
                      : direction === 'outbound'
                        ? `To ${name}`
                        : `From ${name}`}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="button button-quiet"
              aria-label={`Remove ${rowLabel.toLowerCase()}`}
              onClick={() => onChange(mappings.filter((_, i) => i !== index))}
            >
              Remove
            </button>
            {errors.filter(Boolean).map((message, i) => (
              <p className="field-error mapping-error" key={i}>
                {rowLabel}: {message}
              </p>
            ))}
          </div>
        );
      })}
      <button
        type="button"
        className="button"
        onClick={() =>
          onChange([
            ...mappings,
            { entityType: 'customer', canonicalField: '', externalField: '', direction: '' },
          ])
        }
      >
        Add a mapping
      </button>
    </fieldset>
  );
}
