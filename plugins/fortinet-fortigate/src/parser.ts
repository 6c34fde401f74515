import type { DetectorKey, NetworkSession } from '@asimkit/schema';
import {
  CefFamilyParser,
  streamTimeOptions,
  timezoneOption,
  type CefFields,
  type CommonSecurityLogRow,
  type NativeSyslogFormat,
  type Skip,
  type StreamContext,
  type SyslogTimeOptions,
  type TableRow,
  z,
} from '@asimkit/sdk';
import { FORTIGATE_CEF_DETECTOR_KEYS, fortiGateCefDetectorKey } from './cef-detector-key.js';
import { isFortiGate, notFortiGate } from './claims.js';
import { mapFortiGate } from './mapping.js';
import { FortiGateNativeDecoder, isFortiGateNative } from './native-decoder.js';

const optionsSchema = z.object({ timezone: timezoneOption });

export type FortiGateOptions = z.infer<typeof optionsSchema>;

/** FortiOS native key=value syslog (spec §2.1), read besides its CEF format. */
const NATIVE: NativeSyslogFormat = {
  isLine: isFortiGateNative,
  createDecoder: (time) => new FortiGateNativeDecoder(time),
  rejectReason: 'not-fortigate',
  name: 'FortiOS key=value syslog',
};

/**
 * Fortinet FortiGate traffic logs: FortiOS CEF lines (through the shared `cef-syslog` codec),
 * FortiOS native key=value syslog, and exported CommonSecurityLog rows.
 */
export class FortiGateParser extends CefFamilyParser<FortiGateOptions> {
  readonly id = 'fortinet-fortigate';
  readonly optionsSchema = optionsSchema;
  /** With `--source`, native lines are decoded here and CEF lines by the shared codec; the sniff claims native lines only. */
  override readonly nativeFormat = NATIVE;
  readonly optionsHelp = {
    timezone: 'IANA zone or offset (e.g. Europe/Berlin, +02:00) for syslog timestamps without a zone; default UTC',
  };

  override readonly cefDetectorKeys = FORTIGATE_CEF_DETECTOR_KEYS;

  /** The detector's fast path over CEF traffic lines (`fortiGateCefDetectorKey`); native lines have their own (`detector-key.ts`). */
  override cefDetectorKey(cef: CefFields, key: DetectorKey, ctx: StreamContext<FortiGateOptions>, time: SyslogTimeOptions): boolean {
    return fortiGateCefDetectorKey(cef, key, ctx, time);
  }

  claimsRow(row: TableRow): boolean {
    return isFortiGate(row);
  }

  override notMine(row: TableRow): Skip {
    return notFortiGate(row);
  }

  map(row: CommonSecurityLogRow, ctx: StreamContext<FortiGateOptions>): NetworkSession | Skip {
    return mapFortiGate(row, ctx.receivedAt, streamTimeOptions(ctx));
  }
}
