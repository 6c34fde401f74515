import type { NetworkSession } from '@asimkit/schema';
import {
  booleanOption,
  CefFamilyParser,
  type CefFields,
  CefRowDecoder,
  cefLineShare,
  cslTimeOptions,
  skip,
  Skip,
  syslogTimeOptions,
  timezoneOption,
  type CommonSecurityLogRow,
  type RawDecoder,
  type SyslogTimeOptions,
  type RowOutput,
  type SniffSample,
  type StreamContext,
  type TableRow,
  z,
} from '@asimkit/sdk';
import type { DetectorKey } from '@asimkit/schema';
import { claimsPanOs } from './claims.js';
import { PAN_CEF_DETECTOR_KEYS, panCefDetectorKey } from './detector-key.js';
import { mapTraffic } from './mapping.js';
import { looksLikePanCsv, PAN_LOG_TYPES, PanCsvDecoder } from './pan-csv.js';

const optionsSchema = z.object({
  timezone: timezoneOption,
  msBytes: booleanOption,
});

export type PaloAltoOptions = z.infer<typeof optionsSchema>;

/**
 * Palo Alto Networks PAN-OS TRAFFIC logs: CEF lines (through the shared `cef-syslog` codec), PAN-OS
 * native syslog (CSV) lines, and exported CommonSecurityLog rows — all into one row shape and one
 * mapping.
 */
export class PaloAltoCefParser extends CefFamilyParser<PaloAltoOptions> {
  readonly id = 'palo-alto-cef';
  readonly optionsSchema = optionsSchema;
  readonly optionsHelp = {
    timezone: 'IANA zone or offset (e.g. Europe/Berlin, +02:00) of zone-less times: syslog headers, PAN-OS CSV times, CEF dates; default UTC',
    msBytes: 'true = Microsoft\'s byte direction (SrcBytes from CEF "out"); otherwise SrcBytes = bytes the client sent',
  };

  /**
   * With `--source palo-alto-cef`: native PAN-OS CSV lines are decoded here; CEF lines go through
   * the shared CEF decoder and then the same claim and table-row steps as routed codec rows.
   */
  override createDecoder(ctx: StreamContext<PaloAltoOptions>): RawDecoder<CommonSecurityLogRow> {
    return this.withCefDetectorKey(new PanOsDecoder(this, ctx), ctx);
  }

  override readonly cefDetectorKeys = PAN_CEF_DETECTOR_KEYS;

  /** The detector's fast path over CEF TRAFFIC lines (`panCefDetectorKey`); native CSV lines take the full path. */
  override cefDetectorKey(cef: CefFields, key: DetectorKey, ctx: StreamContext<PaloAltoOptions>, time: SyslogTimeOptions): boolean {
    return panCefDetectorKey(cef, key, ctx, time);
  }

  /**
   * Per-line routing (a syslog relay file, a listener, a shipper's archive): native PAN-OS lines
   * are this plugin's; CEF lines go to the shared codec and are claimed by `claimsRow`.
   */
  override claimsLine(line: string): boolean {
    return looksLikePanCsv(line);
  }

  claimsRow(row: TableRow): boolean {
    return claimsPanOs(row);
  }

  /** Microsoft's `Activity == "TRAFFIC"`: other PAN-OS logs are skipped with their type. */
  override fromTableRow(row: TableRow): CommonSecurityLogRow | Skip {
    const csl = super.fromTableRow(row);
    if (csl instanceof Skip) return csl;
    return csl.Activity === 'TRAFFIC' ? csl : notTraffic(csl.Activity);
  }

  map(row: CommonSecurityLogRow, ctx: StreamContext<PaloAltoOptions>): NetworkSession | Skip {
    return mapTraffic(row, { msBytes: ctx.options.msBytes === true, time: cslTimeOptions(row, ctx), receivedAt: ctx.receivedAt });
  }

  /** Confident for native PAN-OS syslog lines and PAN-OS table rows; CEF lines are the codec's to claim. */
  override sniff(sample: SniffSample): number {
    if (sample.rows) return super.sniff(sample);
    const lines = (sample.lines ?? []).filter((l) => l.trim() !== '');
    if (lines.length === 0 || cefLineShare(lines) > 0) return 0;
    return (0.9 * lines.filter(looksLikePanCsv).length) / lines.length;
  }
}

export function notTraffic(type: string | undefined): Skip {
  const kind = type !== undefined && PAN_LOG_TYPES.has(type) ? type : 'other';
  return skip(`not TRAFFIC: PAN-OS ${kind} log`);
}

/** The plugin's own raw decoder: CEF lines via the shared CEF decoder, native CSV via PanCsvDecoder. */
class PanOsDecoder implements RawDecoder<CommonSecurityLogRow> {
  private readonly cef: CefRowDecoder;
  private readonly csv: PanCsvDecoder;

  constructor(
    private readonly parser: PaloAltoCefParser,
    ctx: StreamContext<PaloAltoOptions>,
  ) {
    const time = syslogTimeOptions(ctx.options, ctx.receivedAt);
    this.cef = new CefRowDecoder(time, ctx.log);
    this.csv = new PanCsvDecoder(time);
  }

  decode(text: string, out: RowOutput<CommonSecurityLogRow>): void {
    if (text.includes('CEF:')) {
      const row = this.cef.decodeLine(text);
      const r = this.parser.fromTableRow(row);
      return r instanceof Skip ? out.skip(r.reason) : out.row(r);
    }
    const result = this.csv.decode(text);
    if ('notTraffic' in result) return out.skip(notTraffic(result.notTraffic).reason);
    out.row(result.row);
  }
}
