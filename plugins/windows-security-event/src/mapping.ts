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
 * Security log export), on Winlogbeat and flat (OTRF-style) records; not on NXLog records (read from a Windows Event
 * Collector: windows-forwarded-event's), WindowsEvent or Event rows.
 */
export function sniffSecurityEvents(sample: SniffSample): number {
  const s = summarizeHostEvents(sample);
  if (s.total === 0) return 0;
  const share = (s.providers.get(SECURITY_AUDITING_PROVIDER) ?? 0) / s.total;
  switch (s.envelope) {
    case 'SecurityEvent':
      return 0.9 * share;
    case 'xml':
      return (s.rendered > 0 ? 0.6 : 0.85) * share;
    case 'winlogbeat':
    case 'flat':
      return 0.85 * share;
    case 'nxlog':
      return 0.4 * share;
    default:
      return 0;
  }
}
