import { isIpAddress, RecordRejected, tableInt, tableString, type TableRow } from '@asimkit/sdk';

/** The Sentinel table a __VENDOR__ __PRODUCT__ connector would write (a custom log table). */
export const TABLE = '__TABLE__';

/**
 * One __VENDOR__ __PRODUCT__ record, table-shaped: the columns of __TABLE__. Every form (raw
 * lines, raw JSON, exported rows) is decoded into this shape, and one mapping reads it.
 */
export interface __Pascal__Row {
  /** The table's ingestion time (exports only). */
  TimeGenerated?: string;
  /** When the device saw the session (ISO-8601 UTC): the record's own time. */
  EventTime?: string;
  /** The reporting device's host name. */
  Device: string;
  /** Record kind: `traffic` records are sessions; anything else is skipped. */
  Kind: string;
  /** The device's action: allow, deny, drop, reset. */
  Action: string;
  /** Transport protocol as the device writes it: tcp, udp, icmp. */
  Protocol: string;
  SrcIp?: string;
  SrcPort?: number;
  DstIp?: string;
  DstPort?: number;
  /** Bytes from source to destination. */
  SentBytes?: number;
  /** Bytes from destination to source. */
  ReceivedBytes?: number;
}

/** An IP address, or absent for `-` / empty; anything else rejects the record, naming the field. */
export function address(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '' || value === '-') return undefined;
  if (!isIpAddress(value)) throw new RecordRejected('bad-address', `${name} "${value}" is not an IP address`);
  return value;
}

/** A port number (0..65535), or absent; anything else rejects the record, naming the field. */
export function port(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 65535)) throw new RecordRejected('bad-value', `${name} ${value} is not a port number`);
  return value;
}

/** A column as an integer: absent when empty; a value that is not one rejects the row, naming the column. */
function intColumn(row: TableRow, column: string): number | undefined {
  const n = tableInt(row[column]);
  if (n !== undefined && (!Number.isSafeInteger(n) || n < 0)) throw new RecordRejected('bad-value', `${column} "${String(row[column])}" is not a non-negative integer`);
  return n;
}

/** An exported __TABLE__ row (CSV cells are strings, JSON exports may hold numbers) → the typed row. */
export function rowFromTable(row: TableRow): __Pascal__Row {
  const device = tableString(row.Device);
  if (device === undefined) throw new RecordRejected('missing-column', 'the row has no Device');
  const time = (column: string) => {
    const s = tableString(row[column]);
    if (s === undefined) return undefined;
    const ms = Date.parse(s);
    if (!Number.isFinite(ms)) throw new RecordRejected('bad-time', `${column} "${s}" is not a datetime`);
    return new Date(ms).toISOString();
  };
  return {
    TimeGenerated: time('TimeGenerated'),
    EventTime: time('EventTime'),
    Device: device,
    Kind: tableString(row.Kind) ?? '',
    Action: tableString(row.Action) ?? '',
    Protocol: tableString(row.Protocol) ?? '',
    SrcIp: address(tableString(row.SrcIp), 'SrcIp'),
    SrcPort: port(intColumn(row, 'SrcPort'), 'SrcPort'),
    DstIp: address(tableString(row.DstIp), 'DstIp'),
    DstPort: port(intColumn(row, 'DstPort'), 'DstPort'),
    SentBytes: intColumn(row, 'SentBytes'),
    ReceivedBytes: intColumn(row, 'ReceivedBytes'),
  };
}
