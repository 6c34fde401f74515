import { describe, expect, it } from 'vitest';
import {
  cefKeyColumn,
  CEF_KEY_COLUMNS,
  CefRowDecoder,
  cefSyslogCodec,
  cefTimestampMs,
  claimsByVendorProduct,
  cslColumnType,
  cslNetworkProtocol,
  cslRowFromTable,
  cslTimeOptions,
  DecoderViaCodec,
  describeCslRow,
  equalsIgnoreCase,
  parseAdditionalExtensions,
  RecordRejected,
  skip,
  Skip,
  startsWithIgnoreCase,
  syslogTimeOptions,
  type CommonSecurityLogRow,
  type TableRow,
} from '../src/index.js';

describe('CEF key → CommonSecurityLog column mapping (§3)', () => {
  it('maps the dedicated keys of §3.2 exactly, with their table types', () => {
    expect(cefKeyColumn('act')).toEqual({ column: 'DeviceAction', type: 'string' });
    expect(cefKeyColumn('in')).toEqual({ column: 'ReceivedBytes', type: 'long' });
    expect(cefKeyColumn('out')).toEqual({ column: 'SentBytes', type: 'long' });
    expect(cefKeyColumn('deviceDirection')).toEqual({ column: 'CommunicationDirection', type: 'string' });
    expect(cefKeyColumn('deviceProcessName')).toEqual({ column: 'ProcessName', type: 'string' });
    expect(cefKeyColumn('dvcpid')).toEqual({ column: 'ProcessID', type: 'int' });
    expect(cefKeyColumn('rt')).toEqual({ column: 'ReceiptTime', type: 'string' });
    expect(cefKeyColumn('start')).toEqual({ column: 'StartTime', type: 'datetime' });
    expect(cefKeyColumn('type')).toEqual({ column: 'EventType', type: 'int' });
    expect(cefKeyColumn('externalId')).toEqual({ column: 'ExtID', type: 'string', also: 'ExternalID' });
    expect(cefKeyColumn('oldFileSize')).toEqual({ column: 'OldFileSize', type: 'int' });
  });

  it('maps the custom/flex pairs of §3.3', () => {
    expect(cefKeyColumn('cs6Label')).toEqual({ column: 'DeviceCustomString6Label', type: 'string' });
    expect(cefKeyColumn('cn3')).toEqual({ column: 'FieldDeviceCustomNumber3', type: 'long', also: 'DeviceCustomNumber3' });
    expect(cefKeyColumn('cn3Label')).toEqual({ column: 'DeviceCustomNumber3Label', type: 'string' });
    expect(cefKeyColumn('c6a4')).toEqual({ column: 'DeviceCustomIPv6Address4', type: 'string' });
    expect(cefKeyColumn('cfp2')).toEqual({ column: 'DeviceCustomFloatingPoint2', type: 'real' });
    expect(cefKeyColumn('deviceCustomDate2Label')).toEqual({ column: 'DeviceCustomDate2Label', type: 'string' });
    expect(cefKeyColumn('flexNumber2')).toEqual({ column: 'FlexNumber2', type: 'int' });
    expect(cefKeyColumn('flexDate1')).toEqual({ column: 'FlexDate1', type: 'string' });
  });

  it('leaves long ArcSight names, vendor keys and case variants to AdditionalExtensions', () => {
    for (const key of ['bytesIn', 'sourceAddress', 'cs6label', 'Act', 'PanOSPacketsSent', 'FTNTFGTpolicyid', 'cs7', 'cn4', 'flexDate2']) {
      expect(cefKeyColumn(key)).toBeUndefined();
    }
    // the 81 keys of §3.2 + 12 cs + 6 cn + 16 c6a/cfp + 12 deviceCustomDate/flexString/flexNumber + 2 flexDate1
    expect(CEF_KEY_COLUMNS.size).toBe(129);
    expect(cslColumnType('SourcePort')).toBe('int');
    expect(cslColumnType('DeviceVendor')).toBe('string');
  });
});

