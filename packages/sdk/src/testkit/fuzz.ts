/**
 * A mutation fuzzer for a plugin's decoder and mapping: it takes real inputs (fixture lines, JSON
 * records, table rows), breaks them the ways logs break (cut short, bytes flipped, separators
 * doubled or dropped, fields removed, values of the wrong type), and feeds them through the parser
 * as the pipeline does. Whatever goes in, the parser must either emit valid ASIM, skip with a
 * reason, or reject with `RecordRejected`: an exception of any other kind is a bug the pipeline
 * can only count as `parser-error`. Records that break a vocabulary or cross-field rule are listed
 * apart (`invalid`); a wrong type or address is rejected by the pipeline's hot-path check
 * (`typeViolation`), so it counts as rejected here too. Seeded, so a failure replays.
 */
import { typeViolation, validateNetworkSession, type NetworkSession } from '@asimkit/schema';
import { RecordProcessor, type OutcomeSink } from '../engine.js';
import { resolveOptions } from '../options.js';
import type { JsonObject, ParserLogger, SourceParser, TableRow } from '../parser.js';

export interface FuzzSeeds {
  /** Raw lines, for `createDecoder`'s `decode`. */
  readonly lines?: readonly string[];
  /** Raw JSON records, for `decodeRecord`. */
  readonly records?: readonly JsonObject[];
  /** Exported table rows, for `fromTableRow`. */
  readonly rows?: readonly TableRow[];
}

export interface FuzzOptions {
  /** Mutated inputs per seed kind (default 300). */
  readonly runs?: number;
  /** PRNG seed (default 1): the same seed replays the same inputs. */
  readonly seed?: number;
  /** The plugin's `--opt` settings. */
  readonly options?: Record<string, string>;
  /** An input that takes longer than this (ms, default 1000) is listed in `slow`: a hang in the making. */
  readonly slowMs?: number;
}

export interface FuzzReport {
  /** Inputs fed to the parser. */
  readonly runs: number;
  /** One line per input after which the parser threw something other than RecordRejected: what went in, and what came out. */
  readonly failures: string[];
  /**
   * One line per input whose record passes the hot-path type check but breaks a vocabulary or
   * cross-field rule (e.g. an unknown protocol name upper-cased as Microsoft's parsers do): emitted
   * as is unless `--validate`. Worth a look; a plugin may keep such values on purpose (its README says why).
   */
  readonly invalid: string[];
  /** One line per input that took longer than `slowMs` to decode and map (what went in, and how long). */
  readonly slow: string[];
}

/** Characters and fragments parsers branch on. */
const FRAGMENTS = ['', ' ', '  ', '\t', '=', '"', "'", '\\', '|', ',', ';', ':', '[', ']', '{', '}', '<', '>', '-', '0', '-1', '65536', '4294967296', 'NaN', '999999999999999999999', '\u0000', '\u00e9', '\ud83d\ude00', 'null'];
const ODD_VALUES: unknown[] = [null, '', ' ', '-', 0, -1, 1.5, 2 ** 53, 'x', true, [], {}, '2024-13-45T99:99:99Z', '1.2.3.4.5', 'ffff::ffff::1'];

/** A small seeded PRNG (mulberry32): deterministic, no dependency. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One to three of: cut, flip, insert a fragment, delete a span, duplicate a span. */
export function mutateLine(line: string, random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const at = () => Math.floor(random() * (line.length + 1));
  const steps = 1 + Math.floor(random() * 3);
  for (let i = 0; i < steps; i++) {
    const p = at();
    const q = Math.min(line.length, p + 1 + Math.floor(random() * 12));
    switch (Math.floor(random() * 5)) {
      case 0:
        line = line.slice(0, p);
        break;
      case 1:
        line = line.slice(0, p) + String.fromCharCode(Math.floor(random() * 0x250)) + line.slice(p + 1);
        break;
      case 2:
        line = line.slice(0, p) + pick(FRAGMENTS) + line.slice(p);
        break;
      case 3:
        line = line.slice(0, p) + line.slice(q);
        break;
      default:
        line = line.slice(0, q) + line.slice(p, q) + line.slice(q);
    }
  }
  return line;
}

/**
 * `line` with each edit applied in turn: at position `at` (modulo the length so far), `length`
 * characters replaced by `text` (an insertion when 0). For property tests whose arbitrary draws the
 * edits: `fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fragment)))`.
 */
