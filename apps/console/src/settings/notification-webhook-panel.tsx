import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';

import { ApiError, describeError } from '../api/api-error';
import type { NotificationWebhook } from '../api/api-types';
import { useQueryKey } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { Field } from '../ui/field';
import { timeAgo } from '../ui/format';
import { ErrorState, Loading, Notice } from '../ui/states';

export function NotificationWebhookPanel() {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const webhookKey = useQueryKey('notification-webhook');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const webhook = useQuery({
    queryKey: webhookKey,
    queryFn: () =>
      client.get<NotificationWebhook>('/v1/notifications/webhook').catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
  });
  const save = useMutation({
    mutationFn: () =>
      client.put<NotificationWebhook & { secret: string }>('/v1/notifications/webhook', {
        url: url.trim(),
      }),
    onSuccess: (saved) => {
      setSecret(saved.secret);
      setUrl('');
      return queryClient.invalidateQueries({ queryKey: webhookKey });
    },
  });
  const remove = useMutation({
    mutationFn: () => client.delete('/v1/notifications/webhook'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKey }),
  });
  const apiError = save.error instanceof ApiError ? save.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    setSecret(null);
    save.mutate();
  }

  return (
    <section className="panel" aria-labelledby="webhook-settings-heading">
      <h2 id="webhook-settings-heading">Notification webhook</h2>
      <p className="muted">
        Concord calls this address when an integration is paused or needs attention, signed with a
        secret you can verify.
      </p>
      {webhook.isPending ? (
        <Loading />
      ) : webhook.isError ? (
        <ErrorState error={webhook.error} onRetry={() => void webhook.refetch()} />
      ) : webhook.data ? (
        <p>
          Sending to <code>{webhook.data.url}</code> (set {timeAgo(webhook.data.updatedAt)}).{' '}
          <button
            type="button"
            className="button button-quiet"
            disabled={remove.isPending}
            onClick={() => remove.mutate()}
          >
            Stop sending
          </button>
        </p>
      ) : (
        <p>No webhook: nobody is notified.</p>
      )}
      {secret && (
        <div className="notice notice-success" role="status">
          <strong>Signing secret (shown once):</strong>
          <label className="field">
            <span>Signing secret</span>
            <input readOnly value={secret} onFocus={(event) => event.target.select()} />
          </label>
        </div>
      )}
      <form className="inline-form" onSubmit={submit} noValidate>
        <Field
          label={webhook.data ? 'Replace with' : 'Webhook URL'}
          hint="A public https address."
          error={apiError?.fieldMessage('url')}
        >
          {(props) => (
            <input
              {...props}
              type="url"
              value={url}
              onChange={(event) => setUrl(event.target.value)}
            />
          )}
        </Field>
        {save.isError && !apiError?.fields.length && (
          <Notice tone="error">{describeError(save.error)}</Notice>
        )}
        {remove.isError && <Notice tone="error">{describeError(remove.error)}</Notice>}
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          Save webhook
        </button>
      </form>
    </section>
  );
}
