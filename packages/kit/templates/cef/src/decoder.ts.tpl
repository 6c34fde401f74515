import { cslTextTimeMs, cslTimeOptions, RecordRejected, type CommonSecurityLogRow, type StreamContext } from '@asimkit/sdk';
import { address, port, type __Pascal__Row } from './row.js';

/**
 * CEF lines are decoded by the shared `cef-syslog` codec into CommonSecurityLog rows (the exact CEF
 * key → column mapping): this plugin only reads the columns it maps. A native (non-CEF) syslog
 * format of the vendor's would get its decoder here (see `NativeSyslogFormat` in the SDK README).
 */
export function rowFromCsl(row: CommonSecurityLogRow, ctx: StreamContext): __Pascal__Row {
  const own = cslTextTimeMs(row.ReceiptTime, cslTimeOptions(row, ctx));
  const device = row.DeviceName ?? row.Computer;
  if (device === undefined) throw new RecordRejected('no-device', 'the record names no device (dvchost) and has no syslog host');
  return {
    TimeGenerated: row.TimeGenerated,
    EventTime: own === undefined ? undefined : new Date(own).toISOString(),
    Device: device,
    Kind: row.Activity ?? '',
    Action: row.DeviceAction ?? '',
    Protocol: row.Protocol ?? '',
    SrcIp: address(row.SourceIP, 'src'),
    SrcPort: port(row.SourcePort, 'spt'),
    DstIp: address(row.DestinationIP, 'dst'),
    DstPort: port(row.DestinationPort, 'dpt'),
    SentBytes: row.SentBytes,
    ReceivedBytes: row.ReceivedBytes,
  };
}
