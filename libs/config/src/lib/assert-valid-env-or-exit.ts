import { ConfigError } from './config.error';

/** EX_CONFIG from sysexits.h: the process refuses to start because its configuration is wrong. */
export const EX_CONFIG = 78;

export interface ExitIo {
  writeError(text: string): void;
  exit(code: number): never;
}

const processIo: ExitIo = {
  writeError: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
};

/**
 * For main.ts, before bootstrap: runs `load` (usually `() => loadEnv(schema)`), and on a
 * ConfigError prints one line per bad variable to stderr and exits with 78. Any other error is a
 * bug and propagates with its stack.
 */
export function assertValidEnvOrExit<T>(load: () => T, io: ExitIo = processIo): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const lines = error.lines.map((line) => `  ${line}\n`).join('');
    io.writeError(`Invalid environment, refusing to start:\n${lines}`);
    return io.exit(EX_CONFIG);
  }
}
