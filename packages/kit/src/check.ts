import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateNetworkSession } from '@asimkit/schema';
import { createLogger, discoverPlugins, loadPlugins, normalize, PluginRegistry, readManifest, type LoadedPlugin } from '@asimkit/core';
import { ConfigError, formsOf, parseCsvExport, resolveOptions, SDK_VERSION, Skip, type Form, type JsonObject, type PluginManifest, type TableRow } from '@asimkit/sdk';
import {
  checkGolden,
  detectorKeyDisagreements,
  jsonLineDisagreements,
  fixtureForm,
  fuzzParser,
  goldenCases,
  mutateLine,
  runParserOnFile,
  type GoldenCase,
  type Outcome,
} from '@asimkit/sdk/testkit';
import { satisfies } from '@asimkit/vendor/semver';
import { buildPlugin } from './build.js';

/** One check's result; `details` say what failed (or, for a pass, what was covered). */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly details: string[];
  /** Worth a look, not a failure (e.g. fuzzed records that break a vocabulary rule). */
  readonly warnings?: string[];
}

export interface PluginTestOptions {
  /** Rewrite the expected files instead of comparing them. */
  readonly update?: boolean;
  /** Mutated inputs per seed kind for the fuzz check (default 300). */
  readonly fuzzRuns?: number;
  /** Where the other plugins are looked for (besides the default roots): `--plugin-dir`. */
  readonly pluginDirs?: readonly string[];
}

const quiet = createLogger('silent');

/** Writes each fixture's expected file from the plugin's current outcomes (what `plugin new` does for its starter fixture). */
export async function updateExpected(dirArg: string): Promise<number> {
  const dir = resolve(dirArg);
  const manifest = manifestOf(dir);
  const plugin = (await loadPlugins([manifest], { enable: [manifest.id] })).get(manifest.id);
  const cases = goldenCases(join(dir, 'test', 'fixtures'));
  for (const c of cases) {
    const got = runParserOnFile(plugin.parser, c.inputPath, c.options);
    writeFileSync(c.expectedPath, got.map((o) => JSON.stringify(o)).join('\n') + (got.length ? '\n' : ''));
  }
  return cases.length;
}

/**
 * `asim plugin test DIR`: builds the plugin when it has to, then runs its golden fixtures and the
 * checks every plugin must pass, with the host's SDK, without vitest or the monorepo:
 * manifest, load, forms, golden, ASIM validity, detection (its sniff claims its own fixtures and
 * no other plugin's), fast-path agreement, fuzz.
 */
