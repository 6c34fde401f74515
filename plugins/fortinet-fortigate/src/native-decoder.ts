import type { DetectorKey } from '@asimkit/schema';
import {
  forEachKeyValue,
  intValue,
  KV_COMMA,
  KV_SPACE,
  parseSyslogEnvelope,
  RecordRejected,
  setAdditionalExtensions,
  syslogEnvelopeInfo,
  type CommonSecurityLogRow,
  type RawDecoder,
  type RowOutput,
  type SyslogTimeOptions,
} from '@asimkit/sdk';
import { NativeFields, nativeDetectorKey } from './detector-key.js';

/**
 * FortiOS native syslog (`config log syslogd setting` → `set format default` or `csv`):
 * `date=2020-04-23 time=12:11:51 devname="fw" ... srcip=10.0.0.1 ...`, space- or comma-separated,
 * optionally behind `<PRI>` or a relay's syslog header, → the CommonSecurityLog row FortiOS's CEF
 * format would have produced for the same log (spec fortinet-fortigate.md §2.1 field table), so one
 * mapping serves both. Fields CEF puts in dedicated columns go there; every other field goes to
 * AdditionalExtensions under its FortiOS name (no prefix), in wire order.
 */

type Column = keyof CommonSecurityLogRow;

/** FortiOS field → string column (as FortiOS's CEF mapping does). */
const STRING_COLUMNS: Readonly<Record<string, Column>> = {
  devid: 'DeviceExternalID',
  devname: 'DeviceName',
  srcip: 'SourceIP',
  dstip: 'DestinationIP',
  srcname: 'SourceHostName',
  dstname: 'DestinationHostName',
  srcintf: 'DeviceInboundInterface',
  dstintf: 'DeviceOutboundInterface',
  proto: 'Protocol',
  action: 'DeviceAction',
  service: 'ApplicationProtocol',
  transip: 'SourceTranslatedAddress',
  tranip: 'DestinationTranslatedAddress',
  msg: 'Message',
};

/** FortiOS field → numeric column. */
const INT_COLUMNS: Readonly<Record<string, Column>> = {
  srcport: 'SourcePort',
  dstport: 'DestinationPort',
  transport: 'SourceTranslatedPort',
  tranport: 'DestinationTranslatedPort',
  sentbyte: 'SentBytes',
  rcvdbyte: 'ReceivedBytes',
};

/** Whether a line looks like FortiOS native syslog (for sniffing and routing). */
export function isFortiGateNative(line: string): boolean {
  return /(?:^|[\s,>])date=\d{4}-\d\d-\d\d[ ,]time=\d\d:\d\d:\d\d/.test(line) && /(?:^|[\s,])(?:logid|devid)=/.test(line);
}

export class FortiGateNativeDecoder implements RawDecoder<CommonSecurityLogRow> {
  private readonly fields = new NativeFields();

  constructor(private readonly time: SyslogTimeOptions) {}

  /** The detector's fast path (`nativeDetectorKey`): plain traffic logs; every other line, CEF included, takes `decode`. */
  decodeDetectorKey(bytes: Buffer, start: number, end: number, key: DetectorKey): boolean {
    return this.fields.scan(bytes, start, end) && nativeDetectorKey(this.fields, key, this.time);
  }

  decode(line: string, out: RowOutput<CommonSecurityLogRow>): void {
    const parsed = parseSyslogEnvelope(line, this.time, 'date=');
    let envelope = parsed.envelope;
    let start = parsed.messageStart;
    if (envelope?.host !== undefined && envelope.host.includes('=')) {
      // a header without a host: what looked like the host is the first field
      start = line.indexOf(envelope.host, envelope.pri === undefined ? 0 : line.indexOf('>') + 1);
      envelope = { ...envelope, host: undefined };
    }

    const row: CommonSecurityLogRow = { DeviceVendor: 'Fortinet', DeviceProduct: 'Fortigate' };
    const r = row as Record<string, unknown>;
    const extensions: [string, string][] = [];
    let type: string | undefined;
    let subtype: string | undefined;
    let eventtype: string | undefined;
    let status: string | undefined;
    const count = forEachKeyValue(
      line,
      isCommaSeparated(line, start) ? KV_COMMA : KV_SPACE,
      (key, value) => {
        if (key === 'type') type = value;
        else if (key === 'subtype') subtype = value;
        else if (key === 'eventtype') eventtype = value;
        else if (key === 'status') status = value;
        else if (key === 'logid' && value.length >= 5) row.DeviceEventClassID = value.slice(-5);
        if (value === '') return;
        const column = STRING_COLUMNS[key];
        if (column !== undefined) {
          r[column] = value;
          return;
        }
        if (key === 'sessionid') {
          row.ExtID = value;
          const n = intValue(value);
          if (!Number.isNaN(n) && n <= 2147483647) row.ExternalID = n;
          return;
        }
        const intColumn = INT_COLUMNS[key];
        if (intColumn !== undefined) {
          const n = intValue(value);
          if (!Number.isNaN(n)) {
            r[intColumn] = n;
            return;
          }
        }
        extensions.push([key, value]);
      },
      start,
    );
    if (count === 0) throw new RecordRejected('no-fields', 'no FortiOS key=value fields in the line');

    if (type !== undefined) {
      const category = subtype !== undefined ? `${type}:${subtype}` : type;
      row.DeviceEventCategory = category;
      // FortiOS's CEF Name: type:subtype [eventtype] [action] [status]
      row.Activity = [category, eventtype, row.DeviceAction, status].filter((w) => w !== undefined && w !== '').join(' ');
    }
    if (envelope !== undefined) {
      if (envelope.host !== undefined) row.Computer = envelope.host;
      row.__syslog = syslogEnvelopeInfo(envelope);
    }
    setAdditionalExtensions(row, extensions);
    out.row(row);
  }
}

/** The CSV format: the first value ends with a comma (`date=2018-07-26,time=...`). */
function isCommaSeparated(line: string, start: number): boolean {
  const eq = line.indexOf('=', start);
  if (eq < 0) return false;
  let i = eq + 1;
  if (line.charCodeAt(i) === 34 /* " */) {
    i = line.indexOf('"', i + 1);
    if (i < 0) return false;
    i++;
  } else {
    while (i < line.length && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 44) i++;
  }
  return line.charCodeAt(i) === 44 /* , */;
}
