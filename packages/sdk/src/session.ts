import { applyAliases, type NetworkSession } from '@asimkit/schema';
import { epochMillisToIso } from './values.js';

/** Sets `field` only when there is a value, so records carry no empty fields. */
export function setIf<K extends keyof NetworkSession>(rec: NetworkSession, field: K, value: NetworkSession[K] | undefined): void {
  if (value !== undefined) rec[field] = value;
}

/**
 * The last step of every mapping: attaches `additional` as AdditionalFields when it holds
 * anything, then fills the R15 aliases.
 */
export function finishSession(rec: NetworkSession, additional: Record<string, unknown>): NetworkSession {
  for (const _ in additional) {
    rec.AdditionalFields = additional;
    break;
  }
  return applyAliases(rec);
}

/**
 * TimeGenerated as DESIGN "Time" says: the record's own time (`ownMs`), else the time the table
 * row carries, else the receive time — and then `additional.TimeGeneratedSource` says so.
 */
export function sessionTime(
  ownMs: number | undefined,
  tableTime: string | undefined,
  receivedAt: string,
  additional: Record<string, unknown>,
): { iso: string; ms: number } {
  if (ownMs !== undefined) return { iso: epochMillisToIso(ownMs), ms: ownMs };
  if (tableTime !== undefined) return { iso: tableTime, ms: Date.parse(tableTime) };
  additional.TimeGeneratedSource = 'receive time (the record has no time of its own)';
  return { iso: receivedAt, ms: Date.parse(receivedAt) };
}

/**
 * Whether `new Date(ms).toISOString()` writes the canonical `yyyy-mm-ddThh:mm:ss.sssZ` (years 0000 to
 * 9999; beyond, it writes a signed six-digit year, which no ASIM datetime is): so a detector fast
 * path accepts only times the record check would.
 */
export function isCanonicalTimeMs(ms: number): boolean {
  return ms >= -62167219200000 && ms <= 253402300799999;
}

/** The `ms` of `sessionTime`, without writing the ISO text (a detector fast path). */
export function sessionTimeMs(ownMs: number | undefined, tableTime: string | undefined, receivedAt: string): number {
  return ownMs ?? Date.parse(tableTime ?? receivedAt);
}
