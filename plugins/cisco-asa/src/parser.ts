import type { NetworkSession } from '@asimkit/schema';
import {
  CefFamilyParser,
  cslRowFromTable,
  DecodedCslRow,
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
import { isAsaLine } from './tag.js';

const optionsSchema = z.object({ timezone: timezoneOption });

export type CiscoAsaOptions = z.infer<typeof optionsSchema>;

/**
 * The CommonSecurityLog columns the mapping reads. An exported row is typed on these alone, so a
 * malformed cell in a column nobody reads (Microsoft's sample has `ExternalID` "ext-001" in an int
 * column) does not reject a good record.
 */
const READ_COLUMNS = [
  'TimeGenerated', 'Type', 'DeviceVendor', 'DeviceProduct', 'DeviceVersion', 'DeviceEventClassID', 'LogSeverity', 'OriginalLogSeverity',
  'Computer', 'Message', 'SourceIP', 'SourcePort', 'DestinationIP', 'DestinationPort', 'Protocol', 'DeviceAction', 'CommunicationDirection',
  'DeviceCustomString2', '_ItemId', '_ResourceId',
] as const;

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

  /** Microsoft's filter (`DeviceVendor == "Cisco"`, `DeviceProduct == "ASA"`), and FTD's rows. */
  claimsRow(row: TableRow): boolean {
    return isAsaRow(row);
  }

  /** Table form: a claimed row, typed on the columns the mapping reads (`READ_COLUMNS`). */
  override fromTableRow(row: TableRow): CommonSecurityLogRow | Skip {
    if (!this.claimsRow(row)) return this.notMine(row);
    if (row instanceof DecodedCslRow) return row as CommonSecurityLogRow;
    const read: TableRow = {};
    for (const column of READ_COLUMNS) if (row[column] !== undefined) read[column] = row[column];
    return cslRowFromTable(read);
  }

  override notMine(row: TableRow): Skip {
    return skip(`not a Cisco ASA/FTD row (${describeCslRow(row)})`);
  }

  map(row: CommonSecurityLogRow, ctx: StreamContext<CiscoAsaOptions>): NetworkSession | Skip {
    return mapAsa(row, ctx.receivedAt);
  }
}
