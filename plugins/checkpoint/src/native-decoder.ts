import {
  forEachKeyValue,
  intValue,
  KV_SD_PARAMS,
  KV_SEMICOLON,
  parseSyslogEnvelope,
  RecordRejected,
  setAdditionalExtensions,
  syslogEnvelopeInfo,
  type CommonSecurityLogRow,
  type RawDecoder,
  type RowOutput,
  type SyslogTimeOptions,
} from '@asimkit/sdk';

/**
 * Check Point Log Exporter's native syslog formats → the CommonSecurityLog row Log Exporter's CEF
 * format would have produced for the same log, so that one mapping serves both:
 *
 * (a) "syslog": RFC 5424 header, then `[key:"value"; key2:"value2"; ...]`
 * (b) R81 "structured syslog": RFC 5424 header, then `[Fields@1.3.6.1.4.1.2620 key="value" ...]`
 *     (keys may contain spaces: `ICMP Type="8"`)
 *
 * Native field → column follows Log Exporter's own CEF mapping (spec checkpoint.md §2.1): the
 * fields CEF puts in dedicated columns go there (with the labels of the label-dependent custom
 * fields), every other field goes to AdditionalExtensions under its native name, in wire order.
 */

type Column = keyof CommonSecurityLogRow;

/** Native field → string column. */
const STRING_COLUMNS: Readonly<Record<string, Column>> = {
  action: 'DeviceAction',
  src: 'SourceIP',
  dst: 'DestinationIP',
  proto: 'Protocol',
  xlatesrc: 'SourceTranslatedAddress',
  xlatedst: 'DestinationTranslatedAddress',
  src_user_name: 'SourceUserName',
  dst_user_name: 'DestinationUserName',
  reason: 'Reason',
  time: 'ReceiptTime',
};

/** Native field → int column. R81 renamed the ports (`*_svc`); both spellings occur. */
const INT_COLUMNS: Readonly<Record<string, Column>> = {
  s_port: 'SourcePort',
  sport_svc: 'SourcePort',
  service: 'DestinationPort',
  svc: 'DestinationPort',
  xlatesport: 'SourceTranslatedPort',
  xlatesport_svc: 'SourceTranslatedPort',
  xlatedport: 'DestinationTranslatedPort',
  xlatedport_svc: 'DestinationTranslatedPort',
};

/** Fields that fill a column and also stay in AdditionalExtensions, as Log Exporter's CEF does. */
const ALSO_COLUMNS: Readonly<Record<string, Column>> = {
  product: 'DeviceProduct',
  ProductName: 'DeviceProduct',
  service_id: 'Activity',
};

/** Label-dependent custom fields (CEF `cs2`, `cn2`, `cn3`), with the label Log Exporter writes. */
const LABELLED: Readonly<Record<string, readonly [value: Column, label: Column, labelText: string, numeric: boolean]>> = {
  rule_name: ['DeviceCustomString2', 'DeviceCustomString2Label', 'Rule Name', false],
  icmp_type: ['FieldDeviceCustomNumber2', 'DeviceCustomNumber2Label', 'ICMP Type', true],
  'ICMP Type': ['FieldDeviceCustomNumber2', 'DeviceCustomNumber2Label', 'ICMP Type', true],
  icmp_code: ['FieldDeviceCustomNumber3', 'DeviceCustomNumber3Label', 'ICMP Code', true],
  'ICMP Code': ['FieldDeviceCustomNumber3', 'DeviceCustomNumber3Label', 'ICMP Code', true],
};

/** CEF `deviceDirection` digit for the native `ifdir`. */
const IFDIR: Readonly<Record<string, string>> = { inbound: '0', outbound: '1' };

/**
 * R81 writes a malformed RFC 5424 offset (`2023-01-13T10:10:16--5:00`); repaired to `-05:00` before
 * the envelope is parsed, so the header (host, time) is not lost.
 */
const R81_BAD_OFFSET = /^(<\d{1,3}>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)([+-])-?(\d):?(\d\d) /;

/** Where the key/value body sits in a line, and its dialect. */
interface Body {
  readonly text: string;
  readonly from: number;
  readonly to: number;
  readonly semicolon: boolean;
}

