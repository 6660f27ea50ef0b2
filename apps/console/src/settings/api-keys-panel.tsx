import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';

import { ApiError, describeError } from '../api/api-error';
import type { ApiKey, IssuedApiKey, Scope } from '../api/api-types';
import { useQueryKey } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { Badge } from '../ui/badge';
import { Field } from '../ui/field';
import { timeAgo } from '../ui/format';
import { EmptyState, ErrorState, Loading, Notice } from '../ui/states';

const SCOPES: Array<{ value: Scope; label: string }> = [
  { value: 'read', label: 'Read: look at records, activity and failures' },
  { value: 'write', label: 'Write: change records' },
  { value: 'admin', label: 'Admin: integrations, keys, replays' },
];

export function ApiKeysPanel() {
  const { client, session } = useSignedIn();
  const queryClient = useQueryClient();
  const keysKey = useQueryKey('api-keys');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const keys = useQuery({
    queryKey: keysKey,
    queryFn: () => client.get<{ data: ApiKey[] }>('/v1/api-keys').then((page) => page.data),
  });
  const create = useMutation({
    mutationFn: () => client.post<IssuedApiKey>('/v1/api-keys', { name: name.trim(), scopes }),
    onSuccess: (key) => {
      setIssued(key);
      setName('');
      return queryClient.invalidateQueries({ queryKey: keysKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => client.delete(`/v1/api-keys/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keysKey }),
  });
  const apiError = create.error instanceof ApiError ? create.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    setIssued(null);
    create.mutate();
  }

  return (
    <section className="panel" aria-labelledby="keys-heading">
      <h2 id="keys-heading">API keys</h2>
      {issued && (
        <div className="notice notice-success issued-key" role="status">
          <strong>Key “{issued.name}” created. Copy it now: it is shown only once.</strong>
          <label className="field">
            <span>New API key</span>
            <input readOnly value={issued.key} onFocus={(event) => event.target.select()} />
          </label>
          <button type="button" className="button" onClick={() => setIssued(null)}>
            I have stored it
          </button>
        </div>
      )}
      {keys.isPending ? (
        <Loading label="Loading keys…" />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState title="No API keys" />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Scopes</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => {
                const revoked = key.revokedAt !== null && Date.parse(key.revokedAt) <= Date.now();
                return (
                  <tr key={key.id}>
                    <th scope="row">
                      {key.name}
                      {key.id === session.apiKeyId && (
                        <span className="muted small"> (this key)</span>
                      )}
                    </th>
                    <td>{key.scopes.join(', ')}</td>
                    <td>{timeAgo(key.lastUsedAt)}</td>
                    <td>
                      <Badge tone={revoked ? 'muted' : 'ok'}>
                        {revoked ? 'Revoked' : 'Active'}
                      </Badge>
                    </td>
                    <td>
                      {!revoked && key.id !== session.apiKeyId && (
                        <button
                          type="button"
                          className="button button-quiet"
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (
                              window.confirm(
                                `Revoke “${key.name}”? Anything using it stops working at once.`,
                              )
                            ) {
                              revoke.mutate(key.id);
                            }
                          }}
                        >
                          Revoke <span className="visually-hidden">{key.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {revoke.isError && <Notice tone="error">{describeError(revoke.error)}</Notice>}
      <form className="inline-form" onSubmit={submit} noValidate>
        <h3>Create a key</h3>
        <Field
          label="Name"
          hint="Who or what uses it, e.g. “Month-end review”."
          error={apiError?.fieldMessage('name')}
        >
          {(props) => (
            <input {...props} value={name} onChange={(event) => setName(event.target.value)} />
          )}
        </Field>
        <fieldset className="fieldset">
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <div className="check" key={scope.value}>
              <input
                id={`scope-${scope.value}`}
                type="checkbox"
                checked={scopes.includes(scope.value)}
                onChange={(event) =>
                  setScopes(
                    event.target.checked
                      ? [...scopes, scope.value]
                      : scopes.filter((s) => s !== scope.value),
                  )
                }
              />
              <label htmlFor={`scope-${scope.value}`}>{scope.label}</label>
            </div>
          ))}
          {apiError?.fieldMessage('scopes') && (
            <p className="field-error">{apiError.fieldMessage('scopes')}</p>
          )}
        </fieldset>
        {create.isError && !apiError?.fields.length && (
          <Notice tone="error">{describeError(create.error)}</Notice>
        )}
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create key
        </button>
      </form>
    </section>
  );
}
