export { checkStreamName, openNats, subjects, DUPLICATE_WINDOW_MS, NatsUnavailable, type Nats } from './stream.js';
export { shipFiles, shipFollowed, shipListeners, fileIdentity, BATCH_BYTES, type ListenShipResult, type ShipOptions, type ShipResult } from './ship.js';
export { runWorker, defaultDurable, WorkerStop, type Emit, type WorkerOptions, type WorkerResult } from './worker.js';
export { collectPartials, type CollectOptions, type CollectResult } from './collect.js';
export { addAccounting, type BatchAccounting, type Partial } from './partial.js';
