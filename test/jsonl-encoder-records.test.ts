// Property: on real records — what every plugin's mapping builds from its golden fixtures, as the
// pipeline hands them to a sink (strings as the decoders sliced them, lineage on or off) — and on
// every line of the golden files, JsonlSink writes exactly `JSON.stringify(record)` per line, in
// any order and mixture of sources.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { pino } from '@asimkit/vendor/pino';
import type { NetworkSession } from '@asimkit/schema';
import { discoverPlugins, JsonlSink, loadPlugins, normalize, type PluginRegistry } from '@asimkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const log = pino({ level: 'silent' });
const NOT_INPUT = /(\.expected\.jsonl|\.options\.json|\.md)$/;

interface Fixture {
  readonly plugin: string;
  readonly path: string;
  readonly options: Record<string, string>;
  readonly expectedPath: string;
}

function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const dir of readdirSync(join(ROOT, 'plugins')).sort()) {
    const fixtureDir = join(ROOT, 'plugins', dir, 'test', 'fixtures');
    if (!existsSync(fixtureDir)) continue;
    const plugin = (JSON.parse(readFileSync(join(ROOT, 'plugins', dir, 'package.json'), 'utf8')) as { asimkit: { id: string } }).asimkit.id;
    for (const name of readdirSync(fixtureDir).sort()) {
      if (NOT_INPUT.test(name) || name.startsWith('.')) continue;
      const stem = join(fixtureDir, name.replace(/\.gz$/, '').replace(/\.[^.]+$/, ''));
      const options = existsSync(`${stem}.options.json`) ? (JSON.parse(readFileSync(`${stem}.options.json`, 'utf8')) as Record<string, string>) : {};
      out.push({ plugin, path: join(fixtureDir, name), options, expectedPath: `${stem}.expected.jsonl` });
    }
  }
  return out;
}

/** JsonlSink's bytes for `records`, written in batches as the pipeline writes them. */
async function sinkBytes(records: readonly object[], batch = 256): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const sink = new JsonlSink({ write: (d) => void chunks.push(typeof d === 'string' ? Buffer.from(d) : d), close() {} });
  for (let i = 0; i < records.length; i += batch) await sink.write(records.slice(i, i + batch) as NetworkSession[]);
  await sink.close();
  return Buffer.concat(chunks);
}

const stringified = (records: readonly object[]): string => records.map((r) => `${JSON.stringify(r)}\n`).join('');

let registry: PluginRegistry;
/** Per fixture, the records the pipeline emitted (with lineage, then without). */
let real: object[][];
let golden: object[][];

beforeAll(async () => {
  registry = await loadPlugins((await discoverPlugins({ roots: [ROOT] })).manifests);
  real = [];
  golden = [];
  for (const f of fixtures()) {
    for (const lineage of [true, false]) {
      const records: object[] = [];
      await normalize(
        registry,
        { inputs: [f.path], source: f.plugin, lineage, pluginOptions: new Map([[f.plugin, f.options]]) },
        { write: (batch) => void records.push(...batch), close() {} },
        log,
      );
      real.push(records);
    }
    if (existsSync(f.expectedPath)) {
      golden.push(
        readFileSync(f.expectedPath, 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as object),
      );
    }
  }
});

describe('JsonlSink on real records writes what JSON.stringify writes', () => {
  it("every plugin's records from its fixtures, in file order", async () => {
    const all = real.flat();
    expect(all.length).toBeGreaterThan(500);
    expect(real.filter((r) => r.length > 0).length).toBeGreaterThan(60);
    expect((await sinkBytes(all)).toString()).toBe(stringified(all));
  });

  it('every line of every golden file', async () => {
    const all = golden.flat();
    expect(all.length).toBeGreaterThan(500);
    expect((await sinkBytes(all)).toString()).toBe(stringified(all));
  });

  it('any mixture of them: fixtures interleaved, records repeated, in any order, in batches of any size', async () => {
    const all = [...real.flat(), ...golden.flat()];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 300 }), async (picks, batch) => {
        const records = picks.map((i) => all[i % all.length]!);
        expect((await sinkBytes(records, batch)).toString()).toBe(stringified(records));
      }),
      { numRuns: 300 },
    );
  });
});
