import { z } from '@asimkit/vendor/zod';
import { ConfigError } from './errors.js';
import type { SourceParser } from './parser.js';
import { WallClock } from './codecs/syslog.js';

/**
 * Validates the `--opt KEY=VALUE` settings meant for one parser against its `optionsSchema`.
 * Unknown keys and invalid values are configuration errors naming the plugin and the key.
 */
export function resolveOptions<Options>(parser: SourceParser<unknown, Options>, given: Readonly<Record<string, string>>): Options {
  const schema: z.ZodType<Options> | undefined = parser.optionsSchema;
  if (!schema) {
    const keys = Object.keys(given);
    if (keys.length) throw new ConfigError('unknown-option', `plugin ${parser.id} takes no options (got ${keys.join(', ')})`);
    return {} as Options;
  }
  if (schema instanceof z.ZodObject) {
    for (const key of Object.keys(given)) {
      if (!(key in schema.shape)) {
        const known = Object.keys(schema.shape).join(', ');
        throw new ConfigError('unknown-option', `plugin ${parser.id} has no option "${key}" (options: ${known})`);
      }
    }
  }
  const result = schema.safeParse(given);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError('bad-option', `plugin ${parser.id} option "${issue.path.join('.')}": ${issue.message}`);
  }
  return result.data as Options;
}

/**
 * Splits `--opt` values into per-plugin settings. `id.key=value` targets plugin `id`;
 * a bare `key=value` targets `defaultId` (the `--source` plugin) and is an error without one.
 */
export function groupOptionPairs(pairs: readonly string[], defaultId: string | undefined): Map<string, Record<string, string>> {
  const byPlugin = new Map<string, Record<string, string>>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ConfigError('bad-option', `--opt "${pair}" is not KEY=VALUE`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const dot = key.indexOf('.');
    const id = dot > 0 ? key.slice(0, dot) : defaultId;
    if (!id) throw new ConfigError('bad-option', `--opt "${pair}": name the plugin (PLUGIN.${key}=...) or pass --source`);
    const name = dot > 0 ? key.slice(dot + 1) : key;
    const opts = byPlugin.get(id) ?? {};
    opts[name] = value;
    byPlugin.set(id, opts);
  }
  return byPlugin;
}

/**
 * The `timezone` option of a syslog-fed plugin: an IANA zone or offset for zone-less times; a zone
 * `WallClock` does not know is a configuration error naming it.
 */
export const timezoneOption = z
  .string()
  .optional()
  .superRefine((zone, ctx) => {
    if (zone === undefined) return;
    try {
      new WallClock(zone);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  });

/** A `true`/`false` option (values arrive as strings), false unless set; anything else is a configuration error. */
export const booleanOption = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');
