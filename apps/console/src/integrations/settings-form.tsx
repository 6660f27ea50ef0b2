import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';

import { ApiError, describeError } from '../api/api-error';
import type { ConflictStrategy, Direction, EntityType, Integration } from '../api/api-types';
import { CONFLICT_STRATEGIES, DIRECTIONS, ENTITY_TYPES, MATCHABLE_FIELDS } from '../api/api-types';
import { useSignedIn } from '../session/session-context';
import { Field } from '../ui/field';
import { directionWords, entityName, entityPlural } from '../ui/format';
import { Notice } from '../ui/states';
import { notSyncedReason } from './entity-support';
import { FieldMappingsEditor } from './field-mappings-editor';
import { FieldOwnersEditor } from './field-owners-editor';
import { settingsBody, type SettingsDraft } from './settings-draft';

const STRATEGY_WORDS: Record<ConflictStrategy, string> = {
  'last-writer-wins': 'The most recent change wins',
  'catalog-wins': 'The catalog always wins',
  'external-wins': 'The external system always wins',
};

/**
 * Everything about how a connection syncs. Saving sends the whole form; the API checks it and
 * a refused field is shown next to its control, with a summary at the top.
 */
export function SettingsForm({
  system,
  initial,
  connected,
}: {
  system: string;
  initial: SettingsDraft;
  connected: boolean;
}) {
  const { client, session } = useSignedIn();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(initial);
  const mutation = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      connected
        ? client.patch<Integration>(`/v1/integrations/${system}`, body)
        : client.put<Integration>(`/v1/integrations/${system}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [session.apiKeyId] }),
  });
  const apiError = mutation.error instanceof ApiError ? mutation.error : null;
  const errorOf = (path: string) => apiError?.fields.find((f) => f.field === path)?.message;
  const errorUnder = (path: string) => apiError?.fieldMessage(path);
  const set = (change: Partial<SettingsDraft>) => setDraft({ ...draft, ...change });

  function submit(event: FormEvent) {
    event.preventDefault();
    mutation.mutate(settingsBody(draft));
  }

  function toggleEntity(type: EntityType, on: boolean) {
    set({
      entityTypes: on
        ? ENTITY_TYPES.filter((t) => t === type || draft.entityTypes.includes(t))
        : draft.entityTypes.filter((t) => t !== type),
    });
  }

  function toggleKey(type: EntityType, field: string, on: boolean) {
    const keys = draft.matchingKeys[type];
    set({
      matchingKeys: {
        ...draft.matchingKeys,
        [type]: on ? [...keys, field] : keys.filter((key) => key !== field),
      },
    });
  }

  return (
    <form
      className="panel settings-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="settings-heading"
    >
      <h2 id="settings-heading">How it syncs</h2>
      {apiError && apiError.fields.length > 0 && (
        <div className="notice notice-error" role="alert">
          <strong>The settings were not saved. Fix these fields:</strong>
          <ul>
            {apiError.fields.map((problem) => (
              <li key={`${problem.field}:${problem.message}`}>
                <code>{problem.field}</code>: {problem.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {mutation.isError && !apiError?.fields.length && (
        <Notice tone="error">{describeError(mutation.error)}</Notice>
      )}
      {mutation.isSuccess && <Notice tone="success">Settings saved.</Notice>}

      <div className="check">
        <input
          id="setting-enabled"
          type="checkbox"
          checked={draft.enabled}
          onChange={(event) => set({ enabled: event.target.checked })}
        />
        <label htmlFor="setting-enabled">Sync is enabled</label>
      </div>
      {errorOf('enabled') && <p className="field-error">{errorOf('enabled')}</p>}

      <fieldset className="fieldset" aria-invalid={errorOf('direction') ? true : undefined}>
        <legend>Direction</legend>
        {DIRECTIONS.map((direction: Direction) => (
          <div className="check" key={direction}>
            <input
              id={`direction-${direction}`}
              type="radio"
              name="direction"
              checked={draft.direction === direction}
              onChange={() => set({ direction })}
            />
            <label htmlFor={`direction-${direction}`}>{directionWords(direction, system)}</label>
          </div>
        ))}
        {errorOf('direction') && <p className="field-error">{errorOf('direction')}</p>}
      </fieldset>

      <fieldset className="fieldset">
        <legend>What syncs</legend>
        {ENTITY_TYPES.map((type) => {
          const notSynced = notSyncedReason(system, type);
          const checked = draft.entityTypes.includes(type);
          return (
            <div className="check" key={type}>
              <input
                id={`entity-${type}`}
                type="checkbox"
                checked={checked}
                // A type the system does not sync can only be turned off.
                disabled={notSynced !== null && !checked}
                aria-describedby={notSynced ? `entity-${type}-note` : undefined}
                onChange={(event) => toggleEntity(type, event.target.checked)}
              />
              <label htmlFor={`entity-${type}`}>{entityPlural(type)}</label>
              {notSynced && (
                <p className="field-hint" id={`entity-${type}-note`}>
                  {notSynced}
                </p>
              )}
            </div>
          );
        })}
        {errorUnder('entityTypes') && <p className="field-error">{errorUnder('entityTypes')}</p>}
      </fieldset>

      <FieldMappingsEditor
        system={system}
        mappings={draft.fieldMappings}
        onChange={(fieldMappings) => set({ fieldMappings })}
        errorOf={errorOf}
      />

      <fieldset className="fieldset">
        <legend>Matching existing records</legend>
        <p className="field-hint">
          A record found on both sides is linked, not duplicated, when these fields agree (in this
          order). Clear all to turn matching off for a type.
        </p>
        <div className="matching-grid">
          {ENTITY_TYPES.map((type) => (
            <div
              key={type}
              role="group"
              aria-label={`Match ${entityPlural(type).toLowerCase()} by`}
            >
              <p className="group-title">{entityPlural(type)} by</p>
              {MATCHABLE_FIELDS[type].map((field) => (
                <div className="check" key={field}>
                  <input
                    id={`match-${type}-${field}`}
                    type="checkbox"
                    checked={draft.matchingKeys[type].includes(field)}
                    onChange={(event) => toggleKey(type, field, event.target.checked)}
                  />
                  <label htmlFor={`match-${type}-${field}`}>
                    {entityName(type)} {field}
                  </label>
                </div>
              ))}
              {errorUnder(`matchingKeys.${type}`) && (
                <p className="field-error">{errorUnder(`matchingKeys.${type}`)}</p>
              )}
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Conflicts</legend>
        <Field
          label="When both sides changed the same field"
          error={errorOf('conflictPolicy.default') ?? errorOf('conflictPolicy')}
        >
          {(props) => (
            <select
              {...props}
              value={draft.conflictDefault}
              onChange={(event) => set({ conflictDefault: event.target.value as ConflictStrategy })}
            >
              {CONFLICT_STRATEGIES.map((strategy) => (
                <option key={strategy} value={strategy}>
                  {STRATEGY_WORDS[strategy]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <FieldOwnersEditor
          system={system}
          owners={draft.fieldOwners}
          onChange={(fieldOwners) => set({ fieldOwners })}
          errorOf={errorOf}
        />
      </fieldset>

      <Field
        label="API address (optional)"
        hint="Leave empty for the provider's own address. Only for sandboxes and simulators."
        error={errorUnder('settings.baseUrl') ?? errorUnder('settings')}
      >
        {(props) => (
          <input
            {...props}
            type="url"
            value={draft.baseUrl}
            onChange={(event) => set({ baseUrl: event.target.value })}
          />
        )}
      </Field>

      <button type="submit" className="button button-primary" disabled={mutation.isPending}>
        {mutation.isPending ? 'Saving…' : connected ? 'Save settings' : 'Connect'}
      </button>
    </form>
  );
}
