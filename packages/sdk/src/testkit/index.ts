/**
 * Golden-file test kit for plugin authors. A case is an input fixture plus `<case>.expected.jsonl`
 * holding, in input order, every outcome: the ASIM records it yields, and one
 * `{"_skipped":{...}}` or `{"_rejected":{...}}` line per record that yields none.
 * See packages/sdk/README.md.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DETECTOR_FIELDS, detectorKeyAt, emptyDetectorKey, typeViolation, type DetectorKey, type NetworkSession } from '@asimkit/schema';
import { frameJsonText, type FramedJson } from '../codecs/json-records.js';
import { frameXmlText, type FramedXml } from '../codecs/xml-framer.js';
import { detectInputKind, jsonRecordsOf, normalizeJsonRow, parseCsvExport } from '../codecs/table-export.js';
import { RecordProcessor, type OutcomeSink } from '../engine.js';
import { resolveOptions } from '../options.js';
import type { JsonLineBuffer } from '../json-lines.js';
import type { Form, JsonObject, ParserLogger, SourceParser } from '../parser.js';
import { isBlankLine } from '../values.js';

export interface GoldenCase {
  /** File name without directory, e.g. `v2-default.log`. */
  readonly name: string;
  readonly inputPath: string;
  readonly expectedPath: string;
  /** From `<case>.options.json` when present: the plugin's `--opt` settings. */
  readonly options: Record<string, string>;
}

export type Outcome =
  | Record<string, unknown>
  | { _skipped: { line: number; reason: string } }
  | { _rejected: { line: number; reason: string; detail: string } };

/** Environment variable that turns `checkGolden` into "write the expected files". */
export const UPDATE_ENV = 'ASIMKIT_UPDATE_GOLDEN';

const NOT_INPUT = /(\.expected\.jsonl|\.options\.json|\.md)$/;

/** Every input fixture in `dir` (sorted), with its expected and options files. */
export function goldenCases(dir: string): GoldenCase[] {
  return readdirSync(dir)
    .filter((f) => !NOT_INPUT.test(f) && !f.startsWith('.'))
    .sort()
    .map((name) => {
      const stem = name.replace(/\.gz$/, '').replace(/\.[^.]+$/, '');
      const optionsPath = join(dir, `${stem}.options.json`);
      return {
        name,
        inputPath: join(dir, name),
        expectedPath: join(dir, `${stem}.expected.jsonl`),
        options: existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as Record<string, string>) : {},
      };
    });
}

/** The `receivedAt` every golden run uses, so records without a time of their own stay stable. */
export const FIXED_RECEIVED_AT = '2000-01-01T00:00:00.000Z';

const quietLog: ParserLogger = { debug() {}, info() {}, warn() {} };

/**
 * Runs `parser` over a whole file (raw lines, JSON records, XML events or a table export, `.gz`
 * allowed) and lists every outcome. XML events (framed by `XmlEventFramer`) go to the raw decoder
 * one event at a time, positioned by the line the event starts on.
 */
