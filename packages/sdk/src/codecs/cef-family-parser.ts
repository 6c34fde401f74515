import type { DetectorKey, NetworkSession } from '@asimkit/schema';
import type { z } from '@asimkit/vendor/zod';
import { RecordRejected } from '../errors.js';
import { rejectPart, skip, type JsonObject, type RawDecoder, type RowCodec, type RowOutput, type SniffSample, type SourceParser, type Skip, type StreamContext, type TableRow } from '../parser.js';
import { CefFields, cefLineShare, cefSyslogCodec, isCefLine } from './cef.js';
import { cslRowFromTable, DecoderViaCodec, type CommonSecurityLogRow } from './common-security-log.js';
import { syslogTimeOptions, type SyslogCodecOptions, type SyslogTimeOptions } from './syslog.js';

/**
 * The parser of a source whose records land in CommonSecurityLog (Palo Alto, Zscaler, Check Point,
 * FortiGate...): raw CEF lines through the shared `cef-syslog` codec, exported rows through
 * `cslRowFromTable`, both claimed by the plugin's `claimsRow` (Microsoft's row filter). A plugin
 * extends it with its id, options, `claimsRow` and `map`; it overrides `createDecoder` and `sniff`
 * when it also reads a native format (see `NativeOrCefDecoder`, `sniffNativeOrCslRows`).
 */
export abstract class CefFamilyParser<Options extends SyslogCodecOptions = SyslogCodecOptions>
  implements SourceParser<CommonSecurityLogRow, Options>
{
  abstract readonly id: string;
  readonly tables: readonly string[] = ['CommonSecurityLog'];
  /** Syslog lines are independent (no header lines): large files are split among threads. */
  readonly splittable: boolean = true;
  abstract readonly optionsSchema: z.ZodType<Options>;
  abstract readonly optionsHelp: Readonly<Record<string, string>>;
  readonly rawCodec: RowCodec<Options> = cefSyslogCodec;

  /** Whether the row is this source's, by the filter Microsoft's ASIM parser uses. */
  abstract claimsRow(row: TableRow): boolean;

  /** The mapping: one claimed row → one ASIM record, or a Skip with its reason. */
  abstract map(row: CommonSecurityLogRow, ctx: StreamContext<Options>): NetworkSession | Skip;

  private notMineSkip: Skip | undefined;

  /** The skip of a row this plugin does not claim: `not a <id> row`, as the pipeline says with `--source`. */
  notMine(_row: TableRow): Skip {
    return (this.notMineSkip ??= skip(`not a ${this.id} row`));
  }

  /** Table form: a claimed row, typed (`cslRowFromTable`); any other row is `notMine`. */
  fromTableRow(row: TableRow): CommonSecurityLogRow | Skip {
    return this.claimsRow(row) ? cslRowFromTable(row) : this.notMine(row);
  }

  /**
   * Raw form (with `--source` and in golden tests): exactly the codec path, for this plugin alone
   * (`DecoderViaCodec`: unclaimed rows are skipped as `not a <id> row`).
   */
  /** A native (non-CEF) syslog format the vendor also writes, read by `createDecoder` besides CEF. */
  readonly nativeFormat?: NativeSyslogFormat;

  /** Per-line routing: lines in the native format are this plugin's (CEF lines are the codec's). */
  claimsLine(line: string): boolean {
    return this.nativeFormat !== undefined && this.nativeFormat.isLine(line);
  }

  createDecoder(ctx: StreamContext<Options>): RawDecoder<CommonSecurityLogRow> {
    const decoder = this.nativeFormat ? new NativeOrCefDecoder(this, this.nativeFormat, ctx) : new DecoderViaCodec<CommonSecurityLogRow, Options>(cefSyslogCodec, this, ctx);
    return this.withCefDetectorKey(decoder, ctx);
  }

  /**
   * The raw decoder with the CEF fast path in front, when the plugin has one (`cefDetectorKey`).
   * For a plugin that overrides `createDecoder`: its decoder must decode CEF lines (`isCefLine`) as
   * the shared codec does; other lines go to that decoder's own `decodeDetectorKey`, if any.
   */
  protected withCefDetectorKey(decoder: RawDecoder<CommonSecurityLogRow>, ctx: StreamContext<Options>): RawDecoder<CommonSecurityLogRow> {
    return this.cefDetectorKey ? new CefKeyDecoder(this, decoder, ctx) : decoder;
  }

  /**
   * The detector's fast path for this plugin's CEF lines (optional): fill the six counted values
   * from the scanned line exactly as `map` would give them, and return true; return false for
   * anything `map` might reject, skip or read differently (the line then takes the full path).
   * It sees only lines `claimsRow` takes (by their header); `time` is how the codec reads the line's
   * times (`syslogTimeOptions` of the options). `cefDetectorKeys` names every extension
   * key it reads. Prove agreement with `detectorKeyDisagreements` over fixtures and fuzzed lines.
   */
  cefDetectorKey?(cef: CefFields, key: DetectorKey, ctx: StreamContext<Options>, time: SyslogTimeOptions): boolean;
  /** The extension keys `cefDetectorKey` reads (the only ones the fast path extracts). */
  readonly cefDetectorKeys?: readonly string[];

  /**
   * Whether the raw decoder reads this CEF line (`isCefLine`) as CEF, so the fast path may: not a
   * line in the native format. A plugin whose decoder routes lines another way says so here.
   */
  readsLineAsCef(line: string): boolean {
    return this.nativeFormat === undefined || !this.nativeFormat.isLine(line);
  }

  /** Table rows only, 0.9 × the share this plugin claims: raw CEF lines are the `cef-syslog` codec's to claim (it routes them here). */
  sniff(sample: SniffSample): number {
    if (this.nativeFormat) return sniffNativeOrCslRows(sample, (r) => this.claimsRow(r), this.nativeFormat);
    const rows = sample.rows;
    if (!rows || rows.length === 0) return 0;
    return (0.9 * rows.filter((r) => this.claimsRow(r)).length) / rows.length;
  }
}

