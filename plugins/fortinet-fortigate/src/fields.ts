import type { CommonSecurityLogRow } from '@asimkit/sdk';

/**
 * FortiOS fields without a CEF key travel in AdditionalExtensions under one of several prefixes
 * (spec §2.1, §6): `FTNTFGT` (FortiOS 5.6/6.x), `FortinetFortiGate` (other builds, and Microsoft's
 * own sample data), `ad.` (FortiAnalyzer forwarding), or none (Microsoft's synthetic rows, and our
 * native decoder). This is their union, keyed by the FortiOS field name.
 */
const PREFIXES = ['FTNTFGT', 'FortinetFortiGate', 'ad.'] as const;

/**
 * The row's AdditionalExtensions by FortiOS field name. A prefixed key wins over the bare one (as
 * Microsoft's parser reads `FTNTFGT<k>` first); among equals the first occurrence wins (KQL parse-kv).
 */
export function fortiFields(row: CommonSecurityLogRow): Map<string, string> {
  const fields = new Map<string, string>();
  const prefixed = new Set<string>();
  const kv = row.AdditionalExtensionsKV;
  if (kv === undefined) return fields;
  for (const [key, value] of kv) {
    let name = key;
    let hasPrefix = false;
    for (const p of PREFIXES) {
      if (key.length > p.length && key.startsWith(p)) {
        name = key.slice(p.length);
        hasPrefix = true;
        break;
      }
    }
    if (hasPrefix) {
      if (prefixed.has(name)) continue;
      prefixed.add(name);
      fields.set(name, value);
    } else if (!fields.has(name)) {
      fields.set(name, value);
    }
  }
  return fields;
}
