import { forEachKeyValue, KV_SPACE, RecordRejected, type SyslogRow } from '@asimkit/sdk';
import { address, type __Pascal__Row } from './row.js';

/** The syslog APP-NAME (ProcessName) this device writes: how its rows are told from other devices' (`claimsRow`). */
export const APP_NAME = '__APP__';

/**
 * The message after the syslog header: key=value pairs separated by spaces (`KV_SPACE`; for
 * `k='single quoted'` values see `KV_SPACE_QUOTES`):
 *   kind=traffic action=allow proto=tcp src=10.0.0.5 sport=51514 dst=203.0.113.7 dport=443 sent=1200 rcvd=5400
 */
export function rowFromSyslog(row: SyslogRow): __Pascal__Row {
  const pairs = new Map<string, string>();
  forEachKeyValue(row.SyslogMessage, KV_SPACE, (key, value) => void pairs.set(key, value));
  const int = (key: string, max: number): number | undefined => {
    const v = pairs.get(key);
    if (v === undefined || v === '' || v === '-') return undefined;
    if (!/^\d+$/.test(v) || Number(v) > max) throw new RecordRejected('bad-value', `${key}="${v}" is not an integer in 0..${max}`);
    return Number(v);
  };
  const device = row.HostName ?? row.Computer;
  if (device === undefined) throw new RecordRejected('no-host', 'the syslog header names no host');
  return {
    TimeGenerated: row.TimeGenerated,
    EventTime: row.EventTime,
    Device: device,
    Kind: pairs.get('kind') ?? '',
    Action: pairs.get('action') ?? '',
    Protocol: pairs.get('proto') ?? '',
    SrcIp: address(pairs.get('src'), 'src'),
    SrcPort: int('sport', 65535),
    DstIp: address(pairs.get('dst'), 'dst'),
    DstPort: int('dport', 65535),
    SentBytes: int('sent', Number.MAX_SAFE_INTEGER),
    ReceivedBytes: int('rcvd', Number.MAX_SAFE_INTEGER),
  };
}
