import { describe, expect, it } from 'vitest';
import { localFlagsDirection, zeekConnStateResult } from '../src/index.js';

describe('Zeek conn_state and locality flags', () => {
  it('gives every Zeek state a result; established-and-closed is Success/Terminated, a rejected attempt Failure/Reset', () => {
    expect(zeekConnStateResult('SF')).toEqual({ EventResult: 'Success', EventResultDetails: 'Terminated', EventSeverity: 'Informational' });
    expect(zeekConnStateResult('REJ')).toEqual({ EventResult: 'Failure', EventResultDetails: 'Reset', EventSeverity: 'Low' });
    expect(zeekConnStateResult('SH')).toEqual({ EventResult: 'Failure', EventResultDetails: 'Timeout', EventSeverity: 'Low' });
    for (const s of ['S0', 'S1', 'SF', 'REJ', 'S2', 'S3', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH']) expect(zeekConnStateResult(s)).toBeDefined();
    expect(zeekConnStateResult('XYZ')).toBeUndefined();
    expect(zeekConnStateResult(undefined)).toBeUndefined();
  });

  it('reads the flags as ASIM directions: both outside is External, an unknown flag no direction', () => {
    expect(localFlagsDirection(true, false)).toBe('Outbound');
    expect(localFlagsDirection(false, true)).toBe('Inbound');
    expect(localFlagsDirection(true, true)).toBe('Local');
    expect(localFlagsDirection(false, false)).toBe('External');
    expect(localFlagsDirection(undefined, true)).toBeUndefined();
  });
});