/** Whether a line looks like Check Point's native syslog (for sniffing and routing). */
export function isCheckPointNative(line: string): boolean {
  return (
    line.includes('Fields@1.3.6.1.4.1.2620') ||
    (/\[\s*\w+:"/.test(line) && (line.includes('loguid:"') || line.includes('product:"') || line.includes('origin:"')))
  );
}

export class CheckPointNativeDecoder implements RawDecoder<CommonSecurityLogRow> {
  constructor(private readonly time: SyslogTimeOptions) {}

  decode(line: string, out: RowOutput<CommonSecurityLogRow>): void {
    const text = R81_BAD_OFFSET.test(line) ? line.replace(R81_BAD_OFFSET, (_m, ts: string, sign: string, h: string, mm: string) => `${ts}${sign}0${h}:${mm} `) : line;
    const { envelope, messageStart } = parseSyslogEnvelope(text, this.time);
    const body = findBody(envelope?.structuredData ?? text, envelope?.structuredData !== undefined ? 0 : messageStart);

    const row: CommonSecurityLogRow = { DeviceVendor: 'Check Point' };
    const r = row as Record<string, unknown>;
    const extensions: [string, string][] = [];
    const count = forEachKeyValue(
      body.text,
      body.semicolon ? KV_SEMICOLON : KV_SD_PARAMS,
      (key, value) => {
        if (value === '') return;
        const column = STRING_COLUMNS[key];
        if (column !== undefined) {
          r[column] = value;
          return;
        }
        const intColumn = INT_COLUMNS[key];
        if (intColumn !== undefined) {
          const n = intValue(value);
          if (Number.isNaN(n)) extensions.push([key, value]);
          else r[intColumn] = n;
          return;
        }
        const labelled = LABELLED[key];
        if (labelled !== undefined) {
          const [valueColumn, labelColumn, label, numeric] = labelled;
          const n = numeric ? intValue(value) : Number.NaN;
          if (numeric && Number.isNaN(n)) {
            extensions.push([key, value]);
            return;
          }
          r[valueColumn] = numeric ? n : value;
          if (valueColumn.startsWith('FieldDeviceCustomNumber')) r[valueColumn.slice('Field'.length)] = n;
          r[labelColumn] = label;
          return;
        }
        if (key === 'ifdir') {
          r.CommunicationDirection = IFDIR[value.toLowerCase()] ?? value;
          extensions.push([key, value]);
          return;
        }
        const also = ALSO_COLUMNS[key];
        if (also !== undefined) r[also] = value;
        extensions.push([key, value]);
      },
      body.from,
      body.to,
    );
    if (count === 0) throw new RecordRejected('no-fields', 'no Check Point fields (key:"value" or key="value") in the line');

    if (envelope !== undefined) {
      if (envelope.host !== undefined) row.Computer = envelope.host;
      if (envelope.msgId !== undefined) row.DeviceEventClassID = envelope.msgId;
      row.__syslog = syslogEnvelopeInfo(envelope);
    }
    setAdditionalExtensions(row, extensions);
    out.row(row);
  }
}

/**
 * The `[ ... ]` block holding the fields: the structured data of the header, or the message. The
 * SD-ID of format (b) (`Fields@1.3.6.1.4.1.2620`) is skipped. Without brackets the whole message is
 * the body (Log Exporter writing to a file).
 */
function findBody(text: string, start: number): Body {
  let from = start;
  let to = text.length;
  while (to > from && (text.charCodeAt(to - 1) === 32 || text.charCodeAt(to - 1) === 9)) to--;
  const open = text.indexOf('[', from);
  if (open >= 0 && text.charCodeAt(to - 1) === 93 /* ] */ && open < to - 1) {
    from = open + 1;
    to--;
  }
  while (from < to && text.charCodeAt(from) === 32) from++;
  // An SD-ID: a first token with `@` and no `=`/`:` before it.
  let t = from;
  while (t < to && text.charCodeAt(t) !== 32 && text.charCodeAt(t) !== 61 && text.charCodeAt(t) !== 58) t++;
  if (t < to && text.charCodeAt(t) === 32 && text.slice(from, t).includes('@')) from = t + 1;
  // Dialect: `key:"` (format a) or `key="` (format b).
  let k = from;
  while (k < to && text.charCodeAt(k) !== 61 && text.charCodeAt(k) !== 58) k++;
  return { text, from, to, semicolon: k < to && text.charCodeAt(k) === 58 };
}
