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
import { describeRow, isCheckPointFirewall } from './claims.js';
import { mapCheckPoint } from './mapping.js';
import { CheckPointNativeDecoder, isCheckPointNative } from './native-decoder.js';

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

export type CheckPointOptions = z.infer<typeof optionsSchema>;

/**
 * Check Point firewall (the `VPN-1 & FireWall-1` blade): Log Exporter CEF lines (through the shared
 * `cef-syslog` codec), Log Exporter's native syslog formats, and exported CommonSecurityLog rows.
 */
export class CheckPointParser implements SourceParser<CommonSecurityLogRow, CheckPointOptions> {
  readonly id = 'checkpoint';
  readonly tables = ['CommonSecurityLog'];
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: 'IANA zone or offset (e.g. Europe/Berlin, +02:00) for syslog timestamps without a zone; default UTC',
  };
  readonly rawCodec = cefSyslogCodec;

  /**
   * With `--source checkpoint`: native syslog lines are decoded here, CEF lines by the shared
   * codec's decoder. Rows of other vendors or blades are skipped with what they are.
   */
  createDecoder(ctx: StreamContext<CheckPointOptions>): RawDecoder<CommonSecurityLogRow> {
    const time = syslogTimeOptions(ctx.options, ctx.receivedAt);
    const native = new CheckPointNativeDecoder(time);
    const cef = cefSyslogCodec.createDecoder(ctx);
    return {
      decode(text: string, out: RowOutput<CommonSecurityLogRow>): void {
        if (cefLineShare([text]) === 0 || isCheckPointNative(text)) {
          try {
            return native.decode(text, out);
          } catch (err) {
            if (err instanceof RecordRejected && !isCheckPointNative(text)) {
              throw new RecordRejected('not-checkpoint', `neither CEF nor Check Point syslog (${err.detail})`);
            }
            throw err;
          }
        }
        cef.decode(text, {
          row: (row) => (isCheckPointFirewall(row) ? out.row(row as CommonSecurityLogRow) : out.skip(`not a Check Point firewall log (${describeRow(row)})`)),
          skip: (reason) => out.skip(reason),
        });
      },
    };
  }

  claimsRow(row: TableRow): boolean {
    return isCheckPointFirewall(row);
  }

  fromTableRow(row: TableRow): CommonSecurityLogRow | Skip {
    if (!isCheckPointFirewall(row)) return skip(`not a Check Point firewall log (${describeRow(row)})`);
    return cslRowFromTable(row);
  }

  map(row: CommonSecurityLogRow, ctx: StreamContext<CheckPointOptions>): NetworkSession | Skip {
    return mapCheckPoint(row, ctx.receivedAt, this.timeOptions(ctx));
  }

  /** High confidence for the native formats only: CEF lines are the `cef-syslog` codec's to claim. */
  sniff(sample: SniffSample): number {
    if (sample.rows) {
      const rows = sample.rows.filter((r) => r.DeviceVendor !== undefined);
      return rows.length > 0 && rows.some(isCheckPointFirewall) ? 0.9 * (rows.filter(isCheckPointFirewall).length / rows.length) : 0;
    }
    const lines = (sample.lines ?? []).filter((l) => l.trim() !== '');
    if (lines.length === 0) return 0;
    return 0.95 * (lines.filter(isCheckPointNative).length / lines.length);
  }

  private readonly times = new WeakMap<object, SyslogTimeOptions>();

  /** Time options per stream (the timezone option, the receive year), built once. */
  private timeOptions(ctx: StreamContext<CheckPointOptions>): SyslogTimeOptions {
    let t = this.times.get(ctx);
    if (t === undefined) this.times.set(ctx, (t = syslogTimeOptions(ctx.options, ctx.receivedAt)));
    return t;
  }
}
