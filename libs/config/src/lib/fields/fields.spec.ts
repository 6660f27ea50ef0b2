import { ConfigError } from '../config.error';
import { EnvSchema } from '../env-field';
import { loadEnv } from '../load-env';
import { bool } from './bool.field';
import { duration } from './duration.field';
import { int, port } from './int.field';
import { list } from './list.field';
import { str } from './str.field';
import { url } from './url.field';

function errorFor(schema: EnvSchema, env: Record<string, string>): string {
  try {
    loadEnv(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe('str', () => {
  it('reads a value, falls back to its default and requires a value without one', () => {
    const schema = { NAME: str(), MODE: str({ default: 'fast' }) };
    expect(loadEnv(schema, { NAME: 'orders' })).toEqual({ NAME: 'orders', MODE: 'fast' });
    expect(errorFor(schema, {})).toBe('Invalid environment: NAME is required');
  });

  it('limits the value to its choices', () => {
    const schema = { MODE: str({ choices: ['fast', 'safe'] }) };
    expect(loadEnv(schema, { MODE: 'safe' }).MODE).toBe('safe');
    expect(errorFor(schema, { MODE: 'reckless' })).toBe(
      'Invalid environment: MODE must be one of fast, safe (got "reckless")',
    );
  });

  it('checks a pattern', () => {
    const schema = {
      ID: str({ pattern: { regex: /^[a-z]+$/, description: 'lowercase letters' } }),
    };
    expect(errorFor(schema, { ID: 'A1' })).toBe(
      'Invalid environment: ID must be lowercase letters (got "A1")',
    );
  });

  it('yields undefined for an unset optional variable and treats an empty value as unset', () => {
    expect(loadEnv({ NAME: str({ optional: true }) }, { NAME: '' }).NAME).toBeUndefined();
  });

  it('shortens a very long value in the message', () => {
    const message = errorFor({ MODE: str({ choices: ['a'] }) }, { MODE: 'x'.repeat(500) });
    expect(message).toContain(`"${'x'.repeat(80)}..."`);
    expect(message).not.toContain('x'.repeat(81));
  });
});

describe('int and port', () => {
  it('parses integers within bounds', () => {
    const schema = { WORKERS: int({ min: 1, max: 16 }), OFFSET: int({ default: -5 }) };
    expect(loadEnv(schema, { WORKERS: ' 4 ' })).toEqual({ WORKERS: 4, OFFSET: -5 });
  });

  it.each([
    ['abc', 'must be an integer between 1 and 16'],
    ['2.5', 'must be an integer between 1 and 16'],
    ['0', 'must be an integer between 1 and 16'],
    ['17', 'must be an integer between 1 and 16'],
    ['1e3', 'must be an integer between 1 and 16'],
  ])('refuses %p', (raw, reason) => {
    expect(errorFor({ WORKERS: int({ min: 1, max: 16 }) }, { WORKERS: raw })).toBe(
      `Invalid environment: WORKERS ${reason} (got ${JSON.stringify(raw)})`,
    );
  });

  it('describes one-sided bounds', () => {
    expect(errorFor({ N: int({ min: 2 }) }, { N: '1' })).toContain(
      'N must be an integer of at least 2',
    );
    expect(errorFor({ N: int({ max: 2 }) }, { N: '3' })).toContain(
      'N must be an integer of at most 2',
    );
    expect(errorFor({ N: int() }, { N: 'x' })).toContain('N must be an integer (got "x")');
  });

  it('accepts ports from 1 to 65535 only', () => {
    expect(loadEnv({ PORT: port({ default: 3000 }) }, {}).PORT).toBe(3000);
    expect(loadEnv({ PORT: port() }, { PORT: '65535' }).PORT).toBe(65535);
    expect(errorFor({ PORT: port() }, { PORT: '65536' })).toBe(
      'Invalid environment: PORT must be an integer between 1 and 65535 (got "65536")',
    );
  });
});

describe('bool', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['on', true],
    ['false', false],
    ['0', false],
    ['No', false],
    ['off', false],
  ])('reads %p as %p', (raw, expected) => {
    expect(loadEnv({ FLAG: bool() }, { FLAG: raw }).FLAG).toBe(expected);
  });

  it('refuses anything else and uses its default when unset', () => {
    expect(errorFor({ FLAG: bool() }, { FLAG: 'maybe' })).toBe(
      'Invalid environment: FLAG must be a boolean (true/false, 1/0, yes/no, on/off) (got "maybe")',
    );
    expect(loadEnv({ FLAG: bool({ default: true }) }, {}).FLAG).toBe(true);
  });
});

