/** Base class of the detector's typed errors: each carries a stable `code`. */
export class DetectorError extends Error {
  override readonly name: string = 'DetectorError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
