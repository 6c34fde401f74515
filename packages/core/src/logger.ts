import { pino, type Logger } from '@asimkit/vendor/pino';

// pino-pretty costs ~30 ms to load: only a terminal gets it
const pretty = process.stderr.isTTY ? (await import('pino-pretty')).default : undefined;

export type { Logger };

/** pino to stderr: JSON, or human-readable when stderr is a terminal. Data never goes here. */
export function createLogger(level = 'info'): Logger {
  if (pretty) {
    return pino({ level }, pretty({ destination: 2, sync: true, ignore: 'pid,hostname' }));
  }
  return pino({ level }, pino.destination({ fd: 2, sync: true }));
}
