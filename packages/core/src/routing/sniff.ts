import { ConfigError, isBlankLine, type SniffSample } from '@asimkit/sdk';
import type { Logger } from '../logger.js';
import type { AnyParser } from '../registry.js';

/** Lines (or records) of an input's start that sniffing looks at. */
export const SNIFF_LINES = 50;
/** A sniff at or above this is a confident claim. */
export const CONFIDENT = 0.5;

/** A candidate way of reading an input, with how sure it is. */
export interface Scored<T> {
  readonly route: T;
  readonly name: string;
  readonly score: number;
}

/** A parser's confidence, 0 when it throws (a broken sniff must not stop a run). */
export function safeSniff(parser: Pick<AnyParser, 'sniff'>, sample: SniffSample): number {
  try {
    const score = parser.sniff?.(sample) ?? 0;
    return Number.isFinite(score) ? score : 0;
  } catch {
    return 0;
  }
}

/**
 * The most confident candidate at or above 0.5; the first listed wins a tie (callers list the
 * per-line router first, since routing also reads a file that mixes sources). Otherwise a
 * configuration error naming the candidates and their scores.
 */
export function pickConfident<T>(scored: readonly Scored<T>[], path: string, log: Logger): T {
  let best: Scored<T> | undefined;
  for (const s of scored) if (!best || s.score > best.score) best = s;
  if (best && best.score >= CONFIDENT) {
    log.info({ path, source: best.name, confidence: best.score }, 'source detected');
    return best.route;
  }
  const list = [...scored].sort((a, b) => b.score - a.score).map(({ name, score }) => `${name} (${score.toFixed(2)})`).join(', ') || 'none';
  throw new ConfigError('unknown-format', `${path}: cannot tell which source wrote this; pass --source ID. Candidates: ${list}`);
}

/** The first complete, non-blank lines of a chunk, for sniffing (the last one may be cut short). */
export function sampleLines(head: Buffer | string): string[] {
  const text = typeof head === 'string' ? head.slice(0, 1 << 18) : head.toString('utf8', 0, Math.min(head.length, 1 << 18));
  const lines = text.split(/\r\n|\r|\n/, SNIFF_LINES + 1);
  if (lines.length > 1 && lines.length <= SNIFF_LINES) lines.pop();
  return lines.slice(0, SNIFF_LINES).filter((l) => !isBlankLine(l));
}
