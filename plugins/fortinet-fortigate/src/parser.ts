import type { NetworkSession } from '@asimkit/schema';
import {
  cefLineShare,
  cefSyslogCodec,
  cslRowFromTable,
  RecordRejected,
  skip,
  Skip,
  syslogTimeOptions,
  WallClock,
  type CommonSecurityLogRow,
  type RawDecoder,
  type RowOutput,
  type SniffSample,
  type SourceParser,
  type StreamContext,
  type SyslogTimeOptions,
  type TableRow,
} from '@asimkit/sdk';
import { z } from 'zod';
import { describeRow, isFortiGate } from './claims.js';
import { mapFortiGate } from './mapping.js';
import { FortiGateNativeDecoder, isFortiGateNative } from './native-decoder.js';

const optionsSchema = z.object({
  timezone: z
    .string()
    .optional()
    .superRefine((zone, ctx) => {
      if (zone === undefined) return;
      try {
        new WallClock(zone);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
});

export type FortiGateOptions = z.infer<typeof optionsSchema>;

/**
 * Fortinet FortiGate traffic logs: FortiOS CEF lines (through the shared `cef-syslog` codec),
 * FortiOS native key=value syslog, and exported CommonSecurityLog rows.
 */
export class FortiGateParser implements SourceParser<CommonSecurityLogRow, FortiGateOptions> {
  readonly id = 'fortinet-fortigate';
  readonly tables = ['CommonSecurityLog'];
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: 'IANA zone or offset (e.g. Europe/Berlin, +02:00) for syslog timestamps without a zone; default UTC',
  };
  readonly rawCodec = cefSyslogCodec;

  /**
   * With `--source fortinet-fortigate`: native syslog lines are decoded here, CEF lines by the shared
   * codec's decoder. Rows of other vendors are skipped with what they are.
   */
  createDecoder(ctx: StreamContext<FortiGateOptions>): RawDecoder<CommonSecurityLogRow> {
    const time = syslogTimeOptions(ctx.options, ctx.receivedAt);
    const native = new FortiGateNativeDecoder(time);
    const cef = cefSyslogCodec.createDecoder(ctx);
    return {
      decode(text: string, out: RowOutput<CommonSecurityLogRow>): void {
        if (cefLineShare([text]) === 0 || isFortiGateNative(text)) {
          try {
            return native.decode(text, out);
          } catch (err) {
            if (err instanceof RecordRejected && !isFortiGateNative(text)) {
              throw new RecordRejected('not-fortigate', `neither CEF nor FortiOS key=value syslog (${err.detail})`);
            }
            throw err;
          }
        }
        cef.decode(text, {
          row: (row) => (isFortiGate(row) ? out.row(row as CommonSecurityLogRow) : out.skip(`not a FortiGate log (${describeRow(row)})`)),
          skip: (reason) => out.skip(reason),
        });
      },
    };
  }

  claimsRow(row: TableRow): boolean {
    return isFortiGate(row);
  }

  fromTableRow(row: TableRow): CommonSecurityLogRow | Skip {
    if (!isFortiGate(row)) return skip(`not a FortiGate log (${describeRow(row)})`);
    return cslRowFromTable(row);
  }

  map(row: CommonSecurityLogRow, ctx: StreamContext<FortiGateOptions>): NetworkSession | Skip {
    return mapFortiGate(row, ctx.receivedAt, this.timeOptions(ctx));
  }

  /** High confidence for the native formats only: CEF lines are the `cef-syslog` codec's to claim. */
  sniff(sample: SniffSample): number {
    if (sample.rows) {
      const rows = sample.rows.filter((r) => r.DeviceVendor !== undefined);
      return rows.length > 0 && rows.some(isFortiGate) ? 0.9 * (rows.filter(isFortiGate).length / rows.length) : 0;
    }
    const lines = (sample.lines ?? []).filter((l) => l.trim() !== '');
    if (lines.length === 0) return 0;
    return 0.95 * (lines.filter(isFortiGateNative).length / lines.length);
  }

  private readonly times = new WeakMap<object, SyslogTimeOptions>();

  /** Time options per stream (the timezone option, the receive year), built once. */
  private timeOptions(ctx: StreamContext<FortiGateOptions>): SyslogTimeOptions {
    let t = this.times.get(ctx);
    if (t === undefined) this.times.set(ctx, (t = syslogTimeOptions(ctx.options, ctx.receivedAt)));
    return t;
  }
}
