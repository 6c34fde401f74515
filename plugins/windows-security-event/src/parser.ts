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
import { mapSecurityEvent, securityEventFromRow, sniffSecurityEvents } from './mapping.js';

const optionsSchema = z.object({ timezone: timezoneOption });

export type WindowsSecurityEventOptions = z.infer<typeof optionsSchema>;

/**
 * Windows Filtering Platform audit events (5150–5159) of the Security log: SecurityEvent rows
 * (table form), and the raw forms of the same events — event XML (wevtutil, Get-WinEvent; a file
 * of events is framed per event), Winlogbeat and NXLog JSON records.
 */
export class WindowsSecurityEventParser implements SourceParser<HostEvent, WindowsSecurityEventOptions> {
  readonly id = 'windows-security-event';
  readonly tables = ['SecurityEvent'] as const;
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: "IANA zone or offset of a collector's zone-less local times (NXLog EventTime); unset: NXLog's UTC @timestamp is used instead",
  };

  createDecoder(ctx: StreamContext<WindowsSecurityEventOptions>): RawDecoder<HostEvent> {
    return new HostEventDecoder(flatRecordTime(ctx.options));
  }

  fromTableRow(row: TableRow): HostEvent | Skip {
    return securityEventFromRow(row);
  }

  map(ev: HostEvent, ctx: StreamContext<WindowsSecurityEventOptions>): NetworkSession | Skip {
    return mapSecurityEvent(ev, ctx.receivedAt);
  }

  sniff(sample: SniffSample): number {
    return sniffSecurityEvents(sample);
  }
}
