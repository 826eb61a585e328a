// Crash points for tests that must kill the real process between two writes (a crash cannot be
// simulated by throwing: a throw runs catch and finally blocks, a crash runs nothing).
// NODE_ENV=test with ONESTOP_CRASH_AT=<name> makes the process kill itself with SIGKILL when it
// reaches that point. Read straight from the environment, not from config.ts, because it is no
// setting of the app: outside NODE_ENV=test it is never looked at.
export function crashPoint(name: string): void {
  if (process.env.NODE_ENV === 'test' && process.env.ONESTOP_CRASH_AT === name) {
    process.kill(process.pid, 'SIGKILL');
  }
}
