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
});

export type PluginManifestBlock = z.infer<typeof pluginManifestSchema>;

/** A discovered plugin: its manifest plus where it came from. */
export interface PluginManifest extends PluginManifestBlock {
  readonly packageName: string;
  readonly version: string;
  /** Directory of the plugin's package.json. */
  readonly dir: string;
}