describe('cslRowFromTable (exported rows)', () => {
  it('types CSV strings: ints, longs, reals, datetimes; drops empty cells; parses AdditionalExtensions', () => {
    const r = cslRowFromTable({
      TimeGenerated: '2024-05-08T08:10:35.123Z',
      DeviceVendor: 'Palo Alto Networks',
      SourcePort: '51544',
      SentBytes: '1,234',
      FieldDeviceCustomNumber1: '48213',
      DeviceCustomFloatingPoint1: '2.5',
      StartTime: '2024-05-08 08:10:31',
      DestinationUserName: '',
      AdditionalExtensions: 'PanOSPacketsReceived=58; PanOSPacketsSent=64;url=http://x/?a=b',
      SomeNewColumn: 'kept',
    });
    expect(r).toEqual({
      TimeGenerated: '2024-05-08T08:10:35.123Z',
      DeviceVendor: 'Palo Alto Networks',
      SourcePort: 51544,
      SentBytes: 1234,
      FieldDeviceCustomNumber1: 48213,
      DeviceCustomFloatingPoint1: 2.5,
      StartTime: '2024-05-08T08:10:31.000Z', // zone-less export time = UTC, whatever the machine's zone
      AdditionalExtensions: 'PanOSPacketsReceived=58; PanOSPacketsSent=64;url=http://x/?a=b',
      AdditionalExtensionsKV: [
        ['PanOSPacketsReceived', '58'],
        ['PanOSPacketsSent', '64'],
        ['url', 'http://x/?a=b'],
      ],
      SomeNewColumn: 'kept',
    });
  });

  it('reads JSON exports: numbers in string columns become strings; portal dates without [UTC] headers', () => {
    const r = cslRowFromTable({ TimeGenerated: '3/30/2022, 10:52:35.857 AM', DeviceEventClassID: 28704, LogSeverity: 2, DeviceVersion: 5.7, DestinationPort: 3389 });
    expect(r).toEqual({ TimeGenerated: '2022-03-30T10:52:35.857Z', DeviceEventClassID: '28704', LogSeverity: '2', DeviceVersion: '5.7', DestinationPort: 3389 });
  });

  it('rejects a numeric or datetime cell that is not one', () => {
    expect(() => cslRowFromTable({ SourcePort: 'http' })).toThrow(RecordRejected);
    expect(() => cslRowFromTable({ SourcePort: 'http' })).toThrow(/SourcePort "http" is not a valid int/);
    expect(() => cslRowFromTable({ StartTime: 'soon' })).toThrow(RecordRejected);
    expect(() => cslRowFromTable({ ReceivedBytes: 1.5 })).toThrow(RecordRejected);
  });

  it('reads an object a JSON export holds in a cell as its JSON: text in a string column, a rejection in a typed one (pnpm fuzz at 1M found the TypeError)', () => {
    const odd = { toString: 0 };
    expect(() => cslRowFromTable({ TimeGenerated: odd })).toThrow(/TimeGenerated "\{"toString":0\}" is not a valid datetime/);
    expect(() => cslRowFromTable({ SourcePort: odd })).toThrow(RecordRejected);
    expect(cslRowFromTable({ DeviceVendor: odd, Message: ['a', 1] })).toEqual({ DeviceVendor: '{"toString":0}', Message: '["a",1]' });
    expect(describeCslRow({ DeviceVendor: odd })).toBe('DeviceVendor/DeviceProduct {"toString":0}/(none)');
  });

  it('is idempotent on rows the CEF codec produced', () => {
    const decoded = new CefRowDecoder(syslogTimeOptions({}, '2025-08-01T00:00:00Z')).decodeLine(
      '<14>Jul 16 10:32:04 fw CEF:0|V|P|1|id|n|3|src=1.2.3.4 spt=5 cn1=7 start=1752661924 x=y cs5=a cs5=b',
    );
    // passed through as is (no copy), and a plain copy of it converts to the same row
    expect(cslRowFromTable(decoded as TableRow)).toBe(decoded);
    expect(cslRowFromTable({ ...decoded })).toEqual({ ...decoded });
  });
});

describe('parseAdditionalExtensions', () => {
  it('splits on ; and the first =, trims one leading space of keys, keeps empty values and order', () => {
    expect(parseAdditionalExtensions('a=1; b=x=y;;c=;d;e= f ')).toEqual([
      ['a', '1'],
      ['b', 'x=y'],
      ['c', ''],
      ['d', ''],
      ['e', ' f '],
    ]);
    expect(parseAdditionalExtensions('')).toEqual([]);
  });
});

