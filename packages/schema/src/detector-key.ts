/** The ASIM fields the port-misuse detector reads: a pipeline may decode only these (a projection). */
export const DETECTOR_FIELDS = ['TimeGenerated', 'NetworkProtocol', 'DstPortNumber', 'DstAppName', 'NetworkDirection', 'DvcAction'] as const;

/**
 * What the port-misuse detector counts of one session, in the form a fast decoder fills without
 * building a row or a record (see the SDK's `RawDecoder.decodeDetectorKey`). Values are those the
 * full mapping would give, as KQL reads them: absent strings are "", an absent port is null.
 */
export interface DetectorKey {
  /** TimeGenerated as epoch milliseconds; always an integer (sub-millisecond times take the full path). */
  timeMs: number;
  NetworkProtocol: string;
  DstPortNumber: number | null;
  DstAppName: string;
  NetworkDirection: string;
  DvcAction: string;
}

/** A fresh key to fill. */
export function emptyDetectorKey(): DetectorKey {
  return { timeMs: 0, NetworkProtocol: '', DstPortNumber: null, DstAppName: '', NetworkDirection: '', DvcAction: '' };
}
