import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { describeError } from '../api/api-error';
import type { ConnectionTest, Integration } from '../api/api-types';
import { useQueryKey } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { systemName, timeAgo } from '../ui/format';
import { Notice } from '../ui/states';

/** How often a pending test is asked for its answer. */
export const CONNECTION_TEST_POLL_MS = 1000;

function TestOutcome({ test, name }: { test: ConnectionTest; name: string }) {
  switch (test.status) {
    case 'pending':
      return <Notice>Testing: the connector is calling {name} with the stored credentials…</Notice>;
    case 'succeeded':
      return (
        <Notice tone="success">
          {name} accepted the credentials (tested {timeAgo(test.testedAt)}).
        </Notice>
      );
    case 'failed':
      return (
        <Notice tone="error">
          {name} refused the connection: {test.message ?? 'no reason given'}
        </Notice>
      );
    case 'timed-out':
      return <Notice tone="error">No answer: {test.message}</Notice>;
  }
}

/**
 * "Test the connection": the connector makes one authenticated call with the real credentials and
 * answers through its status topic; the page polls the test until it has an answer.
 */
export function ConnectionTestPanel({ integration }: { integration: Integration }) {
  const { client, session } = useSignedIn();
  const queryClient = useQueryClient();
  const name = systemName(integration.system);
  const request = useMutation({
    mutationFn: () => client.post<ConnectionTest>(`/v1/integrations/${integration.system}/test`),
  });
  const asked = request.data;
  const test = useQuery({
    queryKey: useQueryKey('connection-test', integration.system, asked?.id),
    queryFn: () =>
      client.get<ConnectionTest>(`/v1/integrations/${integration.system}/tests/${asked?.id}`),
    enabled: asked !== undefined,
    initialData: asked,
    refetchInterval: (query) =>
      query.state.data?.status === 'pending' ? CONNECTION_TEST_POLL_MS : false,
  });
  const current = test.data;
  const testing = request.isPending || current?.status === 'pending';
  const settled = current !== undefined && current.status !== 'pending';
  useEffect(() => {
    // The answer came with a new connector status: the page's state badge shows it at once.
    if (!settled) return;
    for (const part of ['overview', 'integration-status']) {
      void queryClient.invalidateQueries({ queryKey: [session.apiKeyId, part] });
    }
  }, [settled, queryClient, session.apiKeyId]);
  return (
    <section className="panel" aria-labelledby="connection-test-heading">
      <h2 id="connection-test-heading">Test the connection</h2>
      <p className="muted">
        The connector calls {name} with the stored credentials and reports what {name} answered.
      </p>
      {!integration.credentials.set && <p className="muted small">Save the credentials first.</p>}
      <button
        type="button"
        className="button"
        disabled={testing || !integration.credentials.set}
        onClick={() => request.mutate()}
      >
        Test the connection
      </button>
      {request.isError && <Notice tone="error">{describeError(request.error)}</Notice>}
      {test.isError && <Notice tone="error">{describeError(test.error)}</Notice>}
      {current && <TestOutcome test={current} name={name} />}
    </section>
  );
}
