import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** pino to stderr: JSON, or human-readable when stderr is a terminal. Data never goes here. */
export function createLogger(level = 'info'): Logger {
  if (process.stderr.isTTY) {
    return pino({ level }, pretty({ destination: 2, sync: true, ignore: 'pid,hostname' }));
  }
  return pino({ level }, pino.destination({ fd: 2, sync: true }));
}
