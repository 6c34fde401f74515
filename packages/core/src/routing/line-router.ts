import { RecordRejected, type OutcomeSink, type RawDecoder, type RowCodec, type TableRow } from '@asimkit/sdk';
import type { LoadedPlugin, PluginRegistry } from '../registry.js';
import { streamContext, type InputContext, type Processors } from './processors.js';
import { codecsOf, type TableRouter } from './table-router.js';

/**
 * Routes raw lines one by one, for streams whose lines may each come from another device (a syslog
 * relay file, a listener, a shipper's archive). For each line, in this order:
 *   1. a shared codec that claims the line (`cef-syslog`: a CEF payload) decodes it into a row of its
 *      table, which goes to the plugin whose `claimsRow` takes it (TableRouter);
 *   2. else the first plugin (in id order) whose `claimsLine` takes it decodes it with its own decoder
 *      (a vendor's native syslog, a Cisco ASA line, a default-format flow line);
 *   3. else the catch-all codec (`syslog`) makes a Syslog row of it, routed like 1 (Meraki, Sysmon).
 * A line none of them takes is skipped with a reason.
 */
export class LineRouter {
  private readonly claimingCodecs: CodecLane[] = [];
  private readonly catchAll: CodecLane | undefined;
  private readonly linePlugins: LoadedPlugin[];

  constructor(
    registry: PluginRegistry,
    private readonly processors: Processors,
    private readonly tables: TableRouter,
    input: InputContext,
    /** `--table NAME`: only sources of that table take part. */
    table?: string,
    /** `--source ID` of a plugin that reads raw lines only through its codec: every codec row goes to it. */
    private readonly fixed?: LoadedPlugin,
  ) {
    const inTable = (tables: readonly string[]) => table === undefined || tables.includes(table);
    for (const codec of codecsOf(registry)) {
      if (!inTable(codec.tables)) continue;
      const lane = new CodecLane(codec, codec.createDecoder(streamContext(input, codec.id, input.req.pluginOptions?.get(codec.id) ?? {})));
      if (codec.claimsLine) this.claimingCodecs.push(lane);
      else this.catchAll ??= lane;
    }
    this.linePlugins = registry.plugins.filter((p) => p.parser.claimsLine && p.parser.createDecoder && inTable(p.parser.tables));
  }

  /** Whether any source takes part at all. */
  get empty(): boolean {
    return this.claimingCodecs.length === 0 && this.linePlugins.length === 0 && this.catchAll === undefined;
  }

  /** Routes one line; returns the plugin that took it (undefined: skipped or rejected before a plugin had it). */
  line(text: string, position: number, out: OutcomeSink): LoadedPlugin | undefined {
    for (const lane of this.claimingCodecs) if (lane.codec.claimsLine!(text)) return this.viaCodec(lane, text, position, out);
    for (const p of this.linePlugins) {
      if (p.parser.claimsLine!(text)) {
        this.processors.get(p).raw(text, position, out);
        return p;
      }
    }
    if (this.catchAll) return this.viaCodec(this.catchAll, text, position, out);
    out.skipped('no enabled parser recognises this line', position);
    return undefined;
  }

  /**
   * How sure per-line routing is about these lines: the share that some source would take (a codec
   * line whose row a plugin claims or that the codec always routes, a plugin's line, a Syslog row a
   * plugin claims), scored as codecs sniff: 0.6 + 0.35 × share when at least half are taken.
   */
  score(lines: readonly string[]): number {
    if (lines.length === 0) return 0;
    let taken = 0;
    for (const line of lines) if (this.takes(line)) taken++;
    const share = taken / lines.length;
    return share >= 0.5 ? 0.6 + 0.35 * share : share;
  }

  /**
   * The plugin that takes every one of these lines, if one does — by its `claimsLine`, or by
   * `claimsRow` on the row a codec makes of the line: routing would hand it the whole stream, so its
   * own decoder may read the lines (its detector fast path), the others still being routed.
   */
  solePlugin(lines: readonly string[]): LoadedPlugin | undefined {
    let sole: LoadedPlugin | undefined;
    for (const line of lines) {
      const taker = this.taker(line);
      if (taker === undefined || taker === true || (sole !== undefined && taker !== sole)) return undefined;
      sole = taker;
    }
    return sole;
  }

  private takes(line: string): boolean {
    return this.taker(line) !== undefined;
  }

  /**
   * Who takes a line: a plugin by its `claimsLine`, or the plugin that claims the row a codec makes
   * of it; `true` for a codec line no plugin with a raw decoder claims (its rows are routed, claimed
   * or not); undefined for nobody.
   */
  private taker(line: string): LoadedPlugin | true | undefined {
    for (const lane of this.claimingCodecs) if (lane.codec.claimsLine!(line)) return this.rowTaker(lane, line) ?? true;
    for (const p of this.linePlugins) if (p.parser.claimsLine!(line)) return p;
    return this.catchAll && this.rowTaker(this.catchAll, line);
  }

  /** The plugin that claims the codec's row of the line (true: one without a raw decoder of its own), or undefined. */
  private rowTaker(lane: CodecLane, line: string): LoadedPlugin | true | undefined {
    const row = lane.peek(line);
    const claimant = row && this.tables.claimant(row, typeof row.Type === 'string' ? row.Type : lane.codec.tables[0]!);
    if (!claimant) return undefined;
    return claimant.parser.createDecoder ? claimant : true;
  }

  private viaCodec(lane: CodecLane, text: string, position: number, out: OutcomeSink): LoadedPlugin | undefined {
    let row: TableRow | undefined;
    try {
      row = lane.decode(text);
    } catch (err) {
      if (err instanceof RecordRejected) return void out.rejected(err.reason, err.detail, position, text);
      return void out.rejected('parser-error', `parser error: ${err instanceof Error ? err.message : String(err)}`, position, text);
    }
    if (row === undefined) return void out.skipped(lane.skipReason ?? 'no session in record', position);
    return this.tables.route(row, typeof row.Type === 'string' ? row.Type : lane.codec.tables[0], this.fixed, position, out, text);
  }
}

/** One shared codec's decoder on this input; a codec yields at most one row per line. */
class CodecLane {
  private row: TableRow | undefined;
  skipReason: string | undefined;
  private readonly out = {
    row: (r: TableRow) => void (this.row ??= r),
    skip: (reason: string) => void (this.skipReason ??= reason),
    // a codec row is a whole line: a malformed part is a malformed line
    reject: (reason: string, detail: string) => {
      throw new RecordRejected(reason, detail);
    },
  };

  constructor(
    readonly codec: RowCodec<unknown>,
    private readonly decoder: RawDecoder<TableRow>,
  ) {}

  /** The line's row, or undefined when the codec skipped it (`skipReason`). Throws RecordRejected. */
  decode(line: string): TableRow | undefined {
    this.row = undefined;
    this.skipReason = undefined;
    this.decoder.decode(line, this.out);
    return this.row;
  }

  /** `decode` for sniffing: never throws. */
  peek(line: string): TableRow | undefined {
    try {
      return this.decode(line);
    } catch {
      return undefined;
    }
  }
}