export function runParserOnFile(parser: SourceParser<unknown, unknown>, inputPath: string, options: Record<string, string> = {}): Outcome[] {
  let bytes = readFileSync(inputPath);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const text = bytes.toString('utf8');
  const ctx = { options: resolveOptions(parser, options), path: inputPath, log: quietLog, receivedAt: FIXED_RECEIVED_AT };
  const processor = new RecordProcessor(parser, ctx);
  const outcomes: Outcome[] = [];
  const sink: OutcomeSink = {
    session: (rec) => void outcomes.push(JSON.parse(JSON.stringify(rec)) as Record<string, unknown>),
    skipped: (reason, line) => void outcomes.push({ _skipped: { line, reason } }),
    rejected: (reason, detail, line) => void outcomes.push({ _rejected: { line, reason, detail } }),
  };
  const kind = detectInputKind(inputPath, text.slice(0, 1 << 16));
  if (kind === 'lines') {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    lines.forEach((line, i) => {
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (!isBlankLine(text)) processor.raw(text, i + 1, sink);
    });
  } else if (kind === 'xml') {
    const framed = frameXmlText(bytes);
    const all = [...framed.records.map((f) => ({ f })), ...framed.rejected.map((r) => ({ f: r.framed, r }))].sort((a, b) => a.f.index - b.f.index);
    for (const { f, r } of all as { f: FramedXml; r?: { reason: string; detail: string } }[]) {
      if (r) sink.rejected(r.reason, r.detail, f.line, f.text);
      else processor.raw(f.text, f.line, sink);
    }
    if (framed.cutShort) throw new Error(`${inputPath}: ${framed.cutShort}`);
  } else if (kind === 'csv') {
    for (const { row, line } of parseCsvExport(text)) processor.table(row, line, sink);
  } else {
    const items = jsonItems(kind, bytes, inputPath);
    const objects = items.filter((it): it is { value: JsonObject; position: number } => 'value' in it && isObject(it.value)).map((it) => it.value);
    const asRecords = readsJsonAsRecords(parser, processor, objects.slice(0, 50));
    for (const it of items) {
      if ('reason' in it) sink.rejected(it.reason, it.detail, it.position, '');
      else if (!isObject(it.value)) sink.rejected('not-an-object', 'the JSON record is not an object', it.position, '');
      else if (asRecords) processor.record(it.value, it.position, sink);
      else processor.table(normalizeJsonRow(it.value), it.position, sink);
    }
  }
  return outcomes;
}

/** The form a fixture exercises: raw lines or raw JSON records (`raw`), or table rows (`table`), read as `runParserOnFile` reads it. */
export function fixtureForm(parser: SourceParser<unknown, unknown>, inputPath: string): Form {
  let bytes = readFileSync(inputPath);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const kind = detectInputKind(inputPath, bytes.toString('utf8', 0, 1 << 16));
  if (kind === 'lines' || kind === 'xml') return 'raw';
  if (kind === 'csv') return 'table';
  const ctx = { options: resolveOptions(parser, {}), path: inputPath, log: quietLog, receivedAt: FIXED_RECEIVED_AT };
  const objects = jsonItems(kind, bytes, inputPath).flatMap((it) => ('value' in it && isObject(it.value) ? [it.value] : []));
  return readsJsonAsRecords(parser, new RecordProcessor(parser, ctx), objects.slice(0, 50)) ? 'raw' : 'table';
}

/**
 * The parser's sniff of a file, read as the pipeline samples inputs: the first `n` lines of raw text
 * (XML inputs too), else the first `n` JSON objects offered both as raw records and as table rows
 * (CSV: rows). Returns the best score and the form it was for, so a test can check that a plugin is
 * confident on its own samples and not on other sources'.
 */
export function sniffFile(parser: SourceParser<unknown, unknown>, inputPath: string, n = 50): { score: number; form: 'lines' | 'records' | 'rows' } {
  let bytes = readFileSync(inputPath);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const text = bytes.toString('utf8');
  const kind = detectInputKind(inputPath, text.slice(0, 1 << 16));
  const sniff = (sample: Parameters<NonNullable<SourceParser['sniff']>>[0]): number => parser.sniff?.(sample) ?? 0;
  if (kind === 'lines' || kind === 'xml') {
    const lines = text.split('\n').slice(0, n).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    return { score: sniff({ lines }), form: 'lines' };
  }
  if (kind === 'csv') return { score: sniff({ rows: parseCsvExport(text).slice(0, n).map((r) => r.row) }), form: 'rows' };
  const objects = jsonItems(kind, bytes, inputPath)
    .filter((it): it is { value: JsonObject; position: number } => 'value' in it && isObject(it.value))
    .slice(0, n)
    .map((it) => it.value);
  const asRecords = sniff({ records: objects });
  const asRows = sniff({ rows: objects.map(normalizeJsonRow) });
  return asRecords > asRows ? { score: asRecords, form: 'records' } : { score: asRows, form: 'rows' };
}

