import type { EntityType, FieldOwner } from '../api/api-types';
import { ENTITY_TYPES } from '../api/api-types';
import { entityName, systemName } from '../ui/format';

/** Fields one side always owns, whatever the conflict rule says. */
export function FieldOwnersEditor({
  system,
  owners,
  onChange,
  errorOf,
}: {
  system: string;
  owners: FieldOwner[];
  onChange(owners: FieldOwner[]): void;
  errorOf(path: string): string | undefined;
}) {
  const update = (index: number, change: Partial<FieldOwner>) =>
    onChange(owners.map((owner, i) => (i === index ? { ...owner, ...change } : owner)));
  return (
    <div className="owners">
      <p className="group-title">Fields one side always owns</p>
      {owners.length === 0 && <p className="muted">None: the rule above decides every field.</p>}
      {owners.map((owner, index) => {
        const row = `conflictPolicy.fieldOwners.${index}`;
        const label = `Owned field ${index + 1}`;
        const errors = ['entityType', 'field', 'owner']
          .map((field) => errorOf(`${row}.${field}`))
          .filter(Boolean);
        return (
          <div className="mapping-row" key={index} role="group" aria-label={label}>
            <label>
              <span>Record type</span>
              <select
                value={owner.entityType}
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
              <span>Field</span>
              <input
                value={owner.field}
                aria-invalid={errorOf(`${row}.field`) ? true : undefined}
                placeholder="phone"
                onChange={(event) => update(index, { field: event.target.value })}
              />
            </label>
            <label>
              <span>Owner</span>
              <select
                value={owner.owner}
                onChange={(event) => update(index, { owner: event.target.value })}
              >
                <option value="catalog">Catalog</option>
                <option value={system}>{systemName(system)}</option>
              </select>
            </label>
            <button
              type="button"
              className="button button-quiet"
              aria-label={`Remove ${label.toLowerCase()}`}
              onClick={() => onChange(owners.filter((_, i) => i !== index))}
            >
              Remove
            </button>
            {errors.map((message, i) => (
              <p className="field-error mapping-error" key={i}>
                {label}: {message}
              </p>
            ))}
          </div>
        );
      })}
      <button
        type="button"
        className="button"
        onClick={() => onChange([...owners, { entityType: 'customer', field: '', owner: system }])}
      >
        Add an owned field
      </button>
    </div>
  );
}
