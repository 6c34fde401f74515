import { z } from '@asimkit/vendor/zod';

/** The `"asimkit"` block of a plugin's package.json. */
export const pluginManifestSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case, e.g. aws-vpc-flow'),
  connectorId: z.string().min(1),
  dataTypes: z.array(z.string().min(1)).min(1),
  vendor: z.string().min(1),
  product: z.string().min(1),
  entry: z.string().min(1).default('./dist/index.js'),
  description: z.string().optional(),
  /** The SDK versions the plugin works with (a semver range, e.g. `^0.1.0`); checked when it loads. */
  sdk: z.string().min(1).optional(),
});

export type PluginManifestBlock = z.infer<typeof pluginManifestSchema>;

/** A discovered plugin: its manifest plus where it came from. */
export interface PluginManifest extends PluginManifestBlock {
  readonly packageName: string;
  readonly version: string;
  /** Directory of the plugin's package.json. */
  readonly dir: string;
}

/**
 * Why a discovered plugin is not available: a broken manifest, an id another plugin already
 * declares, an entry that fails to import, an SDK range this host does not satisfy.
 */
export interface PluginProblem {
  /** The plugin id, when the manifest names one. */
  readonly id?: string;
  readonly packageName: string;
  /** Directory of the plugin's package.json. */
  readonly dir: string;
  readonly code: string;
  readonly message: string;
}
