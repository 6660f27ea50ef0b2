import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parsePostmasterPid, runningPostmaster } from './postmaster-pid';

describe('postmaster.pid', () => {
  it('parses the pid and port lines', () => {
    expect(parsePostmasterPid('4242\n/data\n1700000000\n5433\n\n127.0.0.1\n')).toEqual({
      pid: 4242,
      port: 5433,
    });
    expect(parsePostmasterPid('garbage')).toBeUndefined();
  });

  it('reports a server only while its process lives', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pgdata-'));
    expect(runningPostmaster(dataDir)).toBeUndefined();
    writeFileSync(join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n0\n5999\n`);
    expect(runningPostmaster(dataDir)).toEqual({ pid: process.pid, port: 5999 });
    // Linux caps pid_max at 2^22 and every pid is below it, so no process has this one.
    writeFileSync(join(dataDir, 'postmaster.pid'), `4194304\n${dataDir}\n0\n5999\n`);
    expect(runningPostmaster(dataDir)).toBeUndefined();
  });
});
