import type { NetworkSession } from '@asimkit/schema';
import {
  CefFamilyParser,
  streamTimeOptions,
  type CefFields,
  type SyslogTimeOptions,
  timezoneOption,
  type CommonSecurityLogRow,
  type NativeSyslogFormat,
  type Skip,
  type StreamContext,
  type TableRow,
  z,
} from '@asimkit/sdk';
import type { DetectorKey } from '@asimkit/schema';
import { CHECKPOINT_CEF_DETECTOR_KEYS, checkPointCefDetectorKey } from './detector-key.js';
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
  /** With `--source`, native lines are decoded here and CEF lines by the shared codec; the sniff claims native lines only. */
  override readonly nativeFormat = NATIVE;
  readonly optionsHelp = {
    timezone: 'IANA zone or offset (e.g. Europe/Berlin, +02:00) for syslog timestamps without a zone; default UTC',
  };

  override readonly cefDetectorKeys = CHECKPOINT_CEF_DETECTOR_KEYS;

  /** The detector's fast path over Log Exporter CEF lines (`checkPointCefDetectorKey`). */
  override cefDetectorKey(cef: CefFields, key: DetectorKey, ctx: StreamContext<CheckPointOptions>, time: SyslogTimeOptions): boolean {
    return checkPointCefDetectorKey(cef, key, ctx, time);
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
}
