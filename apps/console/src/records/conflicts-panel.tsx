import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';

import { describeError } from '../api/api-error';
import type { Conflict, ConflictChoice, EntityType } from '../api/api-types';
import { useSignedIn } from '../session/session-context';
import { Badge } from '../ui/badge';
import { dateTime, entityName, systemName, timeAgo } from '../ui/format';
import { Notice } from '../ui/states';

/** A delete conflict is recorded on this pseudo-field. */
const DELETED_FIELD = 'deleted';

export const showValue = (value: unknown): string =>
  value === null || value === undefined
    ? '(empty)'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/** The choices for one conflict, in the operator's words. */
export function choicesFor(
  conflict: Conflict,
  entityType: EntityType,
): Array<{ choice: ConflictChoice; words: string }> {
  const system = systemName(conflict.system);
  const thing = entityName(entityType).toLowerCase();
  if (conflict.field === DELETED_FIELD) {
    return [
      { choice: 'delete', words: `Delete the ${thing} in the catalog too` },
      { choice: 'restore', words: `Keep the ${thing} and write it to ${system} again` },
    ];
  }
  return [
    {
      choice: 'keep-catalog',
      words: `Keep the catalog's value (${showValue(conflict.catalogValue)}) and write it to ${system}`,
    },
    {
      choice: 'take-external',
      words: `Take ${system}'s value (${showValue(conflict.externalValue)}) into the catalog`,
    },
  ];
}

const DECIDED: Record<ConflictChoice, (system: string) => string> = {
  'keep-catalog': (system) => `Kept the catalog's value; it is written to ${system}`,
  'take-external': (system) => `Took ${system}'s value into the catalog`,
  delete: () => 'Deleted in the catalog too',
  restore: (system) => `Kept; it is written to ${system} again`,
};

function ConflictCard({ conflict, entityType }: { conflict: Conflict; entityType: EntityType }) {
  const { client, session, can } = useSignedIn();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<ConflictChoice | null>(null);
  const [missing, setMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: (picked: ConflictChoice) =>
      client.post(`/v1/sync/conflicts/${conflict.id}/resolve`, { choice: picked }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [session.apiKeyId] }),
  });
  const system = systemName(conflict.system);
  const isDelete = conflict.field === DELETED_FIELD;
  const headingId = `conflict-${conflict.id}`;
  const kept = conflict.resolution === 'catalog' ? 'the catalog' : system;

  function submit(event: FormEvent) {
    event.preventDefault();
    setMissing(choice === null);
    if (choice !== null) mutation.mutate(choice);
  }

  return (
    <article className="conflict" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {isDelete ? (
          `${system} deleted it while the catalog changed it`
        ) : (
          <>
            <code>{conflict.field}</code> changed on both sides
          </>
        )}
      </h3>
      {!isDelete && (
        <dl className="conflict-sides">
          <div>
            <dt>Catalog</dt>
            <dd>{showValue(conflict.catalogValue)}</dd>
          </div>
          <div>
            <dt>{system}</dt>
            <dd>{showValue(conflict.externalValue)}</dd>
          </div>
        </dl>
      )}
      <p className="muted small">
        {`The rule (${conflict.policy}) kept ${kept}`}
        {isDelete && conflict.resolution !== 'catalog' ? ' and deleted the catalog record' : ''}
        {' ('}
        <span title={dateTime(conflict.createdAt)}>{timeAgo(conflict.createdAt)}</span>
        {').'}
      </p>
      {conflict.resolved ? (
        <p>
          <Badge tone="ok">Resolved</Badge> {DECIDED[conflict.resolved.choice](system)}{' '}
          <span className="muted small" title={dateTime(conflict.resolved.at)}>
            ({timeAgo(conflict.resolved.at)})
          </span>
        </p>
      ) : can('write') ? (
        <form onSubmit={submit} aria-label={`Resolve: ${isDelete ? 'deleted' : conflict.field}`}>
          <fieldset className="fieldset">
            <legend>Decide</legend>
            {choicesFor(conflict, entityType).map((option) => (
              <div className="check" key={option.choice}>
                <input
                  id={`${conflict.id}-${option.choice}`}
                  type="radio"
                  name={`choice-${conflict.id}`}
                  checked={choice === option.choice}
                  onChange={() => setChoice(option.choice)}
                />
                <label htmlFor={`${conflict.id}-${option.choice}`}>{option.words}</label>
              </div>
            ))}
          </fieldset>
          {missing && <Notice tone="error">Choose what to do first.</Notice>}
          {mutation.isError && <Notice tone="error">{describeError(mutation.error)}</Notice>}
          <button type="submit" className="button" disabled={mutation.isPending}>
            Resolve
          </button>
        </form>
      ) : (
        <p className="muted small">A key with the write scope can resolve it.</p>
      )}
    </article>
  );
}

/** Each conflict with both sides, the rule's decision, and the operator's own decision. */
export function ConflictsPanel({
  conflicts,
  entityType,
}: {
  conflicts: Conflict[];
  entityType: EntityType;
}) {
  const open = conflicts.filter((conflict) => conflict.resolved === null).length;
  return (
    <section className="panel" aria-labelledby="conflicts-heading">
      <h2 id="conflicts-heading">Conflicts</h2>
      <p className="muted">
        Both sides changed the record. Concord resolved each conflict by the integration's rule;
        decide otherwise here. {open > 0 ? `${open} not reviewed yet.` : 'All reviewed.'}
      </p>
      <div className="stack">
        {conflicts.map((conflict) => (
          <ConflictCard key={conflict.id} conflict={conflict} entityType={entityType} />
        ))}
      </div>
    </section>
  );
}
