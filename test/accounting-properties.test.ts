// Property: whatever mixture of good, malformed, truncated and binary input a run gets, across every
// plugin and codec, it never throws, accounts for every record (read = parsed + skipped + rejected),
// emits only records that pass the hot-path type check, and `detect` (the detector's projection and
// fast paths) counts exactly what `normalize` emits.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { pino } from '@asimkit/vendor/pino';
import { DETECTOR_FIELDS, typeViolation, type DetectorKey, type NetworkSession } from '@asimkit/schema';
import { Accounting, discoverPlugins, loadPlugins, normalize, type PluginRegistry, type SessionSink } from '@asimkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Math.max(20, Math.floor(Number(process.env.FUZZ_RUNS) / 100)) : 40;
const log = pino({ level: 'silent' });

/** Every raw line of every plugin's fixtures (text files only), as seeds. */
function fixtureLines(): string[] {
  const lines: string[] = [];
  for (const plugin of readdirSync(join(ROOT, 'plugins'))) {
    const dir = join(ROOT, 'plugins', plugin, 'test', 'fixtures');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!/\.(log|txt|cef|syslog)$/.test(name)) continue;
      for (const line of readFileSync(join(dir, name), 'utf8').split(/\r?\n/)) if (line.trim() !== '' && line.length < 4000) lines.push(line);
    }
  }
  return lines;
}

let registry: PluginRegistry;
let seeds: string[];

beforeAll(async () => {
  registry = await loadPlugins((await discoverPlugins({ roots: [ROOT] })).manifests);
  seeds = fixtureLines();
});

/** A line: a real one, a mutated one, a truncated one, or bytes of garbage. */
function lineArb(): fc.Arbitrary<string> {
  const real = fc.nat().map((i) => seeds[i % seeds.length]!);
  const mutated = fc.tuple(real, fc.nat(), fc.oneof(fc.constantFrom('', ' ', '|', '=', '-', '\t', 'x', '999.1.1.1', '"', '{', '\\'), fc.string({ maxLength: 4 })), fc.nat({ max: 8 })).map(
    ([line, at, insert, cut]) => {
      const p = line.length === 0 ? 0 : at % line.length;
      return line.slice(0, p) + insert + line.slice(p + cut);
    },
  );
  const truncated = fc.tuple(real, fc.nat()).map(([line, at]) => line.slice(0, line.length === 0 ? 0 : at % line.length));
  const garbage = fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b).toString('latin1').replace(/[\r\n]/g, ''));
  return fc.oneof({ weight: 4, arbitrary: real }, { weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: truncated }, { weight: 1, arbitrary: garbage });
}

/** A sink that counts, checks every record, and takes detector keys like the detector's. */
class CheckingSink implements SessionSink {
  records = 0;
  keys = 0;
  invalid: string[] = [];
  readonly detectorKey?: (key: Readonly<DetectorKey>) => void;
  constructor(takesKeys: boolean) {
    if (takesKeys) this.detectorKey = () => void this.keys++;
  }
  write(records: NetworkSession[]): void {
    this.records += records.length;
    for (const r of records) {
      const wrong = typeViolation(r as unknown as Record<string, unknown>);
      if (wrong) this.invalid.push(wrong);
    }
  }
  close(): void {}
}

async function run(path: string, detect: boolean): Promise<{ acc: Accounting; sink: CheckingSink }> {
  const sink = new CheckingSink(detect);
  const acc = await normalize(registry, { inputs: [path], ...(detect ? { fields: DETECTOR_FIELDS } : {}) }, sink, log);
  return { acc, sink };
}

const counts = (acc: Accounting) => ({ read: acc.read, skipped: acc.skipped, rejected: acc.rejected, emitted: acc.emitted, failed: acc.failedInputs.length });

describe('accounting invariant over random inputs (property)', () => {
  it('raw line mixtures, plain or gzip (whole or cut short): every record accounted for, detect agrees with normalize', async () => {
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb(), { minLength: 1, maxLength: 40 }), fc.constantFrom('plain', 'gzip', 'gzip-cut', 'crlf', 'cr'), async (lines, container) => {
        const eol = container === 'crlf' ? '\r\n' : container === 'cr' ? '\r' : '\n';
        let bytes: Buffer = Buffer.from(lines.join(eol) + eol, 'latin1');
        if (container.startsWith('gzip')) bytes = gzipSync(bytes);
        if (container === 'gzip-cut') bytes = bytes.subarray(0, Math.max(10, bytes.length >> 1));
        const path = join(dir, 'mix.log');
        writeFileSync(path, bytes);
        let full: Awaited<ReturnType<typeof run>>;
        try {
          full = await run(path, false);
        } catch (err) {
          // a mixture no source is confident about is a usage error for a named file, and nothing else
          expect((err as { code?: string }).code).toBe('unknown-format');
          return;
        }
        const { acc, sink } = full;
        expect(acc.read).toBe(acc.parsed + acc.skipped + acc.rejected);
        expect(sink.records).toBe(acc.emitted);
        expect(sink.invalid).toEqual([]);
        const counted = await run(path, true);
        expect(counts(counted.acc)).toEqual(counts(acc));
        expect(counted.sink.records + counted.sink.keys).toBe(acc.emitted);
      }),
      { numRuns: RUNS },
    );
  });

  it('JSON inputs (lines, arrays, documents) with broken records: every record accounted for', async () => {
    const dir = tempDir();
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ Type: 'CommonSecurityLog', DeviceVendor: 'Palo Alto Networks', DeviceProduct: 'PAN-OS', Activity: 'TRAFFIC', SourceIP: '10.0.0.1', DestinationIP: '10.0.0.2', DestinationPort: 443 }));
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 20 }), fc.constantFrom('lines', 'array', 'records', 'cut'), async (values, shape) => {
        const text =
          shape === 'lines' ? values.map((v) => JSON.stringify(v)).join('\n') + '\n{broken\n'
          : shape === 'array' ? JSON.stringify(values)
          : shape === 'records' ? JSON.stringify({ records: values })
          : JSON.stringify(values).slice(0, -3);
        const path = join(dir, 'mix.json');
        writeFileSync(path, text);
        let result: Awaited<ReturnType<typeof run>>;
        try {
          result = await run(path, false);
        } catch (err) {
          expect((err as { code?: string }).code).toBe('unknown-format');
          return;
        }
        const { acc, sink } = result;
        expect(acc.read).toBe(acc.parsed + acc.skipped + acc.rejected);
        expect(sink.records).toBe(acc.emitted);
        expect(sink.invalid).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
