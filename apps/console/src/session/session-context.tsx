import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

import { ApiClient, type HttpTransport } from '../api/api-client';
import { ApiError } from '../api/api-error';
import type { Scope, Session } from '../api/api-types';

/** sessionStorage only: the key lives as long as the tab, and never in a URL. */
export const API_KEY_STORAGE_KEY = 'concord.console.apiKey';

export interface SignedIn {
  client: ApiClient;
  session: Session;
  can(scope: Scope): boolean;
}

interface SessionContextValue {
  current: SignedIn | null;
  /** True while a key remembered by this tab is being checked. */
  restoring: boolean;
  signIn(apiKey: string): Promise<void>;
  signOut(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({
  transport,
  storage,
  children,
}: {
  transport?: HttpTransport;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState<SignedIn | null>(null);
  const [restoring, setRestoring] = useState(() => Boolean(storage?.getItem(API_KEY_STORAGE_KEY)));

  const signIn = useCallback(
    async (apiKey: string) => {
      const client = new ApiClient(apiKey.trim(), transport);
      const session = await client.get<Session>('/v1/session');
      storage?.setItem(API_KEY_STORAGE_KEY, apiKey.trim());
      queryClient.clear();
      setCurrent({ client, session, can: (scope) => session.scopes.includes(scope) });
    },
    [queryClient, storage, transport],
  );

  const signOut = useCallback(() => {
    storage?.removeItem(API_KEY_STORAGE_KEY);
    queryClient.clear();
    setCurrent(null);
  }, [queryClient, storage]);

  // Only once, on start (React's development double effects included): later sign-ins go
  // through the form.
  const restored = useRef(false);
  useEffect(() => {
    const remembered = storage?.getItem(API_KEY_STORAGE_KEY);
    if (!remembered || restored.current) return;
    restored.current = true;
    signIn(remembered)
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          storage?.removeItem(API_KEY_STORAGE_KEY);
        }
      })
      .finally(() => setRestoring(false));
  }, [signIn, storage]);

  const value = useMemo(
    () => ({ current, restoring, signIn, signOut }),
    [current, restoring, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionControl(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionControl needs a SessionProvider');
  return value;
}

/** The signed-in session; only for components rendered after sign-in. */
export function useSignedIn(): SignedIn {
  const { current } = useSessionControl();
  if (!current) throw new Error('useSignedIn needs a signed-in session');
  return current;
}
