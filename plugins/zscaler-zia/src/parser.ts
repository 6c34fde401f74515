import type { NetworkSession } from '@asimkit/schema';
import {
  booleanOption,
  CefFamilyParser,
  type CefFields,
  type SyslogTimeOptions,
  cefSyslogCodec,
  cslTimeOptions,
  DecoderViaCodec,
  RecordRejected,
  syslogTimeOptions,
  timezoneOption,
  z,
  type CommonSecurityLogRow,
  type JsonObject,
  type RawDecoder,
  type RowOutput,
  type Skip,
  type SniffSample,
  type StreamContext,
  type TableRow,
} from '@asimkit/sdk';
import type { DetectorKey } from '@asimkit/schema';
import { claimsZiaFirewall } from './claims.js';
import { ZIA_CEF_DETECTOR_KEYS, ziaCefDetectorKey } from './detector-key.js';
import { mapFirewall } from './mapping.js';
import { isZiaFirewallJson, isZscalerJsonLine, ZscalerJsonDecoder } from './nss-json.js';

const optionsSchema = z.object({
  timezone: timezoneOption,
  msBytes: booleanOption,
});

export type ZscalerZiaOptions = z.infer<typeof optionsSchema>;

/**
 * Zscaler Internet Access NSS firewall feed (`NSSFWlog`): CEF lines through the shared `cef-syslog`
 * codec, the feed's JSON records (NSS JSON and Cloud NSS JSON, `nss-json.ts`), and
 * CommonSecurityLog rows (agent/AMA rows and Cloud NSS rows transformed by the DCR).
 */
export class ZscalerZiaParser extends CefFamilyParser<ZscalerZiaOptions> {
  readonly id = 'zscaler-zia';
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: 'IANA zone or offset (e.g. Europe/Berlin, +02:00) of the NSS feed\'s zone-less times (syslog header, rt); default UTC',
    msBytes: 'true = Microsoft\'s byte direction (SrcBytes from CEF "out" = outbytes); otherwise SrcBytes = inbytes (client to server)',
  };

  /**
   * CEF lines exactly as the codec path reads them (with `--source zscaler-zia` and in golden
   * tests); JSON records (and JSON text lines) through the NSS JSON decoder.
   */
  override createDecoder(ctx: StreamContext<ZscalerZiaOptions>): RawDecoder<CommonSecurityLogRow> {
    return this.withCefDetectorKey(new ZscalerDecoder(this, ctx), ctx);
  }

  override readonly cefDetectorKeys = ZIA_CEF_DETECTOR_KEYS;

  /** The detector's fast path over CEF firewall lines (`ziaCefDetectorKey`); JSON records take the full path. */
  override cefDetectorKey(cef: CefFields, key: DetectorKey, ctx: StreamContext<ZscalerZiaOptions>, time: SyslogTimeOptions): boolean {
    return ziaCefDetectorKey(cef, key, ctx, time);
  }

  /** `ZscalerDecoder` reads a line that starts with `{` as JSON, whatever it holds. */
  override readsLineAsCef(line: string): boolean {
    return !isJsonText(line);
  }

  /**
   * Per-line routing: JSON text lines of the Zscaler feeds are this plugin's (a shipper's archive of
   * the JSON feed, a relay); CEF lines go to the shared codec and are claimed by `claimsRow`.
   */
  override claimsLine(line: string): boolean {
    return isZscalerJsonLine(line);
  }

  /**
   * Table rows this plugin claims; JSON records of the NSS and Cloud NSS firewall feeds, as objects
   * or as JSON text lines (inside a shipper's envelopes). Raw CEF lines are the codec's.
   */
  override sniff(sample: SniffSample): number {
    if (sample.records) return share(sample.records, isZiaFirewallJson);
    if (sample.lines) return share(sample.lines, isZscalerJsonLine);
    return super.sniff(sample);
  }

  claimsRow(row: TableRow): boolean {
    return claimsZiaFirewall(row);
  }

  map(row: CommonSecurityLogRow, ctx: StreamContext<ZscalerZiaOptions>): NetworkSession | Skip {
    return mapFirewall(row, { msBytes: ctx.options.msBytes === true, time: cslTimeOptions(row, ctx), receivedAt: ctx.receivedAt });
  }
}

/** The plugin's raw decoder: CEF lines through the shared codec (this plugin's rows only), JSON records through `ZscalerJsonDecoder`. */
class ZscalerDecoder implements RawDecoder<CommonSecurityLogRow> {
  private readonly cef: DecoderViaCodec<CommonSecurityLogRow, ZscalerZiaOptions>;
  private readonly json: ZscalerJsonDecoder;

  constructor(
    private readonly parser: ZscalerZiaParser,
    ctx: StreamContext<ZscalerZiaOptions>,
  ) {
    this.cef = new DecoderViaCodec(cefSyslogCodec, parser, ctx);
    this.json = new ZscalerJsonDecoder(syslogTimeOptions(ctx.options, ctx.receivedAt));
  }

  decode(text: string, out: RowOutput<CommonSecurityLogRow>): void {
    if (isJsonText(text)) return this.decodeRecord(parseObject(text), out);
    this.cef.decode(text, out);
  }

  decodeRecord(record: JsonObject, out: RowOutput<CommonSecurityLogRow>): void {
    const row = this.json.decode(record);
    if ('otherFeed' in row) return out.skip(`not a ZIA firewall record (NSS feed ${row.otherFeed})`);
    if (!this.parser.claimsRow(row)) return out.skip(this.parser.notMine(row).reason);
    out.row(row);
  }
}

/** A line the decoder reads as a JSON record. */
function isJsonText(text: string): boolean {
  return text.trimStart().startsWith('{');
}

/** 0.95 × the share of `items` that pass `test`. */
function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.length === 0 ? 0 : (0.95 * items.filter(test).length) / items.length;
}

function parseObject(text: string): JsonObject {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new RecordRejected('invalid-json', `invalid JSON: ${(err as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RecordRejected('not-an-object', 'the JSON record is not an object');
  return v as JsonObject;
}
