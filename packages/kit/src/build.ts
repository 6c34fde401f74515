import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { needsHostSdk } from '@asimkit/core';

export interface BuildResult {
  /** Whether it compiled now (false: no tsconfig.json, or dist is newer than every source). */
  readonly built: boolean;
  /** Compiler errors, formatted with file, line and column. */
  readonly errors: string[];
}

const hostRequire = createRequire(import.meta.url);

/** The declaration files of the host's SDK and schema, for a plugin directory that has none of its own. */
function hostTypes(): Record<string, string[]> {
  const sdk = dirname(dirname(hostRequire.resolve('@asimkit/sdk')));
  const schema = dirname(dirname(hostRequire.resolve('@asimkit/schema')));
  return {
    '@asimkit/sdk': [join(sdk, 'dist/index.d.ts')],
    '@asimkit/sdk/testkit': [join(sdk, 'dist/testkit/index.d.ts')],
    '@asimkit/sdk/testkit/vitest': [join(sdk, 'dist/testkit/vitest.d.ts')],
    '@asimkit/schema': [join(schema, 'dist/index.d.ts')],
  };
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Compiles a plugin (its tsconfig.json) with the host's TypeScript when `entry` is missing or older
 * than a file under src/ or the tsconfig. A plugin directory without its own SDK and schema
 * (no npm install yet) compiles against the host's, as it runs against them.
 */
export async function buildPlugin(dir: string, entry: string): Promise<BuildResult> {
  const config = join(dir, 'tsconfig.json');
  if (!existsSync(config) || !existsSync(join(dir, 'src'))) return { built: false, errors: [] };
  const entryPath = join(dir, entry);
  if (existsSync(entryPath) && statSync(entryPath).mtimeMs >= Math.max(newest(join(dir, 'src')), statSync(config).mtimeMs)) return { built: false, errors: [] };
  const ts = (await import('typescript')).default;
  const host: import('typescript').FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' };
  const errors: import('typescript').Diagnostic[] = [];
  const extra = needsHostSdk(dir) ? { paths: hostTypes() } : {};
  const parsed = ts.getParsedCommandLineOfConfigFile(config, extra, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => void errors.push(d) });
  if (!parsed) return { built: false, errors: [ts.formatDiagnostics(errors, host)] };
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const emitted = program.emit();
  errors.push(...parsed.errors, ...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics);
  return { built: true, errors: errors.length ? [ts.formatDiagnostics(errors, host).trimEnd()] : [] };
}
