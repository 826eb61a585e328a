// The one pino logger of the process; created by main.ts (or a test) and passed down.
import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'onestop' } });
}
