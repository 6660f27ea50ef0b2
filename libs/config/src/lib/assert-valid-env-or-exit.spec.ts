import { assertValidEnvOrExit, EX_CONFIG, ExitIo } from './assert-valid-env-or-exit';
import { port } from './fields/int.field';
import { str } from './fields/str.field';
import { loadEnv } from './load-env';

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function recordingIo(): ExitIo & { written: string[] } {
  const written: string[] = [];
  return {
    written,
    writeError: (text) => written.push(text),
    exit: (code) => {
      throw new ExitCalled(code);
    },
  };
}

describe('assertValidEnvOrExit', () => {
  const schema = { PORT: port(), TOKEN: str({ secret: true, choices: ['x'] }), NAME: str() };

  it('returns the config when the environment is valid', () => {
    const io = recordingIo();
    const config = assertValidEnvOrExit(
      () => loadEnv(schema, { PORT: '1', TOKEN: 'x', NAME: 'n' }),
      io,
    );
    expect(config.PORT).toBe(1);
    expect(io.written).toEqual([]);
  });

  it('prints one line per bad variable to stderr and exits with 78', () => {
    const io = recordingIo();
    let exit: unknown;
    try {
      assertValidEnvOrExit(() => loadEnv(schema, { PORT: 'abc', TOKEN: 'super-secret' }), io);
    } catch (error) {
      exit = error;
    }
    expect(exit).toEqual(new ExitCalled(EX_CONFIG));
    expect((exit as ExitCalled).code).toBe(78);
    expect(io.written.join('')).toBe(
      'Invalid environment, refusing to start:\n' +
        '  PORT must be an integer between 1 and 65535 (got "abc")\n' +
        '  TOKEN must be one of x (got a value of 12 characters)\n' +
        '  NAME is required\n',
    );
    expect(io.written.join('')).not.toContain('super-secret');
  });

  it('lets any other error through', () => {
    const io = recordingIo();
    expect(() =>
      assertValidEnvOrExit(() => {
        throw new RangeError('bug');
      }, io),
    ).toThrow(RangeError);
    expect(io.written).toEqual([]);
  });
});
