import type { NetworkSession } from '@asimkit/schema';
import {
  hostEventFromWindowsEventRow,
  isWfpEventId,
  mapSysmonNetworkConnect,
  mapWfpEvent,
  notWfpEvent,
  SECURITY_AUDITING_PROVIDER,
  skip,
  summarizeHostEvents,
  SYSMON_PROVIDER,
  tableInt,
  type HostEvent,
  type Skip,
  type SniffSample,
  type TableRow,
} from '@asimkit/sdk';

/**
 * The WindowsEvent rows this plugin takes: every row except Sysmon's (sysmon-windows takes those),
 * so the other events of the table are skipped here with what they are.
 */
export function claimsForwardedRow(row: TableRow): boolean {
  return row.Provider !== SYSMON_PROVIDER && row.Channel !== 'Microsoft-Windows-Sysmon/Operational';
}

export function notForwardedRow(_row: TableRow): Skip {
  return skip('a Sysmon row (sysmon-windows reads it)');
}

/** WindowsEvent row → HostEvent, WFP events only: other event ids are skipped before EventData is read. */
export function forwardedEventFromRow(row: TableRow): HostEvent | Skip {
  const id = tableInt(row.EventID);
  if (id === undefined || Number.isNaN(id) || !isWfpEventId(id)) return notWfpEvent(id === undefined || Number.isNaN(id) ? undefined : id);
  return hostEventFromWindowsEventRow(row);
}

/**
 * Every form maps through the SDK's one WFP mapping (`mapWfpEvent`, README "Mapping"). A collector
 * forwards the Sysmon channel too, and a raw file (forwarded XML, NXLog) is read by one plugin as a
 * whole: its Sysmon events map through the SDK's Sysmon mapping, as sysmon-windows maps them, so no
 * network event of the file is lost. (WindowsEvent rows are routed per row: Sysmon's go to sysmon-windows.)
 */
export function mapForwardedEvent(ev: HostEvent, receivedAt: string): NetworkSession | Skip {
  if (ev.provider === SYSMON_PROVIDER) return mapSysmonNetworkConnect(ev, { product: 'Sysmon', os: 'Windows', receivedAt });
  return mapWfpEvent(ev, { receivedAt });
}

/**
 * Confident on WindowsEvent rows (but for Sysmon's), on forwarded XML (RenderingInfo) of the
 * Security-Auditing provider, and on NXLog records read from a collector that hold WFP events;
 * less so on plain event XML and Winlogbeat records, which windows-security-event claims more
 * strongly; not on SecurityEvent or Event rows.
 */
export function sniffForwardedEvents(sample: SniffSample): number {
  const s = summarizeHostEvents(sample);
  if (s.total === 0) return 0;
  const security = s.providers.get(SECURITY_AUDITING_PROVIDER) ?? 0;
  const share = security / s.total;
  switch (s.envelope) {
    case 'WindowsEvent':
      return (0.9 * (s.total - (s.providers.get(SYSMON_PROVIDER) ?? 0))) / s.total;
    case 'xml':
      return (s.rendered > 0 ? 0.85 : 0.6) * share;
    case 'nxlog': {
      let wfp = 0;
      for (const [id, n] of s.eventIds) if (isWfpEventId(id)) wfp += n;
      return wfp > 0 ? 0.85 : 0.6 * share;
    }
    case 'winlogbeat':
    case 'flat':
      return 0.6 * share;
    default:
      return 0;
  }
}