describe('claims and descriptions', () => {
  it('claimsByVendorProduct: exact (KQL ==), any-of lists, and custom tests', () => {
    const zscaler = claimsByVendorProduct('Zscaler', 'NSSFWlog');
    expect(zscaler({ DeviceVendor: 'Zscaler', DeviceProduct: 'NSSFWlog' })).toBe(true);
    expect(zscaler({ DeviceVendor: 'Zscaler', DeviceProduct: 'NSSWeblog' })).toBe(false);
    expect(zscaler({ DeviceVendor: 'zscaler', DeviceProduct: 'NSSFWlog' })).toBe(false);
    expect(zscaler({})).toBe(false);
    const forti = claimsByVendorProduct('Fortinet', startsWithIgnoreCase('FortiGate'));
    expect(forti({ DeviceVendor: 'Fortinet', DeviceProduct: 'Fortigate' })).toBe(true);
    expect(forti({ DeviceVendor: 'Fortinet', DeviceProduct: 'FortiGate-VM64' })).toBe(true);
    expect(forti({ DeviceVendor: 'Fortinet', DeviceProduct: 'FortiWeb' })).toBe(false);
    const pan = claimsByVendorProduct(['Palo Alto Networks'], equalsIgnoreCase('PAN-OS'));
    expect(pan({ DeviceVendor: 'Palo Alto Networks', DeviceProduct: 'pan-os' })).toBe(true);
    expect(pan({ DeviceVendor: 'Palo Alto Networks', DeviceProduct: 'LF' })).toBe(false);
    expect(claimsByVendorProduct('Cisco')({ DeviceVendor: 'Cisco', DeviceProduct: 'anything' })).toBe(true);
  });

  it('describeCslRow names vendor and product', () => {
    expect(describeCslRow({ DeviceVendor: 'Check Point', DeviceProduct: 'SmartDefense' })).toBe('DeviceVendor/DeviceProduct Check Point/SmartDefense');
  });

  it('cslNetworkProtocol: names to IANA keywords, numbers through the IANA table', () => {
    expect(cslNetworkProtocol('tcp')).toBe('TCP');
    expect(cslNetworkProtocol('ipv6-icmp')).toBe('IPv6-ICMP');
    expect(cslNetworkProtocol('6')).toBe('TCP');
    expect(cslNetworkProtocol('58')).toBe('IPv6-ICMP');
    expect(cslNetworkProtocol('200')).toBe('Unassigned');
    expect(cslNetworkProtocol('made-up')).toBe('MADE-UP');
    expect(cslNetworkProtocol('')).toBeUndefined();
  });
});

describe('DecoderViaCodec', () => {
  const parser = {
    id: 'acme',
    claimsRow: claimsByVendorProduct('Acme'),
    fromTableRow: (row: TableRow): CommonSecurityLogRow | Skip => (row.Activity === 'skip me' ? skip('acme says no') : cslRowFromTable(row)),
  };
  const ctx = { options: {}, path: '-', log: { debug() {}, info() {}, warn() {} }, receivedAt: '2025-01-01T00:00:00Z' };

  it('routes a codec row through claimsRow and fromTableRow, like the pipeline with --source', () => {
    const d = new DecoderViaCodec(cefSyslogCodec, parser, ctx);
    const out: string[] = [];
    const sink = { row: (r: CommonSecurityLogRow) => out.push(`row ${r.DeviceVendor}`), skip: (s: string) => out.push(`skip ${s}`) };
    d.decode('CEF:0|Acme|Box|1|id|n|3|a=b', sink);
    d.decode('CEF:0|Other|Box|1|id|n|3|a=b', sink);
    d.decode('CEF:0|Acme|Box|1|id|skip me|3|a=b', sink);
    expect(out).toEqual(['row Acme', 'skip not a acme row', 'skip acme says no']);
    expect(() => d.decode('not cef', sink)).toThrow(RecordRejected);
  });
});

describe('cslTimeOptions', () => {
  const ctx = (options: Record<string, unknown>) => ({ options, receivedAt: '2000-01-01T00:00:00.000Z' });

  it('zone: the plugin option, else the zone the decoder recorded, else UTC; year from the row time', () => {
    const row = new CefRowDecoder(syslogTimeOptions({ timezone: 'Europe/Berlin' }, '2025-08-01T00:00:00Z')).decodeLine(
      'Jul 16 12:00:00 h CEF:0|V|P|1|id|n|3|rt=Jul 16 12:00:00',
    );
    expect(row.__timezone).toBe('Europe/Berlin');
    expect(row.TimeGenerated).toBe('2025-07-16T10:00:00.000Z');
    const rt = (options: Record<string, unknown>) => new Date(cefTimestampMs(row.ReceiptTime!, cslTimeOptions(row, ctx(options)))!).toISOString();
    expect(rt({})).toBe('2025-07-16T10:00:00.000Z');
    expect(rt({ timezone: 'UTC' })).toBe('2025-07-16T12:00:00.000Z');
    expect(rt({ timezone: '+05:00' })).toBe('2025-07-16T07:00:00.000Z');
    // no row time: the stream's receive time gives the year
    expect(new Date(cefTimestampMs('Jul 16 12:00:00', cslTimeOptions({}, ctx({})))!).toISOString()).toBe('1999-07-16T12:00:00.000Z');
  });

  it('UTC decoders record no zone', () => {
    expect(new CefRowDecoder(syslogTimeOptions({}, '2025-08-01T00:00:00Z')).decodeLine('CEF:0|V|P|1|id|n|3|a=b')).not.toHaveProperty('__timezone');
  });
});