/**
 * Checks a decoder's fast detector path (`RawDecoder.decodeDetectorKey`) and its projected full path
 * (`decode` + `map` under the detector's field projection, which `detect` takes for the lines the fast
 * path declines) against the plain full path that `normalize` takes, with the hot-path type check the
 * pipeline applies to every record. Each path runs on its own decoder, fed every line in order. Lists
 * every line where the fast path accepted with another key, or where the projected path's outcome (the
 * key, or no session) differs; `fast` counts the lines the fast path accepted, so a test can check that
 * it is exercised at all. So `detect` counts exactly what `normalize` emits. The lines also go, as one
 * buffer, through the batch form `detect` uses (`RecordProcessor.detectorKeys`, which is the decoder's
 * `decodeDetectorKeys` where it has one), on a decoder of its own whose declined lines take the full
 * path as they come: it must take and decline the same lines, with the same keys, as the line-by-line
 * fast path.
 */
export function detectorKeyDisagreements(
  parser: SourceParser<unknown, unknown>,
  lines: readonly string[],
  options: Record<string, string> = {},
): { fast: number; disagreements: string[] } {
  const base = { options: resolveOptions(parser, options), path: 'agreement', log: quietLog, receivedAt: FIXED_RECEIVED_AT };
  const projected = { ...base, fields: new Set<string>(DETECTOR_FIELDS) };
  const fastPath = new RecordProcessor(parser, projected);
  const projectedPath = new RecordProcessor(parser, projected);
  const fullPath = new RecordProcessor(parser, base);
  if (!fastPath.decodesDetectorKeys()) throw new Error(`${parser.id} has no decodeDetectorKey`);
  const ignore: OutcomeSink = { session() {}, skipped() {}, rejected() {} };
  const key = emptyDetectorKey();
  const disagreements: string[] = [];
  let fast = 0;
  const lineByLine: string[] = [];
  const fullOutcomes: string[] = [];
  lines.forEach((line, i) => {
    const bytes = Buffer.from(line, 'utf8');
    const took = fastPath.detectorKey(bytes, 0, bytes.length, key);
    lineByLine.push(took ? JSON.stringify(key) : 'declined');
    if (!took) fastPath.raw(line, i + 1, ignore);
    const expected = countedOutcome(fullPath, line, i + 1);
    fullOutcomes.push(expected);
    const viaProjection = countedOutcome(projectedPath, line, i + 1);
    if (viaProjection !== expected) disagreements.push(`line ${i + 1}: ${JSON.stringify(line)}\n  projected path: ${viaProjection}\n  full path: ${expected}`);
    if (!took) return;
    fast++;
    const actual = JSON.stringify(key);
    if (actual !== expected) disagreements.push(`line ${i + 1}: ${JSON.stringify(line)}\n  fast path: ${actual}\n  full path: ${expected}`);
  });
  batchOutcomes(new RecordProcessor(parser, projected), lines).forEach((outcome, i) => {
    // a line the batch skips is one the line-by-line path declines, and the full path skips so
    if (outcome.startsWith('skipped')) {
      if (outcome !== fullOutcomes[i]) disagreements.push(`line ${i + 1}: ${JSON.stringify(lines[i])}\n  batch fast path: ${outcome}\n  full path: ${fullOutcomes[i]}`);
    } else if (outcome !== lineByLine[i]) disagreements.push(`line ${i + 1}: ${JSON.stringify(lines[i])}\n  batch fast path: ${outcome}\n  line by line: ${lineByLine[i]}`);
  });
  return { fast, disagreements };
}

/**
 * Checks a plugin's JSON-lines fast path (`RawDecoder.encodeJsonLines`) against the full path:
 * each line the fast path writes must be one the full path makes exactly one session of, which
 * passes the type check, and the bytes must be `JSON.stringify` of that session and a line feed.
 * The lines go in order through one decoder, a line at a time, the declined ones through its full
 * path as they come (a header changes what follows); then all at once as one batch, which must
 * write the same lines with the same bytes. Returns how many lines the fast path wrote, and each
 * disagreement.
 */