/**
 * A CEF-family plugin's raw decoder with the detector's fast path: CEF lines of the plugin's (by
 * `claimsRow` on the header) go to `cefDetectorKey`; native lines to the native decoder's own fast
 * path, if it has one; `decode` is the wrapped decoder's.
 */
class CefKeyDecoder<Options extends SyslogCodecOptions> implements RawDecoder<CommonSecurityLogRow> {
  private readonly fields: CefFields;
  private readonly time: SyslogTimeOptions;
  /** `claimsRow` of the header `fields.headerSerial` counted last, when claimedSerial is that. */
  private claimed = false;
  private claimedSerial = -1;
  /** The wrapped decoder's JSON form, when it has one (Zscaler's NSS JSON records). */
  readonly decodeRecord?: (record: JsonObject, out: RowOutput<CommonSecurityLogRow>) => void;

  constructor(
    private readonly parser: CefFamilyParser<Options>,
    private readonly inner: RawDecoder<CommonSecurityLogRow>,
    private readonly ctx: StreamContext<Options>,
  ) {
    this.fields = new CefFields(parser.cefDetectorKeys ?? []);
    this.time = syslogTimeOptions(ctx.options, ctx.receivedAt);
    if (inner.decodeRecord) this.decodeRecord = inner.decodeRecord.bind(inner);
  }

  decode(text: string, out: RowOutput<CommonSecurityLogRow>): void {
    this.inner.decode(text, out);
  }

