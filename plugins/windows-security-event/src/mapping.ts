import type { NetworkSession } from '@asimkit/schema';
import {
  hostEventFromSecurityEventRow,
  isWfpEventId,
  mapWfpEvent,
  notWfpEvent,
  SECURITY_AUDITING_PROVIDER,
  summarizeHostEvents,
  tableInt,
  type HostEvent,
  type Skip,
  type SniffSample,
  type TableRow,
} from '@asimkit/sdk';

/**
 * SecurityEvent row → HostEvent, WFP events only: every other event id (the table is full of 4624s
 * and 4688s) is skipped by its id before its EventData XML is parsed.
 */
export function securityEventFromRow(row: TableRow): HostEvent | Skip {
  const id = tableInt(row.EventID);
  if (id === undefined || Number.isNaN(id) || !isWfpEventId(id)) return notWfpEvent(id === undefined || Number.isNaN(id) ? undefined : id);
  return hostEventFromSecurityEventRow(row);
}

/** Every form maps through the SDK's one WFP mapping (`mapWfpEvent`, README "Mapping"). */
export function mapSecurityEvent(ev: HostEvent, receivedAt: string): NetworkSession | Skip {
  return mapWfpEvent(ev, { receivedAt });
}

/**
 * Confident on SecurityEvent rows, on Security-Auditing event XML without RenderingInfo (a local
 * Security log export) and on Winlogbeat records of the Security channel; less so on NXLog records
 * and rendered XML, which windows-forwarded-event claims more strongly (events forwarded by a WEC).
 */
export function sniffSecurityEvents(sample: SniffSample): number {
  const s = summarizeHostEvents(sample);
  if (s.total === 0) return 0;
  const security = s.providers.get(SECURITY_AUDITING_PROVIDER) ?? 0;
  const rows = s.envelopes.get('SecurityEvent') ?? 0;
  if (rows > 0) return (0.9 * rows) / s.total;
  if (security === 0) return 0;
  const share = security / s.total;
  const xml = s.envelopes.get('xml') ?? 0;
  if (xml > 0) return (s.rendered > 0 ? 0.6 : 0.85) * Math.max(share, 0.6);
  if ((s.envelopes.get('winlogbeat') ?? 0) > 0) return 0.85 * Math.max(share, 0.6);
  return 0.6 * Math.max(share, 0.6);
}