export function jsonLineDisagreements(
  parser: SourceParser<unknown, unknown>,
  lines: readonly string[],
  options: Record<string, string> = {},
): { fast: number; disagreements: string[] } {
  const ctx = { options: resolveOptions(parser, options), path: 'agreement', log: quietLog, receivedAt: FIXED_RECEIVED_AT };
  const fastPath = new RecordProcessor(parser, ctx);
  const fullPath = new RecordProcessor(parser, ctx);
  if (!fastPath.encodesJsonLines()) throw new Error(`${parser.id} has no encodeJsonLines`);
  const ignore: OutcomeSink = { session() {}, skipped() {}, rejected() {} };
  const { bytes, spans } = asOneBuffer(lines);
  const disagreements: string[] = [];
  const lineByLine: (string | undefined)[] = [];
  const out = new GrowingLineBuffer();
  lines.forEach((line, i) => {
    out.pos = 0;
    const wrote = fastPath.jsonLines(bytes, spans, i, i + 1, out) === i + 1;
    if (!wrote) fastPath.raw(line, i + 1, ignore);
    const actual = wrote ? out.text() : undefined;
    lineByLine.push(actual);
    const expected = jsonLineOutcome(fullPath, line, i + 1);
    if (wrote && actual !== expected) disagreements.push(`line ${i + 1}: ${JSON.stringify(line)}\n  fast path: ${actual}\n  full path: ${expected}`);
  });
  // all lines as one batch, on a decoder of its own
  const batchPath = new RecordProcessor(parser, ctx);
  const batch = new GrowingLineBuffer();
  const inBatch: (string | undefined)[] = [];
  for (let from = 0; from < lines.length; ) {
    const at = batch.pos;
    const next = batchPath.jsonLines(bytes, spans, from, lines.length, batch);
    const written = batch.text(at).split(/(?<=\n)/).filter((l) => l !== '');
    if (written.length !== next - from) disagreements.push(`lines ${from + 1}-${next}: the batch wrote ${written.length} lines for ${next - from}`);
    for (let j = from; j < next; j++) inBatch[j] = written[j - from];
    if (next < lines.length) batchPath.raw(lines[next]!, next + 1, ignore);
    from = next + 1;
  }
  lines.forEach((line, i) => {
    if (inBatch[i] !== lineByLine[i]) disagreements.push(`line ${i + 1}: ${JSON.stringify(line)}\n  batch: ${inBatch[i] ?? 'declined'}\n  line by line: ${lineByLine[i] ?? 'declined'}`);
  });
  return { fast: lineByLine.filter((l) => l !== undefined).length, disagreements };
}

/** The full path's JSON line for `line` when it makes exactly one session that passes the type check, else what it made. */
function jsonLineOutcome(processor: RecordProcessor<unknown>, line: string, position: number): string {
  const sessions: NetworkSession[] = [];
  let other = '';
  processor.raw(line, position, {
    session: (r) => void sessions.push(r),
    skipped: (reason) => void (other = `skipped (${reason})`),
    rejected: (reason, detail) => void (other = `rejected (${reason}: ${detail})`),
  });
  if (sessions.length !== 1) return other || `${sessions.length} sessions`;
  const wrong = typeViolation(sessions[0] as unknown as Record<string, unknown>);
  return wrong === undefined ? `${JSON.stringify(sessions[0])}\n` : `rejected (${wrong})`;
}

/** The lines as one buffer, each followed by a line feed, and their (start, end) pairs. */
function asOneBuffer(lines: readonly string[]): { bytes: Buffer; spans: Int32Array } {
  const parts = lines.map((line) => Buffer.from(line, 'utf8'));
  const bytes = Buffer.concat(parts.flatMap((part) => [part, Buffer.from('\n')]));
  const spans = new Int32Array(2 * lines.length);
  for (let i = 0, at = 0; i < lines.length; at += parts[i]!.length + 1, i++) spans.set([at, at + parts[i]!.length], 2 * i);
  return { bytes, spans };
}

/** A JsonLineBuffer that starts small and grows, as the sink's does. */
class GrowingLineBuffer implements JsonLineBuffer {
  pos = 0;
  bytes = new Uint8Array(16);
  view = new DataView(this.bytes.buffer);

