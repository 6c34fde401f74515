// A package's build step after tsc: rewrites the modules other code loads from it (its package.json
// `exports`, `bin` and plugin `asimkit.entry`) so that each holds the package's own modules, and
// modules two of them share go to a chunk file in dist/. Node 20's ES module loader pays ~0.5 ms
// per file (resolution, file system calls, a compile each), in each thread: `asim detect` loaded
// ~200 files per thread unbundled, ~35 bundled.
//
// Other packages (@asimkit/*, node:*, libraries) stay imports: the host provides the SDK, and one
// copy of it must serve every plugin. A module loaded by path (a worker's, a hook's) must be an
// export and be named by it (`import.meta.resolve('@asimkit/core/worker')`): bundled code may sit
// in a chunk, where `new URL('./x.js', import.meta.url)` would point elsewhere.
//
// Usage, in the package's directory: node ../../scripts/bundle-entry.mjs
// The other files tsc wrote stay in dist/: declarations, and modules a test may import directly.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { rolldown } from 'rolldown';

const dist = resolve('dist');
const CHUNK_PREFIX = 'shared-';
const ownModule = (id) => id.startsWith('.') || isAbsolute(id);

/** Every .js file in dist/ that package.json lets other code load. */
function entries() {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const targets = new Set();
  const collect = (v) => {
    if (typeof v === 'string') targets.add(resolve(v));
    else if (v && typeof v === 'object') for (const [k, sub] of Object.entries(v)) if (k !== 'types') collect(sub);
  };
  collect(pkg.exports ?? pkg.main ?? './dist/index.js');
  collect(pkg.bin);
  collect(pkg.asimkit?.entry);
  return [...targets].filter((t) => t.endsWith('.js') && !relative(dist, t).startsWith('..'));
}

// chunks of an earlier build: tsc does not remove them
for (const f of readdirSync(dist)) if (f.startsWith(CHUNK_PREFIX) && f.endsWith('.js')) rmSync(join(dist, f));

const files = entries();
const input = Object.fromEntries(files.map((e) => [relative(dist, e).replace(/\.js$/, ''), e]));
const bundle = await rolldown({ input, platform: 'node', external: (id) => !ownModule(id), logLevel: 'warn' });
try {
  await bundle.write({ dir: dist, format: 'esm', entryFileNames: '[name].js', chunkFileNames: `${CHUNK_PREFIX}[hash].js` });
} finally {
  await bundle.close();
}
// tsc's maps of these files would now misplace every line; the bundle's lines are tsc's output, kept readable
for (const e of files) rmSync(`${e}.map`, { force: true });
