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

/** The four strings of a detector key besides its time and port. */
export type DetectorCombination = Pick<DetectorKey, 'NetworkProtocol' | 'DstAppName' | 'NetworkDirection' | 'DvcAction'>;

/**
 * The detector keys of a run of lines, in columns: how a batch fast path hands over many sessions
 * without filling a key per line (see the SDK's `KeyOutcomes.takeColumns`). Entry j is one line:
 * a session when `combination[j]` ≥ 0, else a line whose outcome is given otherwise.
 */
export interface DetectorKeyColumns {
  /** TimeGenerated as epoch milliseconds, an integer. */
  readonly timeMs: Float64Array;
  /** DstPortNumber; a negative entry is null. */
  readonly port: Int32Array;
  /** The line's index in `combinations`, or -1. */
  readonly combination: Int32Array;
  /** The combinations the entries name. One array serves every run of a decoder: consumers may remember what they derive by index. */
  readonly combinations: readonly (DetectorCombination | undefined)[];
}

/** Entry j of `columns` (a session), copied into `key`. */
export function detectorKeyAt(columns: DetectorKeyColumns, j: number, key: DetectorKey): DetectorKey {
  const c = columns.combinations[columns.combination[j]!]!;
  key.timeMs = columns.timeMs[j]!;
  const port = columns.port[j]!;
  key.DstPortNumber = port < 0 ? null : port;
  key.NetworkProtocol = c.NetworkProtocol;
  key.DstAppName = c.DstAppName;
  key.NetworkDirection = c.NetworkDirection;
  key.DvcAction = c.DvcAction;
  return key;
}
