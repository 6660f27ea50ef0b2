/**
 * Preloaded into every app the harness starts (`node --import <this> script`): once the process
 * that started it is gone (its parent pid changes when it is re-parented), the app kills itself.
 * Exit hooks cannot do this job: Jest gives tests a copy of `process` whose 'exit' listeners never
 * fire, and nothing runs at all when a worker is SIGKILLed.
 */
const guard = [
  'const parent = process.ppid;',
  "setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL'); }, 250).unref();",
].join('\n');

export const ORPHAN_GUARD_IMPORT = `data:text/javascript,${encodeURIComponent(guard)}`;