  room(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(2 * this.bytes.length, this.pos + n));
    bigger.set(this.bytes.subarray(0, this.pos));
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }

  /** What was written from `at` on, as UTF-8. */
  text(at = 0): string {
    return Buffer.from(this.bytes.buffer, at, this.pos - at).toString('utf8');
  }
}

/** What the batch fast path makes of each line, the lines given as one buffer: its key, `skipped (reason)`, or `declined`. */
function batchOutcomes(processor: RecordProcessor<unknown>, lines: readonly string[]): string[] {
  if (!processor.decodesDetectorKeys()) return [];
  const { bytes, spans } = asOneBuffer(lines);
  const ignore: OutcomeSink = { session() {}, skipped() {}, rejected() {} };
  // the lines given in columns, by index; the others' outcomes in the order they came
  const inColumns = new Map<number, string>();
  const inOrder: { line?: number; outcome: string }[] = [];
  const key = emptyDetectorKey();
  processor.detectorKeys(bytes, spans, lines.length, emptyDetectorKey(), {
    take: (k) => void inOrder.push({ outcome: JSON.stringify(k) }),
    takeColumns: (columns, first, count) => {
      for (let i = 0; i < count; i++) {
        if (columns.combination[i]! < 0) continue;
        if (inColumns.has(first + i)) throw new Error(`the batch fast path gave line ${first + i + 1} in columns twice`);
        inColumns.set(first + i, JSON.stringify(detectorKeyAt(columns, i, key)));
      }
    },
    skip: (j, reason) => void inOrder.push({ line: j, outcome: `skipped (${reason})` }),
    decline: (j) => {
      inOrder.push({ line: j, outcome: 'declined' });
      processor.raw(lines[j]!, j + 1, ignore);
    },
  });
  const outcomes: string[] = [];
  let next = 0;
  for (let j = 0; j < lines.length; j++) {
    const fromColumns = inColumns.get(j);
    if (fromColumns !== undefined) {
      outcomes.push(fromColumns);
      continue;
    }
    const o = inOrder[next++];
    if (o === undefined) throw new Error(`the batch fast path decided nothing for line ${j + 1}`);
    if (o.line !== undefined && o.line !== j) throw new Error(`the batch fast path decided line ${o.line + 1} out of order (next: ${j + 1})`);
    outcomes.push(o.outcome);
  }
  if (next !== inOrder.length) throw new Error(`the batch fast path decided ${inOrder.length + inColumns.size} outcomes for ${lines.length} lines`);
  return outcomes;
}

/**
 * What the detector would count of a line on this path: the key of its one valid session, else
 * `skipped (reason)` or `rejected` (paths may name a malformation differently; they must agree that it is one).
 */
function countedOutcome(processor: RecordProcessor<unknown>, line: string, position: number): string {
  const sessions: NetworkSession[] = [];
  let other = '';
  processor.raw(line, position, {
    session: (r) => void sessions.push(r),
    skipped: (reason) => void (other = `skipped (${reason})`),
    rejected: () => void (other = 'rejected'),
  });
  if (sessions.length !== 1) return other || `${sessions.length} sessions`;
  return typeViolation(sessions[0] as unknown as Record<string, unknown>) === undefined ? JSON.stringify(detectorKeyOf(sessions[0]!)) : 'rejected';
}

/** What the detector counts of a record, in the fast path's form. */
function detectorKeyOf(r: NetworkSession): DetectorKey {
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  return {
    timeMs: Date.parse(r.TimeGenerated),
    NetworkProtocol: str(r.NetworkProtocol),
    DstPortNumber: typeof r.DstPortNumber === 'number' ? r.DstPortNumber : null,
    DstAppName: str(r.DstAppName),
    NetworkDirection: str(r.NetworkDirection),
    DvcAction: str(r.DvcAction),
  };
}

type JsonItem = { value: unknown; position: number } | { reason: string; detail: string; position: number };

/**
 * The records of a JSON input, as the pipeline reads them: JSON lines one per line (a line holding
 * a `{"records": [...]}` document yields its records), other JSON framed by `JsonRecordFramer`
 * (array elements, a container's records), positioned by record index.
 */
