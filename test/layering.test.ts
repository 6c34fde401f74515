import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** Relative imports (value and type) of every module under `src`, as paths relative to `src`. */
function importGraph(src: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  for (const file of walk(src)) {
    const text = readFileSync(file, 'utf8');
    const deps = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => relative(src, resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'))));
    graph.set(relative(src, file), deps);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') return void found.push([...path.slice(path.indexOf(node)), node]);
    state.set(node, 'open');
    for (const d of graph.get(node) ?? []) visit(d, [...path, node]);
    state.set(node, 'done');
  };
  for (const n of graph.keys()) visit(n, []);
  return found;
}

const CORE = join(ROOT, 'packages/core/src');
const CLI = join(ROOT, 'packages/cli/src');

describe('layering', () => {
  it('core and the CLI have no import cycle', () => {
    expect(cycles(importGraph(CORE))).toEqual([]);
    expect(cycles(importGraph(CLI))).toEqual([]);
  });

  it('core reads input → framing → routing → sinks: a stage imports no stage above it, and none imports the loops', () => {
    // what each stage may import besides itself and the shared top-level modules (types, accounting, logger, registry...)
    const may: Record<string, string[]> = { inputs: ['framing'], framing: [], routing: [], sinks: [], parallel: ['inputs', 'sinks'] };
    const loops = new Set(['pipeline.ts', 'live.ts']);
    const wrong: string[] = [];
    for (const [module, deps] of importGraph(CORE)) {
      const stage = module.includes('/') ? module.split('/')[0]! : undefined;
      for (const dep of deps) {
        const depStage = dep.includes('/') ? dep.split('/')[0]! : undefined;
        if (dep === 'index.ts') wrong.push(`${module} → ${dep}`);
        // the loops (pipeline.ts, live.ts) are imported only by a worker thread's entry, which runs one
        if (loops.has(dep) && module !== 'index.ts' && module !== 'parallel/worker.ts') wrong.push(`${module} → ${dep}`);
        if (stage && depStage && depStage !== stage && !may[stage]!.includes(depStage)) wrong.push(`${module} → ${dep}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("the CLI's commands do not import its entry point", () => {
    const wrong = [...importGraph(CLI)].flatMap(([m, deps]) => (m.startsWith('commands/') ? deps.filter((d) => d === 'main.ts' || d === 'bin.ts').map((d) => `${m} → ${d}`) : []));
    expect(wrong).toEqual([]);
  });
});
