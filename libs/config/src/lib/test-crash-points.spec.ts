import { ConfigError } from './config.error';
import { loadEnv } from './load-env';
import { kafkaEnv } from './slices/kafka.env';
import { type CrashPoint, CrashPoints, parseCrashAt } from './test-crash-points';

function refusal(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('test crash points', () => {
  it('are off unless CONCORD_TEST_CRASH_AT names one', () => {
    expect(parseCrashAt({})).toBeNull();
    expect(parseCrashAt({ CONCORD_TEST_CRASH_AT: '' })).toBeNull();
  });

  it('read the point and the nth time, once by default', () => {
    expect(parseCrashAt({ CONCORD_TEST_CRASH_AT: 'after-external-write' })).toEqual({
      point: 'after-external-write',
      nth: 1,
    });
    expect(
      parseCrashAt({ CONCORD_TEST_CRASH_AT: 'before-offset-commit:catalog-inbound@3' }),
    ).toEqual({ point: 'before-offset-commit:catalog-inbound', nth: 3 });
  });

  it('crash exactly at the nth time the armed point is reached, and at no other point', () => {
    const crashes: CrashPoint[] = [];
    const points = new CrashPoints({ point: 'after-external-write', nth: 2 }, (point) =>
      crashes.push(point),
    );
    points.reach('before-offset-commit:catalog-inbound');
    points.reach('after-external-write');
    expect(crashes).toEqual([]);
    points.reach('after-external-write');
    expect(crashes).toEqual(['after-external-write']);
    points.reach('after-external-write');
    expect(crashes).toHaveLength(1);
  });

  it('refuse an unknown point or a production environment, naming the variable', () => {
    expect(refusal(() => parseCrashAt({ CONCORD_TEST_CRASH_AT: 'somewhere' }))).toContain(
      'CONCORD_TEST_CRASH_AT must be after-external-write or before-offset-commit:<group>',
    );
    expect(
      refusal(() =>
        parseCrashAt({ CONCORD_TEST_CRASH_AT: 'after-external-write', NODE_ENV: 'production' }),
      ),
    ).toContain('CONCORD_TEST_CRASH_AT is for tests only');
  });

  it('make every app that loads the Kafka settings refuse to start with a bad value', () => {
    expect(refusal(() => loadEnv(kafkaEnv, { CONCORD_TEST_CRASH_AT: 'after-write@0' }))).toContain(
      'CONCORD_TEST_CRASH_AT must be after-external-write or before-offset-commit:<group>',
    );
    expect(
      refusal(() =>
        loadEnv(kafkaEnv, {
          CONCORD_TEST_CRASH_AT: 'after-external-write',
          NODE_ENV: 'production',
        }),
      ),
    ).toContain('CONCORD_TEST_CRASH_AT is for tests only');
    expect(
      loadEnv(kafkaEnv, { CONCORD_TEST_CRASH_AT: 'after-external-write@2' }).CONCORD_TEST_CRASH_AT,
    ).toBe('after-external-write@2');
  });
});
