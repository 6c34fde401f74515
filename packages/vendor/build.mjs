// Bundles each library in src/ into one ES module in dist/, keeping reflect-metadata (a global
// polyfill the host loads) external. The types in types/ re-export the libraries' own.
import { readdirSync } from 'node:fs';
import { rolldown } from 'rolldown';

for (const entry of readdirSync(new URL('./src', import.meta.url))) {
  const bundle = await rolldown({ input: `src/${entry}`, platform: 'node', external: ['reflect-metadata'], logLevel: 'warn' });
  await bundle.write({ file: `dist/${entry}`, format: 'esm' });
  await bundle.close();
}
