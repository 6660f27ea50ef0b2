import { type FormEvent, useState } from 'react';

import { ApiError } from '../api/api-error';
import { Field } from '../ui/field';
import { useSessionControl } from './session-context';

function signInProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) {
    return 'Concord does not know this API key, or it has been revoked.';
  }
  if (error instanceof ApiError) return error.message;
  return 'Concord could not be reached. Check your connection and try again.';
}

export function SignInPage() {
  const { signIn } = useSessionControl();
  const [apiKey, setApiKey] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (apiKey.trim() === '') {
      setProblem('Enter your API key.');
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await signIn(apiKey);
    } catch (error) {
      setProblem(signInProblem(error));
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={submit} noValidate>
        <p className="brand">Concord</p>
        <h1>Sign in to the console</h1>
        <p className="muted">
          Use an API key of your organisation. It stays in this browser tab only and is never put in
          a link.
        </p>
        <Field label="API key" error={problem}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={apiKey}
              onChange={(event) => setApiKey(event.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
