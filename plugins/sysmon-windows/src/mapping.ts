import type { NetworkSession } from '@asimkit/schema';
import {
  hostEventFromEventTableRow,
  hostEventFromWindowsEventRow,
  mapSysmonNetworkConnect,
  notSysmonNetworkEvent,
  skip,
  summarizeHostEvents,
  SYSMON_PROVIDER,
  tableInt,
  type HostEvent,
  type Skip,
  type SniffSample,
  type TableRow,
} from '@asimkit/sdk';

const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';

/**
 * Microsoft's filters: WindowsEvent rows whose `Provider` is Microsoft-Windows-Sysmon
 * (`ASimNetworkSessionMicrosoftSysmonWindowsEvent`), Event rows whose `Source` is
 * (`ASimNetworkSessionMicrosoftSysmon`); the channel is accepted too. Event 3 is selected in `map`,
 * so the other Sysmon events are skipped with what they are.
 */
export function claimsSysmonRow(row: TableRow): boolean {
  if (row.Type === 'Event' || (row.Source !== undefined && row.EventLog !== undefined)) return row.Source === SYSMON_PROVIDER || row.EventLog === SYSMON_CHANNEL;
  return row.Provider === SYSMON_PROVIDER || row.Channel === SYSMON_CHANNEL;
}

export function notSysmonRow(_row: TableRow): Skip {
  return skip('not a Sysmon row');
}

/** A claimed row → HostEvent; events other than 3 are skipped before their EventData is read. */
export function sysmonEventFromRow(row: TableRow): HostEvent | Skip {
  const id = tableInt(row.EventID);
  if (id !== 3) return notSysmonNetworkEvent(id === undefined || Number.isNaN(id) ? undefined : id);
  return row.Type === 'Event' || row.EventLog !== undefined ? hostEventFromEventTableRow(row) : hostEventFromWindowsEventRow(row);
}

/** Sysmon event 3 through the SDK's one mapping (`mapSysmonNetworkConnect`), shared with sysmon-linux. */
export function mapSysmonWindows(ev: HostEvent, receivedAt: string): NetworkSession | Skip {
  if (ev.provider !== undefined && ev.provider !== SYSMON_PROVIDER) return skip(`not a Sysmon event (provider ${ev.provider})`);
  return mapSysmonNetworkConnect(ev, { product: 'Sysmon', os: 'Windows', receivedAt });
}

/** 0.9 × the share of Sysmon events in the sample, whatever the envelope. */
export function sniffSysmonWindows(sample: SniffSample): number {
  const s = summarizeHostEvents(sample);
  if (s.total === 0) return 0;
  return (0.9 * (s.providers.get(SYSMON_PROVIDER) ?? 0)) / s.total;
}
