import { realpathSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What a plugin imports from the host: one copy, so tokens, error classes and zod schemas are the host's. */
export const HOST_PROVIDED = ['@asimkit/sdk', '@asimkit/schema'] as const;

const hostRequire = createRequire(import.meta.url);
const provided = new Set<string>();

/**
 * Whether a plugin directory would resolve the SDK or the schema to another copy than the host's,
 * or to none (an out-of-tree plugin without node_modules, or with its own npm-installed copies).
 */
export function needsHostSdk(dir: string): boolean {
  const pluginRequire = createRequire(join(dir, 'package.json'));
  return HOST_PROVIDED.some((name) => {
    try {
      return realpathSync(pluginRequire.resolve(name)) !== realpathSync(hostRequire.resolve(name));
    } catch {
      return true;
    }
  });
}

/**
 * Makes modules under these directories import the host's SDK and schema (the peer-dependency
 * model of ESLint and Backstage: the host provides them). Registers a Node resolve hook, once per
 * directory; the hook thread costs a few milliseconds, so only plugins that need it pay.
 */
export function provideHostSdk(dirs: readonly string[]): void {
  const fresh = dirs.filter((d) => !provided.has(d));
  if (fresh.length === 0) return;
  for (const d of fresh) provided.add(d);
  register(new URL('./host-sdk-hooks.js', import.meta.url), {
    data: { dirs: fresh.map((d) => pathToFileURL(d.endsWith(sep) ? d : d + sep).href), parentURL: import.meta.url, names: HOST_PROVIDED },
  });
}
