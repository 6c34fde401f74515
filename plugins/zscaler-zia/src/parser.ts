import type { NetworkSession } from '@asimkit/schema';
import { booleanOption, CefFamilyParser, cslTimeOptions, timezoneOption, z, type CommonSecurityLogRow, type Skip, type StreamContext, type TableRow } from '@asimkit/sdk';
import { claimsZiaFirewall } from './claims.js';
import { mapFirewall } from './mapping.js';

const optionsSchema = z.object({
  timezone: timezoneOption,
  msBytes: booleanOption,
});

export type ZscalerZiaOptions = z.infer<typeof optionsSchema>;

/**
 * Zscaler Internet Access NSS firewall feed (`NSSFWlog`): CEF lines through the shared `cef-syslog`
 * codec, and CommonSecurityLog rows (agent/AMA rows and Cloud NSS rows transformed by the DCR).
 */
export class ZscalerZiaParser extends CefFamilyParser<ZscalerZiaOptions> {
  readonly id = 'zscaler-zia';
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: 'IANA zone or offset (e.g. Europe/Berlin, +02:00) of the NSS feed\'s zone-less times (syslog header, rt); default UTC',
    msBytes: 'true = Microsoft\'s byte direction (SrcBytes from CEF "out" = outbytes); otherwise SrcBytes = inbytes (client to server)',
  };

  // createDecoder (with `--source zscaler-zia` and in golden tests), fromTableRow and sniff: the
  // CefFamilyParser defaults, i.e. exactly the codec path; table rows only for sniffing.

  claimsRow(row: TableRow): boolean {
    return claimsZiaFirewall(row);
  }

  map(row: CommonSecurityLogRow, ctx: StreamContext<ZscalerZiaOptions>): NetworkSession | Skip {
    return mapFirewall(row, { msBytes: ctx.options.msBytes === true, time: cslTimeOptions(row, ctx), receivedAt: ctx.receivedAt });
  }
}
