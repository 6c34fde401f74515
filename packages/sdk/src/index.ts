export * from './errors.js';
export * from './parser.js';
export * from './tokens.js';
export * from './manifest.js';
export * from './options.js';
export * from './values.js';
export * from './engine.js';
export * from './codecs/table-export.js';
