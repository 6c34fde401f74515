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
import { claimsForwardedRow, forwardedEventFromRow, mapForwardedEvent, notForwardedRow, sniffForwardedEvents } from './mapping.js';

const optionsSchema = z.object({ timezone: timezoneOption });

export type WindowsForwardedEventOptions = z.infer<typeof optionsSchema>;

/**
 * Windows Filtering Platform audit events (5150–5159) collected by Windows Event Forwarding:
 * WindowsEvent rows (table form; the table also holds Sysmon, which sysmon-windows claims), and the
 * raw forms — forwarded event XML (with or without RenderingInfo), NXLog JSON read from a Windows
 * Event Collector, Winlogbeat JSON.
 */
export class WindowsForwardedEventParser implements SourceParser<HostEvent, WindowsForwardedEventOptions> {
  readonly id = 'windows-forwarded-event';
  readonly tables = ['WindowsEvent'] as const;
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: "IANA zone or offset of the collector's zone-less local times (NXLog EventTime); unset: NXLog's UTC @timestamp is used instead",
  };

  createDecoder(ctx: StreamContext<WindowsForwardedEventOptions>): RawDecoder<HostEvent> {
    return new HostEventDecoder(flatRecordTime(ctx.options));
  }

  claimsRow(row: TableRow): boolean {
    return claimsForwardedRow(row);
  }

  fromTableRow(row: TableRow): HostEvent | Skip {
    return claimsForwardedRow(row) ? forwardedEventFromRow(row) : notForwardedRow(row);
  }

  map(ev: HostEvent, ctx: StreamContext<WindowsForwardedEventOptions>): NetworkSession | Skip {
    return mapForwardedEvent(ev, ctx.receivedAt);
  }

  sniff(sample: SniffSample): number {
    return sniffForwardedEvents(sample);
  }
}
