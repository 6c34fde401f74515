export * from './scaffold.js';
export * from './build.js';
export * from './check.js';
