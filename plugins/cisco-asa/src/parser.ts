import type { NetworkSession } from '@asimkit/schema';
import {
  CefFamilyParser,
  describeCslRow,
  skip,
  timezoneOption,
  type CommonSecurityLogRow,
  type NativeSyslogFormat,
  type Skip,
  type StreamContext,
  type TableRow,
  z,
} from '@asimkit/sdk';
import { AsaRawDecoder } from './detector-key.js';
import { isAsaRow, mapAsa } from './mapping.js';
import { isAsaLine } from './syslog-decoder.js';

const optionsSchema = z.object({ timezone: timezoneOption });

export type CiscoAsaOptions = z.infer<typeof optionsSchema>;

/** ASA/FTD syslog lines (`%ASA-6-302013: ...`), decoded into the CommonSecurityLog row the agent writes. */
const NATIVE: NativeSyslogFormat = {
  isLine: isAsaLine,
  createDecoder: (time) => new AsaRawDecoder(time),
  rejectReason: 'not-asa',
  name: 'Cisco ASA/FTD syslog',
};

/**
 * Cisco ASA (and FTD) connection messages: raw `%ASA-`/`%FTD-` syslog lines with any header, and
 * exported CommonSecurityLog rows. Both go through one mapping, which parses `Message`.
 */
export class CiscoAsaParser extends CefFamilyParser<CiscoAsaOptions> {
  readonly id = 'cisco-asa';
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: 'IANA zone or offset (e.g. Europe/Berlin, +02:00) of ASA header timestamps, which carry no zone; default UTC',
  };
  override readonly nativeFormat = NATIVE;
  /** Every line stands alone. */
  readonly splittable = true;

  /** Microsoft's filter (`DeviceVendor == "Cisco"`, `DeviceProduct == "ASA"`), and FTD's rows. */
  claimsRow(row: TableRow): boolean {
    return isAsaRow(row);
  }

  override notMine(row: TableRow): Skip {
    return skip(`not a Cisco ASA/FTD row (${describeCslRow(row)})`);
  }

  map(row: CommonSecurityLogRow, ctx: StreamContext<CiscoAsaOptions>): NetworkSession | Skip {
    return mapAsa(row, ctx.receivedAt);
  }
}
