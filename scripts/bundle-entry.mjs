// A plugin's build step after tsc: rewrites its entry, dist/index.js, as one file that holds the
// plugin's own modules. Node 20's ES module loader pays ~0.5 ms per file (resolution, file system
// calls, a compile each), and `asim` without --source loads every plugin, in each thread: bundled,
// the seventeen load in ~33 ms instead of ~69. Packages (@asimkit/sdk, @asimkit/schema, node:*)
// stay imports: the host provides them, and one copy of the SDK must serve every plugin.
//
// Usage, in the plugin's directory: node ../../scripts/bundle-entry.mjs [entry]  (default dist/index.js)
// The other files tsc wrote stay in dist/ (declarations, and modules a test may import directly).
import { rmSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { rolldown } from 'rolldown';

const entry = resolve(process.argv[2] ?? 'dist/index.js');
const ownModule = (id) => id.startsWith('.') || isAbsolute(id);

const bundle = await rolldown({ input: entry, platform: 'node', external: (id) => !ownModule(id), logLevel: 'warn' });
try {
  await bundle.write({ file: entry, format: 'esm' });
} finally {
  await bundle.close();
}
// tsc's map of the entry would now misplace every line; the bundle's lines are tsc's output, kept readable
rmSync(`${entry}.map`, { force: true });
