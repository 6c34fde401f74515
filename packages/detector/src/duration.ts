import { DetectorError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+)(ms|s|m|h|d)/gy;
export const DAY_MS = 86_400_000;

/**
 * Parses a KQL-style timespan such as `10m`, `1h`, `600s`, `1h30m`, `500ms`, `1d` into
 * milliseconds. Throws a `DetectorError` with code `BAD_DURATION` otherwise.
 */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') {
    if (Number.isInteger(text) && text > 0) return text;
    throw new DetectorError('BAD_DURATION', `invalid duration ${text}: expected a positive whole number of milliseconds`);
  }
  const s = text.trim();
  let total = 0;
  let pos = 0;
  PART.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (pos < s.length && (m = PART.exec(s)) !== null) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    pos = PART.lastIndex;
  }
  if (s.length === 0 || pos !== s.length || !(total > 0) || !Number.isSafeInteger(total)) {
    throw new DetectorError(
      'BAD_DURATION',
      `invalid duration ${JSON.stringify(text)}: expected a positive amount such as 10m, 1h, 600s or 1h30m (units ms, s, m, h, d)`,
    );
  }
  return total;
}

/**
 * Parses and checks a bin size: it must divide one day evenly, so that flooring to the bin
 * is the same whatever epoch the engine counts from (KQL bin() over datetime; spec §d).
 */
export function parseBinSize(text: string | number): number {
  const ms = parseDuration(text);
  if (ms > DAY_MS || DAY_MS % ms !== 0) {
    throw new DetectorError(
      'BAD_BIN_SIZE',
      `invalid bin size ${JSON.stringify(text)}: it must divide one day evenly (e.g. 1m, 5m, 10m, 15m, 20m, 30m, 1h, 1d)`,
    );
  }
  return ms;
}

/** Formats milliseconds compactly: 600000 → "10m", 5400000 → "1h30m". */
export function formatDuration(ms: number): string {
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['d', DAY_MS], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out || '0ms';
}