  decodeDetectorKey(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean {
    // the wrapped decoder's fast path first: one over the bytes of native lines (FortiGate's) then
    // costs no string per line; like any fast path it takes only lines whose key the full path gives
    if (this.inner.decodeDetectorKey?.(bytes, start, end, key)) return true;
    const line = bytes.toString('utf8', start, end);
    // the decoder's own dispatch (NativeOrCefDecoder: a native line is never read as CEF)
    if (!isCefLine(line) || !this.parser.readsLineAsCef(line)) return false;
    const fields = this.fields;
    // a line of one byte per character (ASCII) is scanned from its bytes
    if (!fields.scan(line, line.length === end - start ? bytes : undefined, start)) return false;
    // claimsRow decides on the header columns alone: one answer per header
    if (fields.headerSerial !== this.claimedSerial) {
      this.claimed = this.parser.claimsRow(fields.headerRow());
      this.claimedSerial = fields.headerSerial;
    }
    if (!this.claimed) return false;
    try {
      return this.parser.cefDetectorKey!(fields, key, this.ctx, this.time);
    } catch {
      return false; // a malformation the full path reports (an impossible header date...)
    }
  }
}

/** A vendor's native syslog format that a CEF-family plugin reads besides CEF, into the same row shape. */
export interface NativeSyslogFormat {
  /** Whether a line is in the native format (routing and sniffing). */
  isLine(line: string): boolean;
  /** A decoder of native lines for one stream. */
  createDecoder(time: SyslogTimeOptions): RawDecoder<CommonSecurityLogRow>;
  /** The reason a line that is neither CEF nor native is rejected under, e.g. `not-checkpoint`. */
  readonly rejectReason: string;
  /** What the format is called in that rejection: `neither CEF nor <name> (<detail>)`. */
  readonly name: string;
}

/**
 * The raw decoder of a CEF-family plugin that also reads its vendor's native syslog: lines in the
 * native format, and lines that are no CEF, go to the native decoder (a line that is neither is
 * rejected under the format's `rejectReason`); CEF lines go to the shared `cef-syslog` codec's
 * decoder, and rows the plugin does not claim are skipped with its `notMine` reason.
 */
export class NativeOrCefDecoder implements RawDecoder<CommonSecurityLogRow> {
  private readonly native: RawDecoder<CommonSecurityLogRow>;
  private readonly cef: RawDecoder<TableRow>;
  /**
   * The native decoder's detector fast path, when it has one: it sees every line and must decline
   * (return false) any it would not decode itself, CEF lines included; declined lines take `decode`.
   * Absent otherwise, so the pipeline does not offer lines to a fast path that always declines.
   */
  readonly decodeDetectorKey?: (bytes: Buffer, start: number, end: number, key: DetectorKey) => boolean;

  constructor(
    private readonly parser: Pick<CefFamilyParser<SyslogCodecOptions>, 'claimsRow' | 'notMine'>,
    private readonly format: NativeSyslogFormat,
    ctx: StreamContext<SyslogCodecOptions>,
  ) {
    const native = (this.native = format.createDecoder(syslogTimeOptions(ctx.options, ctx.receivedAt)));
    this.cef = cefSyslogCodec.createDecoder(ctx);
    if (native.decodeDetectorKey) this.decodeDetectorKey = native.decodeDetectorKey.bind(native);
  }

  decode(text: string, out: RowOutput<CommonSecurityLogRow>): void {
    const format = this.format;
    if (cefLineShare([text]) === 0 || format.isLine(text)) {
      try {
        return this.native.decode(text, out);
      } catch (err) {
        if (err instanceof RecordRejected && !format.isLine(text)) {
          throw new RecordRejected(format.rejectReason, `neither CEF nor ${format.name} (${err.detail})`);
        }
        throw err;
      }
    }
    const parser = this.parser;
    this.cef.decode(text, {
      row: (row) => (parser.claimsRow(row) ? out.row(row as CommonSecurityLogRow) : out.skip(parser.notMine(row).reason)),
      skip: (reason) => out.skip(reason),
      reject: (reason, detail) => rejectPart(out, reason, detail),
    });
  }
}

/**
 * `sniff` of a CEF-family plugin with a native syslog format: table rows that have a DeviceVendor,
 * 0.9 × the share it claims; raw lines, 0.95 × the share in the native format (CEF lines are the
 * `cef-syslog` codec's to claim).
 */
export function sniffNativeOrCslRows(sample: SniffSample, claims: (row: TableRow) => boolean, format: Pick<NativeSyslogFormat, 'isLine'>): number {
  if (sample.rows) {
    const rows = sample.rows.filter((r) => r.DeviceVendor !== undefined);
    return rows.length > 0 && rows.some(claims) ? 0.9 * (rows.filter(claims).length / rows.length) : 0;
  }
  const lines = (sample.lines ?? []).filter((l) => l.trim() !== '');
  if (lines.length === 0) return 0;
  return 0.95 * (lines.filter((l) => format.isLine(l)).length / lines.length);
}
