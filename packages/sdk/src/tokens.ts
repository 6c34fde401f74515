import type { SourceParser } from './parser.js';

/**
 * DI token under which a plugin's ContainerModule binds its parser. `Symbol.for` keeps the token
 * identical even when a plugin resolves its own copy of the SDK.
 */
export const SOURCE_PARSER = Symbol.for('asimkit.SourceParser') as symbol & { __type?: SourceParser };
