import type { NetworkSession } from '@asimkit/schema';
import { CefFamilyParser, claimsByVendorProduct, timezoneOption, z, type CommonSecurityLogRow, type Skip, type StreamContext, type TableRow } from '@asimkit/sdk';
import { rowFromCsl } from './decoder.js';
import { map__Pascal__ } from './mapping.js';

const optionsSchema = z.object({ timezone: timezoneOption });
export type __Pascal__Options = z.infer<typeof optionsSchema>;

/** The rows of this source in CommonSecurityLog: the filter its ASIM parser would use. */
const claims__Pascal__ = claimsByVendorProduct('__VENDOR__', '__PRODUCT__');

/** __VENDOR__ __PRODUCT__ CEF: raw lines through the shared `cef-syslog` codec, and exported CommonSecurityLog rows. */
export class __Pascal__Parser extends CefFamilyParser<__Pascal__Options> {
  readonly id = '__ID__';
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = { timezone: 'IANA zone or offset (e.g. Europe/Berlin, +02:00) for times without a zone; default UTC' };

  claimsRow(row: TableRow): boolean {
    return claims__Pascal__(row);
  }

  map(row: CommonSecurityLogRow, ctx: StreamContext<__Pascal__Options>): NetworkSession | Skip {
    return map__Pascal__(rowFromCsl(row, ctx), 'CommonSecurityLog', ctx.receivedAt);
  }
}
