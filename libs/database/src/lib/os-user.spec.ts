import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findPasswdEntry, lookupOsUser } from './os-user';

const passwd = [
  'root:x:0:0:root:/root:/bin/bash',
  'postgresql:x:200:200::/home/postgresql:/bin/sh',
  'postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash',
  '',
].join('\n');

describe('findPasswdEntry', () => {
  it('finds the exact user name with its uid and gid', () => {
    expect(findPasswdEntry(passwd, 'postgres')).toEqual({ name: 'postgres', uid: 101, gid: 104 });
  });

  it('returns undefined for a missing user or a malformed line', () => {
    expect(findPasswdEntry(passwd, 'nobody')).toBeUndefined();
    expect(findPasswdEntry('postgres:x:abc:1', 'postgres')).toBeUndefined();
  });
});

describe('lookupOsUser', () => {
  it('reads the given passwd file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'passwd-')), 'passwd');
    writeFileSync(file, passwd);
    expect(lookupOsUser('postgresql', file)).toEqual({ name: 'postgresql', uid: 200, gid: 200 });
  });

  it('returns undefined when the file cannot be read', () => {
    expect(lookupOsUser('postgres', '/nonexistent/passwd')).toBeUndefined();
  });
});
