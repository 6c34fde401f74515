export * from './accounting.js';
export * from './discovery.js';
export * from './inputs.js';
export * from './logger.js';
export * from './pipeline.js';
export { type ParallelSpec, type WorkerSink } from './parallel.js';
export * from './registry.js';
export * from './sinks.js';
export * from './tables.js';