export function applyEdits(line: string, edits: readonly (readonly [at: number, length: number, text: string])[]): string {
  for (const [at, length, text] of edits) {
    const i = at % (line.length + 1);
    line = line.slice(0, i) + text + line.slice(i + length);
  }
  return line;
}

/** One to three of: drop a key, give a key an odd value, mutate a string value as a line. */
export function mutateObject(obj: JsonObject, random: () => number): JsonObject {
  const out: JsonObject = { ...obj };
  const keys = Object.keys(out);
  if (keys.length === 0) return out;
  const steps = 1 + Math.floor(random() * 3);
  for (let i = 0; i < steps; i++) {
    const key = keys[Math.floor(random() * keys.length)]!;
    const kind = Math.floor(random() * 3);
    if (kind === 0) delete out[key];
    else if (kind === 1 || typeof out[key] !== 'string') out[key] = ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
    else out[key] = mutateLine(out[key] as string, random);
  }
  return out;
}

const quietLog: ParserLogger = { debug() {}, info() {}, warn() {} };

/**
 * Feeds mutated seeds through the parser (raw lines through its decoder, records through
 * `decodeRecord`, rows through `fromTableRow`, then `map`), and lists every input after which the
 * parser threw something other than `RecordRejected` (`failures`), and every input whose record
 * passes the hot-path type check and is still not valid ASIM 0.2.4 (`invalid`: a value outside
 * its vocabulary, a missing mandatory field, a broken cross-field rule).
 */
export function fuzzParser(parser: SourceParser<unknown, unknown>, seeds: FuzzSeeds, opts: FuzzOptions = {}): FuzzReport {
  const runs = opts.runs ?? 300;
  const random = prng(opts.seed ?? 1);
  const ctx = { options: resolveOptions(parser, opts.options ?? {}), path: 'fuzz', log: quietLog, receivedAt: '2000-01-01T00:00:00.000Z' };
  const failures: string[] = [];
  const invalid: string[] = [];
  const slow: string[] = [];
  const slowMs = opts.slowMs ?? 1000;
  let fed = 0;
  const check = (what: string, input: unknown, feed: (processor: RecordProcessor<unknown>, sink: OutcomeSink) => void): void => {
    // a fresh processor per input: a decoder's state (a header line seen) must not leak between cases
    const processor = new RecordProcessor(parser, ctx);
    const problems: string[] = [];
    const invalidHere: string[] = [];
    const sink: OutcomeSink = {
      session: (rec: NetworkSession) => {
        // a wrong type or address the pipeline rejects itself (`invalid-value`, on the hot path): nothing invalid is emitted
        if (typeViolation(rec as unknown as Record<string, unknown>) !== undefined) return;
        const error = validateNetworkSession(JSON.parse(JSON.stringify(rec)) as Record<string, unknown>).find((v) => v.severity === 'error');
        if (error) invalidHere.push(`${error.field}: ${error.message}`);
      },
      skipped() {},
      rejected: (reason, detail) => void (reason === 'parser-error' && problems.push(detail)),
    };
    fed++;
    const started = performance.now();
    try {
      feed(processor, sink);
    } catch (err) {
      problems.push(`escaped the processor: ${err instanceof Error ? err.message : String(err)}`);
    }
    const took = performance.now() - started;
    if (took > slowMs) slow.push(`${what} ${JSON.stringify(input).slice(0, 300)}: ${Math.round(took)} ms`);
    if (problems.length) failures.push(`${what} ${JSON.stringify(input)}: ${problems.join('; ')}`);
    if (invalidHere.length) invalid.push(`${what} ${JSON.stringify(input)}: ${invalidHere.join('; ')}`);
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  if (seeds.lines?.length && (parser.createDecoder || parser.rawCodec)) {
    for (let i = 0; i < runs; i++) {
      const line = mutateLine(pick(seeds.lines), random);
      check('line', line, (p, sink) => p.raw(line, 1, sink));
    }
  }
  if (seeds.records?.length && parser.createDecoder) {
    for (let i = 0; i < runs; i++) {
      const record = mutateObject(pick(seeds.records), random);
      check('record', record, (p, sink) => (p.decodesRecords() ? p.record(record, 1, sink) : undefined));
    }
  }
  if (seeds.rows?.length && parser.fromTableRow) {
    for (let i = 0; i < runs; i++) {
      const row = mutateObject(pick(seeds.rows), random);
      check('row', row, (p, sink) => p.table(row, 1, sink));
    }
  }
  return { runs: fed, failures, invalid, slow };
}