function jsonItems(kind: 'json-array' | 'json-lines' | 'json-document', bytes: Buffer, path: string): JsonItem[] {
  const items: JsonItem[] = [];
  const parse = (text: string, position: number): void => {
    try {
      const value = JSON.parse(text) as unknown;
      if (kind === 'json-lines' && isObject(value)) for (const r of jsonRecordsOf(value)) items.push({ value: r, position });
      else items.push({ value, position });
    } catch (err) {
      items.push({ reason: 'invalid-json', detail: `invalid JSON: ${(err as Error).message}`, position });
    }
  };
  if (kind === 'json-lines') {
    bytes
      .toString('utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() !== '') parse(line, i + 1);
      });
    return items;
  }
  const framed = frameJsonText(bytes);
  if (framed.cutShort) throw new Error(`${path}: ${framed.cutShort}`);
  const all = [...framed.records.map((f) => ({ f })), ...framed.rejected.map((r) => ({ f: r.framed, r }))].sort((a, b) => a.f.index - b.f.index);
  for (const { f, r } of all as { f: FramedJson; r?: { reason: string; detail: string } }[]) {
    if (r) items.push({ reason: r.reason, detail: r.detail, position: f.index });
    else parse(f.text, f.index);
  }
  return items;
}

/**
 * Whether a JSON input's objects are this parser's raw records (`decodeRecord`) rather than table
 * rows: the form whose sniff is more confident; table rows when it cannot tell.
 */
function readsJsonAsRecords(parser: SourceParser<unknown, unknown>, processor: RecordProcessor<unknown>, sample: JsonObject[]): boolean {
  if (!processor.decodesRecords()) return false;
  if (!parser.fromTableRow) return true;
  const asRecords = parser.sniff?.({ records: sample }) ?? 0;
  const asRows = parser.sniff?.({ rows: sample.map(normalizeJsonRow) }) ?? 0;
  return asRecords > asRows;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Compares the parser's outcomes on `c` with `c.expectedPath`, throwing an error whose message is a
 * field-by-field diff. With ASIMKIT_UPDATE_GOLDEN=1 it (re)writes the expected file instead.
 */
export function checkGolden(parser: SourceParser<unknown, unknown>, c: GoldenCase): void {
  const actual = runParserOnFile(parser, c.inputPath, c.options);
  if (process.env[UPDATE_ENV] === '1') {
    writeFileSync(c.expectedPath, actual.map((o) => JSON.stringify(o)).join('\n') + (actual.length ? '\n' : ''));
    return;
  }
  if (!existsSync(c.expectedPath)) {
    throw new Error(`${c.name}: no ${basename(c.expectedPath)}; run \`pnpm golden:update\` and review the file`);
  }
  const expected = readFileSync(c.expectedPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Outcome);
  const diff = diffOutcomes(expected, actual);
  if (diff.length) throw new Error(`${c.name} differs from ${basename(c.expectedPath)}:\n${diff.join('\n')}`);
}

/** A readable list of differences: one line per differing field of each differing outcome. */
export function diffOutcomes(expected: readonly Outcome[], actual: readonly Outcome[]): string[] {
  const out: string[] = [];
  if (expected.length !== actual.length) out.push(`  outcome count: expected ${expected.length}, got ${actual.length}`);
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i] as Record<string, unknown> | undefined;
    const a = actual[i] as Record<string, unknown> | undefined;
    if (!e || !a) {
      out.push(`  #${i + 1}: ${e ? 'missing' : 'unexpected'} ${JSON.stringify(e ?? a)}`);
      continue;
    }
    for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
      const ev = canonicalJson(e[key]);
      const av = canonicalJson(a[key]);
      if (ev !== av) out.push(`  #${i + 1} ${key}: expected ${ev ?? '(absent)'}, got ${av ?? '(absent)'}`);
    }
  }
  return out;
}

/** JSON with object keys sorted, so nested objects compare by content, not key order. */
function canonicalJson(v: unknown): string | undefined {
  return JSON.stringify(v, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : value,
  );
}

export * from './fuzz.js';
