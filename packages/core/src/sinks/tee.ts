import type { SessionSink } from '../types.js';

/** Writes every batch to each sink in turn (the ASIM output and a live detector, say). */
export function teeSink(...sinks: SessionSink[]): SessionSink {
  return {
    async write(records) {
      for (const s of sinks) await s.write(records);
    },
    async close() {
      for (const s of sinks) await s.close();
    },
  };
}
