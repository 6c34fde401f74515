import { DETECTOR_FIELDS, type DetectorKey, type NetworkSession } from '@asimkit/schema';
import {
  RecordRejected,
  rejectPart,
  Skip,
  syslogCodec,
  SyslogFamilyParser,
  tableString,
  timezoneOption,
  z,
  type JsonObject,
  type RawDecoder,
  type RowOutput,
  type SniffSample,
  type StreamContext,
  type TableRow,
} from '@asimkit/sdk';
import { decodeMerakiKey } from './detector-key.js';
import { merakiHeaderOf } from './header.js';
import { mapMeraki, messageOf, type MerakiMapOptions, type MerakiRow } from './mapping.js';
import { isRestSecurityEvent, mapRestEvent } from './rest.js';

const optionsSchema = z.object({
  timezone: timezoneOption,
  hosts: z.string().optional(),
});

export type MerakiOptions = z.infer<typeof optionsSchema>;

const mapOptionsByOptions = new WeakMap<object, MerakiMapOptions>();

/** The `hosts` option as a set of lower-cased names (memoised per stream's options). */
function mapOptions(options: MerakiOptions): MerakiMapOptions {
  let o = mapOptionsByOptions.get(options);
  if (o === undefined) {
    const names = (options.hosts ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== '');
    o = names.length === 0 ? {} : { hosts: new Set(names) };
    mapOptionsByOptions.set(options, o);
  }
  return o;
}

/** The text of a row: a raw line, a Syslog row's SyslogMessage, a meraki_CL row's Message. */
function rowText(row: TableRow): string | undefined {
  const text = messageOf(row as { __line?: string; SyslogMessage?: unknown });
  if (text !== undefined) return text;
  return typeof row.Message === 'string' ? row.Message : undefined;
}

/**
 * Cisco Meraki (MX/MR/MS) syslog: raw lines through the shared `syslog` codec, `Syslog` and
 * `meraki_CL` table rows, and the REST security events of the native poller (raw JSON records).
 */
export class CiscoMerakiParser extends SyslogFamilyParser<MerakiOptions> {
  readonly id = 'cisco-meraki';
  override readonly tables: readonly string[] = ['Syslog', 'meraki_CL'];
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: 'IANA zone or offset for relay-added syslog header times without a zone (Meraki times are epochs, always UTC); default UTC',
    hosts: 'comma-separated host names / addresses of the Meraki senders (Microsoft\'s SourceBySourceType watchlist): rows from other hosts are skipped. Default: any host whose message has the Meraki header',
  };

  /** A row whose message has the Meraki header (`<epoch> <device> <type>`), and every meraki_CL row. */
  claimsRow(row: TableRow): boolean {
    if (row.Type === 'meraki_CL') return true;
    if (row.SyslogMessage === undefined && row.Message === undefined && isRestSecurityEvent(row)) return true;
    const text = rowText(row);
    return text !== undefined && merakiHeaderOf(text) !== undefined;
  }

  /**
   * A raw-decoded row as it is; an exported Syslog or meraki_CL row → the columns the mapping
   * reads. The table's TimeGenerated (the collection time) is not one of them: every record has
   * its device's epoch, so a portal date the export garbled (`15-01-25 12:00`) loses nothing.
   */
  override fromTableRow(row: TableRow): MerakiRow | Skip {
    if (!this.claimsRow(row)) return this.notMine(row);
    if (row.__line !== undefined) return row as unknown as MerakiRow;
    // a REST security event read as a row (a JSON input the pipeline did not read as raw records)
    if (row.SyslogMessage === undefined && row.Message === undefined && isRestSecurityEvent(row)) return restRow(row);
    const syslog = row.SyslogMessage !== undefined || row.Type === 'Syslog';
    const out: MerakiRow = { SyslogMessage: tableString(syslog ? row.SyslogMessage : row.Message) ?? '', Type: 'Syslog' };
    if (!syslog) out.__table = 'meraki_CL';
    for (const column of ['Computer', 'HostName', 'HostIP', '_ResourceId'] as const) {
      const v = tableString(row[column]);
      if (v !== undefined) out[column] = v;
    }
    return out;
  }

  override createDecoder(ctx: StreamContext<MerakiOptions>): RawDecoder<MerakiRow> {
    return new MerakiDecoder(this, ctx, mapOptions(ctx.options).hosts === undefined && isDetectorProjection(ctx.fields));
  }

  map(row: MerakiRow, ctx: StreamContext<MerakiOptions>): NetworkSession | Skip {
    if (row.__rest !== undefined) return mapRestEvent(row.__rest, ctx.receivedAt);
    return mapMeraki(row, mapOptions(ctx.options));
  }

  /**
   * Table rows (Syslog, meraki_CL): 0.9 × the share claimed; raw JSON records: 0.95 × the share of
   * REST security events, so a JSON input of them is read as raw records where the reader can.
   */
  override sniff(sample: SniffSample): number {
    if (sample.records !== undefined && sample.records.length > 0) {
      return (0.95 * sample.records.filter(isRestSecurityEvent).length) / sample.records.length;
    }
    const rows = sample.rows?.filter((r) => rowText(r) !== undefined || isRestSecurityEvent(r));
    if (!rows || rows.length === 0) return 0;
    return (0.9 * rows.filter((r) => this.claimsRow(r)).length) / rows.length;
  }
}

function restRow(event: JsonObject): MerakiRow {
  return { SyslogMessage: '', Type: 'Syslog', __rest: event };
}

function isDetectorProjection(fields: ReadonlySet<string> | undefined): boolean {
  if (fields === undefined) return false;
  for (const f of fields) if (!(DETECTOR_FIELDS as readonly string[]).includes(f)) return false;
  return true;
}

/**
 * Raw lines through the shared `syslog` codec and this plugin's claim (as the pipeline routes a
 * relay file), REST security events as raw JSON records, and the detector's fast path.
 */
class MerakiDecoder implements RawDecoder<MerakiRow>, RowOutput<TableRow> {
  private readonly inner: RawDecoder<TableRow>;
  private out: RowOutput<MerakiRow> | undefined;

  constructor(
    private readonly parser: CiscoMerakiParser,
    ctx: StreamContext<MerakiOptions>,
    private readonly fast: boolean,
  ) {
    this.inner = syslogCodec.createDecoder(ctx);
  }

  decode(text: string, out: RowOutput<MerakiRow>): void {
    this.out = out;
    this.inner.decode(text, this);
  }

  /** @internal a Syslog row from the codec */
  row(row: TableRow): void {
    const r = this.parser.fromTableRow(row);
    if (r instanceof Skip) this.out!.skip(r.reason);
    else this.out!.row(r);
  }

  /** @internal */
  skip(reason: string): void {
    this.out!.skip(reason);
  }

  /** @internal */
  reject(reason: string, detail: string): void {
    rejectPart(this.out!, reason, detail);
  }

  decodeRecord(record: JsonObject, out: RowOutput<MerakiRow>): void {
    if (!isRestSecurityEvent(record)) throw new RecordRejected('not-a-security-event', 'the JSON record is not a Meraki REST security event (no ts / eventType)');
    out.row(restRow(record));
  }

  decodeDetectorKey(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean {
    return this.fast && decodeMerakiKey(bytes, start, end, key);
  }
}
