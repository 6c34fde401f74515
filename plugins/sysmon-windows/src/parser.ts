import type { NetworkSession } from '@asimkit/schema';
import {
  flatRecordTime,
  HostEventDecoder,
  timezoneOption,
  z,
  type HostEvent,
  type RawDecoder,
  type Skip,
  type SniffSample,
  type SourceParser,
  type StreamContext,
  type TableRow,
} from '@asimkit/sdk';
import { claimsSysmonRow, mapSysmonWindows, notSysmonRow, sniffSysmonWindows, sysmonEventFromRow } from './mapping.js';

const optionsSchema = z.object({ timezone: timezoneOption });

export type SysmonWindowsOptions = z.infer<typeof optionsSchema>;

/**
 * Sysmon for Windows event 3 (NetworkConnect): WindowsEvent rows (AMA), Event rows (the legacy
 * agent), and the raw forms — event XML, NXLog and Winlogbeat JSON records.
 */
export class SysmonWindowsParser implements SourceParser<HostEvent, SysmonWindowsOptions> {
  readonly id = 'sysmon-windows';
  readonly tables = ['WindowsEvent', 'Event'] as const;
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: "IANA zone or offset of a collector's zone-less local times (NXLog EventTime), for events without a UtcTime; default: not used",
  };

  createDecoder(ctx: StreamContext<SysmonWindowsOptions>): RawDecoder<HostEvent> {
    return new HostEventDecoder(flatRecordTime(ctx.options));
  }

  claimsRow(row: TableRow): boolean {
    return claimsSysmonRow(row);
  }

  fromTableRow(row: TableRow): HostEvent | Skip {
    return claimsSysmonRow(row) ? sysmonEventFromRow(row) : notSysmonRow(row);
  }

  map(ev: HostEvent, ctx: StreamContext<SysmonWindowsOptions>): NetworkSession | Skip {
    return mapSysmonWindows(ev, ctx.receivedAt);
  }

  sniff(sample: SniffSample): number {
    return sniffSysmonWindows(sample);
  }
}
