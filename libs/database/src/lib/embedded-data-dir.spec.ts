import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ValidationError } from '@concord/errors';

import { assertReachableBy, isInitialised, lastLines, prepareDataDir } from './embedded-data-dir';

// A user that owns nothing here, so only the "other" permission bits let it through.
const stranger = { name: 'postgres', uid: 4_000_001, gid: 4_000_001 };

describe('assertReachableBy', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'reach-'));
  });

  afterEach(() => {
    chmodSync(root, 0o755);
    rmSync(root, { recursive: true, force: true });
  });

  it('passes when every folder on the way lets others through', () => {
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'a', 'b'), { recursive: true, mode: 0o711 });
    expect(() => assertReachableBy(join(root, 'a', 'b'), stranger)).not.toThrow();
  });

  it('names the first folder that keeps the server user out', () => {
    chmodSync(root, 0o700);
    expect(() => assertReachableBy(root, stranger)).toThrow(ValidationError);
    expect(() => assertReachableBy(root, stranger)).toThrow(`cannot enter ${root}`);
  });
});

describe('data directory helpers', () => {
  it('treats a folder with PG_VERSION as initialised', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgdata-'));
    expect(isInitialised(dir)).toBe(false);
    writeFileSync(join(dir, 'PG_VERSION'), '18\n');
    expect(isInitialised(dir)).toBe(true);
  });

  it('creates missing parents passable by others, and the data directory itself private', () => {
    const root = mkdtempSync(join(tmpdir(), 'pgparent-'));
    chmodSync(root, 0o755);
    const dataDir = join(root, 'cache', 'postgres', 'dev');
    prepareDataDir(dataDir, undefined);
    expect(statSync(join(root, 'cache')).mode & 0o005).toBe(0o005);
    expect(statSync(join(root, 'cache', 'postgres')).mode & 0o005).toBe(0o005);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(() => assertReachableBy(join(root, 'cache', 'postgres'), stranger)).not.toThrow();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps the last lines of a log', () => {
    expect(lastLines('a\nb\nc\n\n', 2)).toBe('b\nc');
  });
});