export async function testPlugin(dirArg: string, opts: PluginTestOptions = {}): Promise<CheckResult[]> {
  const dir = resolve(dirArg);
  const results: CheckResult[] = [];
  const add = (name: string, details: string[], ok = details.length === 0) => void results.push({ name, ok, details });

  const manifest = manifestOf(dir);
  add('manifest', manifestProblems(manifest, dir));

  const build = await buildPlugin(dir, manifest.entry);
  if (build.errors.length) {
    add('build', build.errors);
    return results;
  }
  if (build.built) add('build', ['compiled with the host\'s TypeScript'], true);

  let plugin: LoadedPlugin;
  try {
    plugin = (await loadPlugins([manifest], { enable: [manifest.id] })).get(manifest.id);
  } catch (err) {
    add('load', [err instanceof Error ? err.message : String(err)]);
    return results;
  }
  const parser = plugin.parser;
  const fixturesDir = join(dir, 'test', 'fixtures');
  const cases = existsSync(fixturesDir) ? goldenCases(fixturesDir) : [];
  if (cases.length === 0) {
    add('fixtures', [`no fixtures in ${fixturesDir}: add an input and run with --update`]);
    return results;
  }

  const forms = new Map(cases.map((c) => [c, fixtureForm(parser, c.inputPath)] as const));
  add('forms', formsOf(parser).filter((f) => ![...forms.values()].includes(f)).map((f) => `the plugin reads the ${f} form, and no fixture is in it`));

  const outcomes = new Map<GoldenCase, Outcome[]>();
  const golden: string[] = [];
  const invalid: string[] = [];
  for (const c of cases) {
    const got = runParserOnFile(parser, c.inputPath, c.options);
    outcomes.set(c, got);
    if (opts.update) writeFileSync(c.expectedPath, got.map((o) => JSON.stringify(o)).join('\n') + (got.length ? '\n' : ''));
    else {
      try {
        checkGolden(parser, c);
      } catch (err) {
        golden.push((err as Error).message.replace('run `pnpm golden:update`', 'run `asim plugin test --update`'));
      }
    }
    got.forEach((o, i) => {
      if (isRecord(o)) for (const v of validateNetworkSession(o).filter((x) => x.severity === 'error')) invalid.push(`${c.name} outcome #${i + 1}: ${v.field}: ${v.message}`);
    });
  }
  add(opts.update ? `golden (${cases.length} expected files written)` : `golden (${cases.length} fixtures)`, golden);
  add('ASIM 0.2.4 validity', invalid);

  add('detection', await detectionProblems(plugin, cases, outcomes, opts.pluginDirs));

  const lineCases = cases.filter((c) => forms.get(c) === 'raw' && fixtureKind(c) === 'lines');
  const seedLines = lineCases.flatMap((c) => fixtureLines(c));
  for (const path of FAST_PATHS) {
    if (!plugin.parser.createDecoder || !seedLines.length || !hasMethod(plugin, path.method)) continue;
    const problems: string[] = [];
    let fast = 0;
    for (const c of lineCases) {
      const r = path.disagreements(parser, fixtureLines(c), c.options);
      fast += r.fast;
      problems.push(...r.disagreements.map((d) => `${c.name} ${d}`));
    }
    let random = 7;
    const next = () => ((random = (random * 1103515245 + 12345) % 2147483648) / 2147483648);
    // in batches, so a million mutated lines (pnpm fuzz) never sit in memory at once
    for (let left = opts.fuzzRuns ?? 300; left > 0 && problems.length < 100; left -= 10_000) {
      const mutated = Array.from({ length: Math.min(left, 10_000) }, () => mutateLine(seedLines[Math.floor(next() * seedLines.length)]!, next));
      problems.push(...path.disagreements(parser, mutated).disagreements.map((d) => `fuzzed ${d}`));
    }
    if (fast === 0) problems.push(`${path.method} took no fixture line: the fast path is never taken`);
    add(`${path.label} (${fast} fixture lines taken, ${opts.fuzzRuns ?? 300} fuzzed lines)`, problems);
  }

  const seeds = fuzzSeeds(cases, forms, outcomes);
  const fuzz = fuzzParser(parser, seeds, { runs: opts.fuzzRuns ?? 300 });
  const firstOf = (xs: string[]) => xs.slice(0, 10).concat(xs.length > 10 ? [`… and ${xs.length - 10} more`] : []);
  results.push({
    name: `fuzz (${fuzz.runs} inputs)`,
    ok: fuzz.failures.length === 0 && fuzz.slow.length === 0,
    details: [...firstOf(fuzz.failures), ...firstOf(fuzz.slow).map((s) => `slower than 1 s (a hang in the making): ${s}`)],
    warnings: fuzz.invalid.length ? [`${fuzz.invalid.length} fuzzed records pass the type check but are not valid ASIM (asim normalize emits them unless --validate):`, ...firstOf(fuzz.invalid)] : [],
  });
  return results;
}

function manifestOf(dir: string): PluginManifest {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) throw new ConfigError('not-a-plugin', `${dir} has no package.json; pass the plugin's directory`);
  const read = readManifest(file);
  if (read === undefined) throw new ConfigError('not-a-plugin', `${file} has no "asimkit" manifest`);
  if ('code' in read) throw new ConfigError(read.code, read.message);
  return read;
}

function manifestProblems(m: PluginManifest, dir: string): string[] {
  const problems: string[] = [];
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { peerDependencies?: Record<string, string>; dependencies?: Record<string, string> };
  if (m.sdk === undefined) problems.push('"asimkit.sdk" is missing: declare the SDK range the plugin works with, e.g. "^0.1.0"');
  else if (!satisfies(SDK_VERSION, m.sdk, { includePrerelease: true })) problems.push(`"asimkit.sdk" ${m.sdk} does not include this host's SDK ${SDK_VERSION}`);
  for (const name of ['@asimkit/sdk', '@asimkit/schema']) {
    if (pkg.dependencies?.[name] !== undefined) problems.push(`${name} is a dependency: make it a peerDependency (the host provides it), and a devDependency to build`);
  }
  if (pkg.peerDependencies?.['@asimkit/sdk'] === undefined) problems.push('peerDependencies has no "@asimkit/sdk"');
  return problems;
}

function isRecord(o: Outcome): o is Record<string, unknown> {
  return !('_skipped' in o) && !('_rejected' in o);
}

/** A plugin whose parser counts the records its mapping yields (the pipeline may still reject some; both runs compared see the same). */
function counting(p: LoadedPlugin): { plugin: LoadedPlugin; count: () => number } {
  let n = 0;
  const parser = Object.create(p.parser) as LoadedPlugin['parser'];
  parser.map = (row, ctx) => {
    const out = p.parser.map.call(parser, row, ctx);
    if (!(out instanceof Skip)) n++;
    return out;
  };
  return { plugin: { ...p, parser }, count: () => n };
}

/** Runs the pipeline without --source over `path` with these plugins enabled; a file none of them recognises yields nothing. */
async function runWithout(plugins: readonly LoadedPlugin[], path: string, options: Map<string, Record<string, string>>): Promise<void> {
  const sink = { write() {}, close() {} };
  try {
    await normalize(new PluginRegistry(plugins), { inputs: [path], pluginOptions: options }, sink, quiet);
  } catch (err) {
    if (!(err instanceof ConfigError && err.code === 'unknown-format')) throw err;
  }
}

