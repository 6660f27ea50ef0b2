import { readFileSync } from 'node:fs';

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/** Finds `name` in the text of /etc/passwd (`name:x:uid:gid:...`). */
export function findPasswdEntry(passwd: string, name: string): OsUser | undefined {
  for (const line of passwd.split('\n')) {
    const [entryName, , uid, gid] = line.split(':');
    if (entryName !== name || uid === undefined || gid === undefined) continue;
    const parsed = { name, uid: Number(uid), gid: Number(gid) };
    if (Number.isInteger(parsed.uid) && Number.isInteger(parsed.gid)) return parsed;
  }
  return undefined;
}

/** The OS user `name` from /etc/passwd, or undefined if it has no entry there. */
export function lookupOsUser(name: string, passwdFile = '/etc/passwd'): OsUser | undefined {
  try {
    return findPasswdEntry(readFileSync(passwdFile, 'utf8'), name);
  } catch {
    return undefined;
  }
}

export function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
