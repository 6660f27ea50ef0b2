/** Anything that can be stopped gracefully: consumer runners, publishers, admins. */
export interface Stoppable {
  stop?(): Promise<void>;
  disconnect?(): Promise<void>;
}

/**
 * On SIGTERM or SIGINT, stops every runner (finishing and committing the message in flight), then
 * disconnects the rest, then exits 0. A second signal exits at once.
 */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

export function installSignalHandlers(
  runners: Stoppable[],
  others: Stoppable[] = [],
  exit: (code: number) => void = (code) => process.exit(code),
  signals: SignalSource = process,
): () => void {
  let stopping = false;
  const handle = (): void => {
    if (stopping) return exit(1);
    stopping = true;
    void (async () => {
      for (const runner of runners) await runner.stop?.().catch(() => undefined);
      for (const other of others)
        await (other.disconnect ?? other.stop)?.call(other).catch(() => undefined);
      exit(0);
    })();
  };
  signals.on('SIGTERM', handle);
  signals.on('SIGINT', handle);
  return () => {
    signals.off('SIGTERM', handle);
    signals.off('SIGINT', handle);
  };
}
