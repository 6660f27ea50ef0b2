import {
  AuthError,
  AuthErrorCode,
  classifyError,
  ConcordError,
  RateLimitedError,
  RetryableError,
} from '@concord/errors';

import { DistributedLock } from './distributed-lock';

/** What a token endpoint returned, normalised by the caller's refresh function. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds (convert `expires_in` when the token arrives, not later). */
  expiresAt: number;
}

export type RotationListener<T extends TokenSet> = (
  connectionId: string,
  tokens: T,
) => void | Promise<void>;

export interface OAuthTokenManagerOptions<T extends TokenSet> {
  /**
   * Calls the token endpoint. `current` is the last known token set (holding the refresh token),
   * or undefined when nothing is cached. Throw classified errors (see tokenEndpointError).
   */
  refresh: (current: T | undefined, connectionId: string) => Promise<T>;
  /** Refresh a token this long before it expires; default 60 s. */
  refreshMarginMs?: number;
  now?: () => number;
  /** Coordinates replicas so one refreshes a connection at a time (rotating refresh tokens are single-use). */
  lock?: DistributedLock;
  /** How long a refresh may hold the lock; default 30 s. */
  lockTtlMs?: number;
  /**
   * Read under the lock before refreshing: the newest stored token set, which another replica may
   * have just refreshed. If still fresh it is used instead of refreshing again.
   */
  loadLatest?: (connectionId: string) => Promise<T | undefined>;
}

interface ConnectionTokens<T extends TokenSet> {
  tokens?: T;
  /** The access token a caller reported as refused (401): no longer served. */
  rejectedAccessToken?: string;
  /** A rotated refresh token the listeners have not yet accepted. */
  rotationPending: boolean;
  flight?: Promise<T>;
}

/**
 * Access tokens per connection, refreshed before they expire, with at most one refresh per
 * connection in flight (single-flight); concurrent callers share it. Connections are independent.
 */
export class OAuthTokenManager<T extends TokenSet = TokenSet> {
  private readonly connections = new Map<string, ConnectionTokens<T>>();
  private readonly listeners = new Set<RotationListener<T>>();
  private readonly marginMs: number;
  private readonly now: () => number;

  constructor(private readonly options: OAuthTokenManagerOptions<T>) {
    this.marginMs = options.refreshMarginMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** A valid access token for the connection, refreshing it first if it expires within the margin. */
  async getAccessToken(connectionId: string): Promise<string> {
    return (await this.getTokens(connectionId)).accessToken;
  }

  /** The whole token set (e.g. Salesforce's instance URL travels with it). */
  getTokens(connectionId: string): Promise<T> {
    const state = this.state(connectionId);
    if (state.tokens && this.usable(state.tokens, state) && !state.rotationPending) {
      return Promise.resolve(state.tokens);
    }
    state.flight ??= this.fly(connectionId, state).finally(() => {
      state.flight = undefined;
    });
    return state.flight;
  }

  /**
   * After a 401: the next call refreshes. Pass the refused token so that reports from requests
   * that raced a refresh do not throw away the new token.
   */
  invalidate(connectionId: string, refusedAccessToken?: string): void {
    const state = this.state(connectionId);
    const current = state.tokens?.accessToken;
    if (current === undefined) return;
    if (refusedAccessToken === undefined || refusedAccessToken === current) {
      state.rejectedAccessToken = current;
    }
  }

  /** Seeds the cache, e.g. with the token set decrypted from the stored connection. */
  setTokens(connectionId: string, tokens: T): void {
    const state = this.state(connectionId);
    state.tokens = tokens;
    state.rejectedAccessToken = undefined;
  }

  /** Forgets a connection (disconnected or deleted). */
  forget(connectionId: string): void {
    this.connections.delete(connectionId);
  }

  /**
   * Called when a refresh returns a new refresh token, so it can be stored (encrypted). Until every
   * listener has succeeded, calls for the connection retry the listeners before returning.
   */
  onRotated(listener: RotationListener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private state(connectionId: string): ConnectionTokens<T> {
    let state = this.connections.get(connectionId);
    if (!state) {
      state = { rotationPending: false };
      this.connections.set(connectionId, state);
    }
    return state;
  }

  private usable(tokens: T, state: ConnectionTokens<T>): boolean {
    return (
      tokens.accessToken !== state.rejectedAccessToken &&
      tokens.expiresAt - this.marginMs > this.now()
    );
  }

  private async fly(connectionId: string, state: ConnectionTokens<T>): Promise<T> {
    const work = async (): Promise<T> => {
      if (!state.tokens || !this.usable(state.tokens, state)) {
        await this.refresh(connectionId, state);
      }
      if (state.rotationPending) await this.announceRotation(connectionId, state);
      return state.tokens as T;
    };
    const { lock } = this.options;
    return lock
      ? lock.withLock(`oauth-refresh:${connectionId}`, this.options.lockTtlMs ?? 30_000, work)
      : work();
  }

  private async refresh(connectionId: string, state: ConnectionTokens<T>): Promise<void> {
    let current = state.tokens;
    try {
      const latest = await this.options.loadLatest?.(connectionId);
      if (latest) {
        current = latest;
        if (this.usable(latest, state)) {
          state.tokens = latest;
          return;
        }
      }
      const next = await this.options.refresh(current, connectionId);
      if (!isTokenSet(next)) {
        throw new AuthError(
          AuthErrorCode.TOKEN_REFRESH_FAILED,
          `Token refresh for connection ${connectionId} returned no usable access token`,
          { details: { connectionId } },
        );
      }
      state.tokens = next;
      state.rejectedAccessToken = undefined;
      if (next.refreshToken && next.refreshToken !== current?.refreshToken) {
        state.rotationPending = true;
      }
    } catch (error) {
      throw refreshFailure(connectionId, error);
    }
  }

  private async announceRotation(connectionId: string, state: ConnectionTokens<T>): Promise<void> {
    const tokens = state.tokens as T;
    try {
      for (const listener of this.listeners) await listener(connectionId, tokens);
      state.rotationPending = false;
    } catch (error) {
      throw new RetryableError(
        AuthErrorCode.TOKEN_REFRESH_FAILED,
        `Rotated refresh token for connection ${connectionId} could not be stored yet`,
        { cause: error, details: { connectionId } },
      );
    }
  }
}

function isTokenSet(value: unknown): value is TokenSet {
  const candidate = value as Partial<TokenSet> | undefined;
  return (
    typeof candidate?.accessToken === 'string' &&
    candidate.accessToken !== '' &&
    typeof candidate.expiresAt === 'number' &&
    Number.isFinite(candidate.expiresAt)
  );
}

/**
 * Keeps the refresh function's classification (permanent or retryable) under one code. The
 * message names the connection and the original code, never a token or the original message.
 */
function refreshFailure(connectionId: string, error: unknown): ConcordError {
  const classified = classifyError(error);
  if (classified.code === AuthErrorCode.TOKEN_REFRESH_FAILED) return classified;
  const options = { cause: error, details: { connectionId, reason: classified.code } };
  const message = `Token refresh for connection ${connectionId} failed (${classified.code})`;
  if (classified instanceof RateLimitedError) {
    return new RateLimitedError(
      AuthErrorCode.TOKEN_REFRESH_FAILED,
      message,
      classified.retryAfterMs,
      options,
    );
  }
  if (classified.retryable) {
    return new RetryableError(AuthErrorCode.TOKEN_REFRESH_FAILED, message, options);
  }
  return new AuthError(AuthErrorCode.TOKEN_REFRESH_FAILED, message, options);
}