/**
 * The pipeline's choice of source, as a user without --source gets it. Each own fixture that
 * yields records is read as this plugin's when it is enabled alone (its sniff, or its per-line
 * claims, reach 0.5). And this plugin takes nothing from another plugin: enabled together with
 * each other discovered plugin, the other still maps every record of its own fixtures that it maps
 * alone (a fixture may hold a line of this plugin's among them: that one is this plugin's to take).
 */
async function detectionProblems(plugin: LoadedPlugin, cases: readonly GoldenCase[], outcomes: Map<GoldenCase, Outcome[]>, pluginDirs?: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const id = plugin.manifest.id;
  for (const c of cases) {
    const expected = outcomes.get(c)!.filter(isRecord).length;
    if (expected === 0) continue;
    const self = counting(plugin);
    await runWithout([self.plugin], c.inputPath, new Map([[id, c.options]]));
    if (self.count() < expected) problems.push(`${c.name}: without --source, ${self.count()} of its ${expected} records are mapped: the plugin's sniff (or its per-line claims) does not reach 0.5 on it`);
  }
  const { manifests, problems: found } = await discoverPlugins({ pluginDirs });
  const others = manifests.filter((m) => m.id !== id && resolve(m.dir) !== resolve(plugin.manifest.dir) && existsSync(join(m.dir, 'test', 'fixtures')));
  const loaded = await loadPlugins(others, {}, found);
  for (const other of loaded.plugins) {
    for (const c of goldenCases(join(other.manifest.dir, 'test', 'fixtures'))) {
      const options = new Map([[other.manifest.id, c.options]]);
      const alone = counting(other);
      await runWithout([alone.plugin], c.inputPath, options);
      if (alone.count() === 0) continue;
      const paired = counting(other);
      const pair = [plugin, paired.plugin].sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
      await runWithout(pair, c.inputPath, options);
      if (paired.count() < alone.count()) {
        problems.push(`${other.manifest.id}'s ${c.name}: with ${id} enabled too, ${other.manifest.id} maps ${paired.count()} of the ${alone.count()} records it maps alone: ${id} claims its input`);
      }
    }
  }
  return problems;
}

function fixtureKind(c: GoldenCase): 'lines' | 'other' {
  const text = readFileSync(c.inputPath);
  if (text[0] === 0x1f && text[1] === 0x8b) return 'lines';
  const head = text.toString('utf8', 0, 4096).trimStart();
  return c.name.endsWith('.csv') || head.startsWith('[') || head.startsWith('{') ? 'other' : 'lines';
}

function fixtureLines(c: GoldenCase): string[] {
  const bytes = readFileSync(c.inputPath);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return [];
  return bytes
    .toString('utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
}

/** The fast paths a raw decoder may have, each with its agreement check against the full path. */
const FAST_PATHS = [
  { method: 'decodeDetectorKey', label: 'fast-path agreement', disagreements: detectorKeyDisagreements },
  { method: 'encodeJsonLines', label: 'JSON-lines fast-path agreement', disagreements: jsonLineDisagreements },
] as const;

function hasMethod(plugin: LoadedPlugin, method: (typeof FAST_PATHS)[number]['method']): boolean {
  const decoder = plugin.parser.createDecoder!({ options: resolveOptions(plugin.parser, {}), path: 'probe', log: quiet, receivedAt: '2000-01-01T00:00:00.000Z' });
  return typeof decoder[method] === 'function';
}

/** Fuzz seeds from the fixtures: raw lines, raw JSON records, table rows (each fixture in its form). */
function fuzzSeeds(cases: readonly GoldenCase[], forms: Map<GoldenCase, Form>, _outcomes: Map<GoldenCase, Outcome[]>): { lines: string[]; records: JsonObject[]; rows: TableRow[] } {
  const lines: string[] = [];
  const records: JsonObject[] = [];
  const rows: TableRow[] = [];
  for (const c of cases) {
    if (fixtureKind(c) === 'lines') {
      lines.push(...fixtureLines(c).slice(0, 200));
      continue;
    }
    const objects = c.name.endsWith('.csv') ? parseCsvExport(readFileSync(c.inputPath, 'utf8')).map((r) => r.row) : jsonObjects(c);
    (forms.get(c) === 'raw' ? records : rows).push(...objects.slice(0, 200));
  }
  return { lines, records, rows };
}

function jsonObjects(c: GoldenCase): JsonObject[] {
  const text = readFileSync(c.inputPath, 'utf8');
  const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
  try {
    const whole = JSON.parse(text) as unknown;
    const list = Array.isArray(whole) ? whole : isObject(whole) && Array.isArray(whole.records) ? (whole.records as unknown[]) : [whole];
    return list.filter(isObject);
  } catch {
    return text.split('\n').flatMap((l) => {
      try {
        const v = JSON.parse(l) as unknown;
        return isObject(v) ? [v] : [];
      } catch {
        return [];
      }
    });
  }
}