describe('url', () => {
  const schema = { DATABASE_URL: url({ protocols: ['postgres:', 'postgresql:'] }) };

  it('keeps a valid URL as given', () => {
    const value = 'postgres://app@127.0.0.1:5432/concord';
    expect(loadEnv(schema, { DATABASE_URL: value }).DATABASE_URL).toBe(value);
  });

  it('refuses another scheme and hides the password when quoting the value', () => {
    const message = errorFor(schema, { DATABASE_URL: 'mysql://app:hunter22@db/concord' });
    expect(message).toBe(
      'Invalid environment: DATABASE_URL must be a URL with scheme postgres: or postgresql: ' +
        '(got "mysql://app:%5Bredacted%5D@db/concord")',
    );
    expect(message).not.toContain('hunter22');
  });

  it('shows only the length of a value that does not parse', () => {
    for (const value of ['app:hunter22@db', '//app:hunter22@db']) {
      const message = errorFor(schema, { DATABASE_URL: value });
      expect(message).toContain(`(got a value of ${value.length} characters)`);
      expect(message).not.toContain('hunter22');
    }
  });

  it('accepts any scheme when none is listed', () => {
    expect(loadEnv({ U: url() }, { U: 'https://example.com' }).U).toBe('https://example.com');
  });
});

describe('list', () => {
  it('splits, trims and drops empty items', () => {
    const config = loadEnv({ BROKERS: list() }, { BROKERS: ' a:1, b:2 ,,' });
    expect(config.BROKERS).toEqual(['a:1', 'b:2']);
    expect(Object.isFrozen(config.BROKERS)).toBe(true);
  });

  it('uses another separator and a default', () => {
    expect(loadEnv({ L: list({ separator: ';' }) }, { L: 'a;b' }).L).toEqual(['a', 'b']);
    expect(loadEnv({ L: list({ default: ['x'] }) }, {}).L).toEqual(['x']);
  });

  it('checks every item', () => {
    const schema = { L: list({ item: { regex: /^\w+:\d+$/, description: 'host:port' } }) };
    expect(errorFor(schema, { L: 'a:1,b' })).toBe(
      'Invalid environment: L must list items that are each host:port (item 2 is not) (got "a:1,b")',
    );
    expect(errorFor(schema, { L: ',' })).toContain(
      'L must list at least one item separated by ","',
    );
  });
});

describe('duration', () => {
  it.each([
    ['250', 250],
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    [' 10 S ', 10_000],
  ])('reads %p as %p ms', (raw, expected) => {
    expect(loadEnv({ TIMEOUT: duration() }, { TIMEOUT: raw }).TIMEOUT).toBe(expected);
  });

  it('refuses garbage and values out of bounds', () => {
    expect(errorFor({ T: duration() }, { T: 'soon' })).toBe(
      'Invalid environment: T must be a duration (milliseconds, or a number with ms, s, m, h or d) (got "soon")',
    );
    expect(errorFor({ T: duration({ min: 1000, max: 5000 }) }, { T: '6s' })).toContain(
      'T must be a duration between 1000 and 5000 ms',
    );
    expect(errorFor({ T: duration({ min: 1000 }) }, { T: '1' })).toContain('of at least 1000 ms');
    expect(errorFor({ T: duration({ max: 1000 }) }, { T: '2s' })).toContain('of at most 1000 ms');
  });
});

describe('secret fields', () => {
  it('never quote the value of a secret variable', () => {
    const schema = {
      API_TOKEN: str({ secret: true, pattern: { regex: /^tok_/, description: 'a token' } }),
    };
    const message = errorFor(schema, { API_TOKEN: 'hunter2-password' });
    expect(message).toBe(
      'Invalid environment: API_TOKEN must be a token (got a value of 16 characters)',
    );
    expect(message).not.toContain('hunter2');
  });
});
