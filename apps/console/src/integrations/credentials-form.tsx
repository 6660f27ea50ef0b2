import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';

import { ApiError, describeError } from '../api/api-error';
import type { Integration } from '../api/api-types';
import { useSignedIn } from '../session/session-context';
import { Field } from '../ui/field';
import { systemName, timeAgo } from '../ui/format';
import { Notice } from '../ui/states';
import { credentialFieldsOf, filledCredentials } from './credential-fields';

/** Write-only: what was entered is sent once and cleared; the page only says that it is set. */
export function CredentialsForm({ integration }: { integration: Integration }) {
  const { client, session } = useSignedIn();
  const queryClient = useQueryClient();
  const fields = credentialFieldsOf(integration.system);
  const [values, setValues] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: (body: Record<string, string>) =>
      client.post<Integration>(`/v1/integrations/${integration.system}/credentials`, body),
    onSuccess: () => {
      setValues({});
      return queryClient.invalidateQueries({ queryKey: [session.apiKeyId] });
    },
  });
  const apiError = mutation.error instanceof ApiError ? mutation.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = filledCredentials(values);
    setMissing(Object.keys(body).length === 0);
    if (Object.keys(body).length > 0) mutation.mutate(body);
  }

  return (
    <section className="panel" aria-labelledby="credentials-heading">
      <h2 id="credentials-heading">Credentials</h2>
      <p className="muted">
        {integration.credentials.set
          ? `Set ${timeAgo(integration.credentials.updatedAt)}, stored encrypted. They are never shown again; enter new ones to replace them.`
          : `No credentials yet: ${systemName(integration.system)} cannot be reached until you enter them.`}
      </p>
      <form onSubmit={submit} noValidate>
        {fields.map((field) => (
          <Field
            key={field.name}
            label={field.label}
            hint={field.hint}
            error={apiError?.fieldMessage(field.name)}
          >
            {(props) => (
              <input
                {...props}
                name={field.name}
                type={field.secret ? 'password' : 'text'}
                autoComplete={field.secret ? 'new-password' : 'off'}
                spellCheck={false}
                value={values[field.name] ?? ''}
                onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
              />
            )}
          </Field>
        ))}
        {missing && <Notice tone="error">Enter at least one credential to save.</Notice>}
        {mutation.isError && !apiError?.fields.length && (
          <Notice tone="error">{describeError(mutation.error)}</Notice>
        )}
        {mutation.isSuccess && <Notice tone="success">Credentials saved.</Notice>}
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {integration.credentials.set ? 'Replace credentials' : 'Save credentials'}
        </button>
      </form>
    </section>
  );
}
