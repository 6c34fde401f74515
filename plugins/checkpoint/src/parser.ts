import type { NetworkSession } from '@asimkit/schema';
import {
  CefFamilyParser,
  NativeOrCefDecoder,
  sniffNativeOrCslRows,
  streamTimeOptions,
  timezoneOption,
  type CommonSecurityLogRow,
  type NativeSyslogFormat,
  type RawDecoder,
  type Skip,
  type SniffSample,
  type StreamContext,
  type TableRow,
} from '@asimkit/sdk';
import { z } from 'zod';
import { isCheckPointFirewall, notCheckPointFirewall } from './claims.js';
import { mapCheckPoint } from './mapping.js';
import { CheckPointNativeDecoder, isCheckPointNative } from './native-decoder.js';

const optionsSchema = z.object({ timezone: timezoneOption });

export type CheckPointOptions = z.infer<typeof optionsSchema>;

/** Log Exporter's native syslog formats (spec §2.1), read besides its CEF format. */
const NATIVE: NativeSyslogFormat = {
  isLine: isCheckPointNative,
  createDecoder: (time) => new CheckPointNativeDecoder(time),
  rejectReason: 'not-checkpoint',
  name: 'Check Point syslog',
};

/**
 * Check Point firewall (the `VPN-1 & FireWall-1` blade): Log Exporter CEF lines (through the shared
 * `cef-syslog` codec), Log Exporter's native syslog formats, and exported CommonSecurityLog rows.
 */
export class CheckPointParser extends CefFamilyParser<CheckPointOptions> {
  readonly id = 'checkpoint';
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: 'IANA zone or offset (e.g. Europe/Berlin, +02:00) for syslog timestamps without a zone; default UTC',
  };

  /**
   * With `--source checkpoint`: native syslog lines are decoded here, CEF lines by the shared
   * codec's decoder. Rows of other vendors or blades are skipped with what they are.
   */
  override createDecoder(ctx: StreamContext<CheckPointOptions>): RawDecoder<CommonSecurityLogRow> {
    return new NativeOrCefDecoder(this, NATIVE, ctx);
  }

  claimsRow(row: TableRow): boolean {
    return isCheckPointFirewall(row);
  }

  override notMine(row: TableRow): Skip {
    return notCheckPointFirewall(row);
  }

  map(row: CommonSecurityLogRow, ctx: StreamContext<CheckPointOptions>): NetworkSession | Skip {
    return mapCheckPoint(row, ctx.receivedAt, streamTimeOptions(ctx));
  }

  /** High confidence for the native formats only: CEF lines are the `cef-syslog` codec's to claim. */
  override sniff(sample: SniffSample): number {
    return sniffNativeOrCslRows(sample, isCheckPointFirewall, NATIVE);
  }
}
