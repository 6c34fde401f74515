import { existsSync, realpathSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What a plugin imports from the host: one copy, so tokens, error classes and zod schemas are the host's. */
export const HOST_PROVIDED = ['@asimkit/sdk', '@asimkit/schema'] as const;

const hostRequire = createRequire(import.meta.url);
const provided = new Set<string>();

/** The directory of package `name` as Node's ESM loader finds it from `dir`: node_modules upwards (NODE_PATH plays no part). */
function packageDirFrom(dir: string, name: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return realpathSync(dirname(candidate));
    if (dirname(d) === d) return undefined;
  }
}

/** The host's own copy of package `name`. */
function hostPackageDir(name: string): string {
  return realpathSync(dirname(hostRequire.resolve(`${name}/package.json`)));
}

/**
 * Whether a plugin directory would resolve the SDK or the schema to another copy than the host's,
 * or to none (an out-of-tree plugin without node_modules, or with its own npm-installed copies).
 */
export function needsHostSdk(dir: string): boolean {
  return HOST_PROVIDED.some((name) => packageDirFrom(dir, name) !== hostPackageDir(name));
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
  register(import.meta.resolve('@asimkit/core/host-sdk-hooks'), {
    data: { dirs: fresh.map((d) => pathToFileURL(d.endsWith(sep) ? d : d + sep).href), parentURL: import.meta.url, names: HOST_PROVIDED },
  });
}
