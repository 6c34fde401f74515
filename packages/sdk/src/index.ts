export * from './errors.js';
export * from './parser.js';
export * from './tokens.js';
export * from './manifest.js';
export * from './version.js';
export * from './options.js';
export * from './values.js';
export * from './engine.js';
export * from './codecs/table-export.js';
export * from './codecs/json-records.js';
export * from './codecs/key-value.js';
export * from './codecs/common-security-log.js';
export * from './codecs/syslog.js';
export * from './codecs/syslog-table.js';
export * from './codecs/cef.js';
export * from './codecs/csl-values.js';
export * from './codecs/cef-family-parser.js';
export * from './session.js';
export * from './zeek-conn-state.js';
// A plugin imports only the SDK and the schema (DESIGN): the DI module class and zod come from
// here, which also keeps every plugin on the one bundled copy the host loads.
export { ContainerModule, inject, injectable } from '@asimkit/vendor/inversify';
export { z } from '@asimkit/vendor/zod';
