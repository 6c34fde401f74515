import type { NetworkSession } from '@asimkit/schema';
import {
  cefSyslogCodec,
  cslRowFromTable,
  cslTimeOptions,
  DecoderViaCodec,
  skip,
  WallClock,
  type CommonSecurityLogRow,
  type RawDecoder,
  type Skip,
  type SniffSample,
  type SourceParser,
  type StreamContext,
  type TableRow,
} from '@asimkit/sdk';
import { z } from 'zod';
import { claimsZiaFirewall } from './claims.js';
import { mapFirewall } from './mapping.js';

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
  msBytes: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type ZscalerZiaOptions = z.infer<typeof optionsSchema>;

const NOT_MINE = skip('not a zscaler-zia row');

/**
 * Zscaler Internet Access NSS firewall feed (`NSSFWlog`): CEF lines through the shared `cef-syslog`
 * codec, and CommonSecurityLog rows (agent/AMA rows and Cloud NSS rows transformed by the DCR).
 */
export class ZscalerZiaParser implements SourceParser<CommonSecurityLogRow, ZscalerZiaOptions> {
  readonly id = 'zscaler-zia';
  readonly tables = ['CommonSecurityLog'];
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: 'IANA zone or offset (e.g. Europe/Berlin, +02:00) of the NSS feed\'s zone-less times (syslog header, rt); default UTC',
    msBytes: 'true = Microsoft\'s byte direction (SrcBytes from CEF "out" = outbytes); otherwise SrcBytes = inbytes (client to server)',
  };
  readonly rawCodec = cefSyslogCodec;

  /** With `--source zscaler-zia` (and in golden tests): exactly the codec path, for this plugin alone. */
  createDecoder(ctx: StreamContext<ZscalerZiaOptions>): RawDecoder<CommonSecurityLogRow> {
    return new DecoderViaCodec(cefSyslogCodec, this, ctx);
  }

  claimsRow(row: TableRow): boolean {
    return claimsZiaFirewall(row);
  }

  fromTableRow(row: TableRow): CommonSecurityLogRow | Skip {
    return claimsZiaFirewall(row) ? cslRowFromTable(row) : NOT_MINE;
  }

  map(row: CommonSecurityLogRow, ctx: StreamContext<ZscalerZiaOptions>): NetworkSession | Skip {
    return mapFirewall(row, { msBytes: ctx.options.msBytes === true, time: cslTimeOptions(row, ctx), receivedAt: ctx.receivedAt });
  }

  /** Table rows only: raw CEF lines are the `cef-syslog` codec's to claim (it routes them here). */
  sniff(sample: SniffSample): number {
    const rows = sample.rows;
    if (!rows || rows.length === 0) return 0;
    return (0.9 * rows.filter((r) => claimsZiaFirewall(r)).length) / rows.length;
  }
}
