import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import {
  CEF_REJECT,
  CefRowDecoder,
  cefSyslogCodec,
  cefTimestampMs,
  cefTimestampToIso,
  parseCef,
  RecordRejected,
  syslogTimeOptions,
  type CommonSecurityLogRow,
  type TableRow,
} from '../src/index.js';

const REF = '2025-08-01T12:00:00.000Z';

/** Whether V8 gave two objects one hidden class (its `%HaveSameMap`, allowed for this function only). */
const haveSameMap = (() => {
  setFlagsFromString('--allow-natives-syntax');
  const fn = new Function('a', 'b', 'return %HaveSameMap(a, b);') as (a: object, b: object) => boolean;
  setFlagsFromString('--no-allow-natives-syntax');
  return fn;
})();
const time = syslogTimeOptions({}, REF);
const decoder = () => new CefRowDecoder(time);
const row = (line: string): CommonSecurityLogRow => decoder().decodeLine(line);

function rejection(fn: () => unknown): RecordRejected {
  try {
    fn();
  } catch (err) {
    if (err instanceof RecordRejected) return err;
    throw err;
  }
  throw new Error('expected a RecordRejected');
}

describe('CEF header (§2, §2.1)', () => {
  it('splits the seven fields and unescapes \\| and \\\\ in them', () => {
    const r = parseCef('CEF:0|Sec\\|Corp|Fire\\\\wall|1.0|100|name with \\| pipe|5|src=10.0.0.1');
    expect(r).toEqual({
      version: '0',
      deviceVendor: 'Sec|Corp',
      deviceProduct: 'Fire\\wall',
      deviceVersion: '1.0',
      signatureId: '100',
      name: 'name with | pipe',
      severity: '5',
      extension: [['src', '10.0.0.1']],
    });
  });

  it('keeps other backslash sequences of the header verbatim', () => {
    expect(parseCef('CEF:0|V|P|1|id|a \\= b \\n c|Low|').name).toBe('a \\= b \\n c');
  });

  it('accepts CEF:1, `CEF: 0`, `0.1`, and a header without the trailing pipe', () => {
    expect(parseCef('CEF:1|V|P|1|id|n|Very-High|a=b').severity).toBe('Very-High');
    expect(parseCef('Dec 27 11:07:55 FGT CEF: 0|Fortinet|FortiGate|6|13|n|3|a=b').deviceVendor).toBe('Fortinet');
    expect(parseCef('CEF:0.1|V|P|1|id|n|3|').version).toBe('0.1');
    expect(parseCef('CEF:0|V|P|1|id|n|3')).toMatchObject({ severity: '3', extension: [] });
  });

  it('rejects a short header, an unknown version and a line without CEF:', () => {
    expect(rejection(() => row('CEF:0|V|P|1|id')).reason).toBe(CEF_REJECT.header);
    expect(rejection(() => row('CEF:0|V|P|1|id')).detail).toMatch(/4 of 7/);
    expect(rejection(() => row('CEF:2|V|P|1|id|n|3|a=b')).reason).toBe(CEF_REJECT.version);
    expect(rejection(() => row('CEF:x|V|P|1|id|n|3|a=b')).reason).toBe(CEF_REJECT.version);
    expect(rejection(() => row('<14>Jul 16 10:32:04 host %ASA-6-302013: Built')).reason).toBe(CEF_REJECT.notCef);
  });

  it('an escaped pipe does not end a field; an escaped backslash before a pipe does', () => {
    expect(parseCef('CEF:0|V|P\\\\|1|id|n|3|a=b').deviceProduct).toBe('P\\');
    expect(parseCef('CEF:0|V|P\\||1|id|n|3|a=b').deviceProduct).toBe('P|');
  });
});

describe('CEF extension (§2.1, §2.2)', () => {
  const ext = (e: string) => parseCef(`CEF:0|V|P|1|id|n|3|${e}`).extension;

  it('unescapes \\=, \\\\, \\n, \\r; other escapes drop the backslash; pipes are literal', () => {
    expect(ext('msg=a\\=b c\\\\d\\ne\\rf x=a|b y=\\,\\/z')).toEqual([
      ['msg', 'a=b c\\d\ne\rf'],
      ['x', 'a|b'],
      ['y', ',/z'],
    ]);
  });

  it('values keep spaces; the boundary is a space, a key and an unescaped =', () => {
    expect(ext('cs4Label=Source Zone cs4=trust zone 1 request=http://h/p?a=1&b=2 msg=x')).toEqual([
      ['cs4Label', 'Source Zone'],
      ['cs4', 'trust zone 1'],
      ['request', 'http://h/p?a=1&b=2'],
      ['msg', 'x'],
    ]);
  });

  it('empty values are legal (`suser= duser= app=dns-base`)', () => {
    expect(ext('suser= duser= app=dns-base')).toEqual([
      ['suser', ''],
      ['duser', ''],
      ['app', 'dns-base'],
    ]);
  });

  it('keys may hold . and -; an escaped = never starts a key (Check Point originsicname)', () => {
    expect(ext('ad.vd=root ad.log-id=13 originsicname=CN\\=fw1,O\\=mgmt..abc')).toEqual([
      ['ad.vd', 'root'],
      ['ad.log-id', '13'],
      ['originsicname', 'CN=fw1,O=mgmt..abc'],
    ]);
  });

  it('trims trailing spaces, CR and LF of the last value only', () => {
    expect(ext('a=1  b=2 \r\n')).toEqual([
      ['a', '1 '],
      ['b', '2'],
    ]);
  });

  it('rejects text before the first key, and an extension with no pair', () => {
    expect(rejection(() => row('CEF:0|V|P|1|id|n|3|garbage a=b')).reason).toBe(CEF_REJECT.extension);
    expect(rejection(() => row('CEF:0|V|P|1|id|n|3|no pairs here')).reason).toBe(CEF_REJECT.extension);
  });

  it('a value of only `=` signs and a key at the very end', () => {
    expect(ext('a=== b=')).toEqual([
      ['a', '=='],
      ['b', ''],
    ]);
  });
});

describe('CEF → CommonSecurityLog row (§3)', () => {
  it('maps header, envelope, dedicated and custom keys; types numbers; unknown keys to AdditionalExtensions in wire order', () => {
    const r = row(
      '<134>Jul 16 10:32:04 fw-01 CEF:0|Acme|Box|2.1|42|Flow ended|7|src=10.0.0.1 spt=1234 dst=2001:db8::1 dpt=443 proto=TCP act=allow ' +
        'in=100 out=2000 cnt=3 cs1Label=Rule cs1=r1 cn1Label=SessionID cn1=9007199254740991 cn2=17 cfp1=1.5 flexNumber1=12 ' +
        'externalId=77 deviceDirection=1 rt=1752661924000 start=May 08 2024 08:10:31 GMT end=2024-05-08T08:11:31Z ' +
        'AcmeVendorKey=v1 bytesIn=5 cs6label=lower',
    );
    expect(r).toEqual({
      Type: 'CommonSecurityLog',
      DeviceVendor: 'Acme',
      DeviceProduct: 'Box',
      DeviceVersion: '2.1',
      DeviceEventClassID: '42',
      Activity: 'Flow ended',
      LogSeverity: '7',
      Computer: 'fw-01',
      TimeGenerated: '2025-07-16T10:32:04.000Z',
      __syslog: { pri: 134, facility: 16, severity: 6, timestamp: '2025-07-16T10:32:04.000Z', host: 'fw-01', format: 'rfc3164' },
      SourceIP: '10.0.0.1',
      SourcePort: 1234,
      DestinationIP: '2001:db8::1',
      DestinationPort: 443,
      Protocol: 'TCP',
      DeviceAction: 'allow',
      ReceivedBytes: 100,
      SentBytes: 2000,
      EventCount: 3,
      DeviceCustomString1Label: 'Rule',
      DeviceCustomString1: 'r1',
      DeviceCustomNumber1Label: 'SessionID',
      FieldDeviceCustomNumber1: 9007199254740991, // long; too big for the legacy int column
      FieldDeviceCustomNumber2: 17,
      DeviceCustomNumber2: 17,
      DeviceCustomFloatingPoint1: 1.5,
      FlexNumber1: 12,
      ExtID: '77',
      ExternalID: 77,
      CommunicationDirection: '1',
      ReceiptTime: '1752661924000',
      StartTime: '2024-05-08T08:10:31.000Z',
      EndTime: '2024-05-08T08:11:31.000Z',
      AdditionalExtensions: 'AcmeVendorKey=v1;bytesIn=5;cs6label=lower',
      AdditionalExtensionsKV: [
        ['AcmeVendorKey', 'v1'],
        ['bytesIn', '5'],
        ['cs6label', 'lower'],
      ],
    });
  });

  it('a value a typed column cannot hold stays in AdditionalExtensions under its key; empty typed values are absent', () => {
    const r = row('CEF:0|V|P|1|id|n|3|spt=http dpt= cnt=99999999999 start=$cefformatted-time_generated in=12.5 cfp2=abc');
    expect(r.SourcePort).toBeUndefined();
    expect(r.DestinationPort).toBeUndefined();
    expect(r.EventCount).toBeUndefined();
    expect(r.StartTime).toBeUndefined();
    expect(r.ReceivedBytes).toBeUndefined();
    expect(r.AdditionalExtensionsKV).toEqual([
      ['spt', 'http'],
      ['cnt', '99999999999'],
      ['start', '$cefformatted-time_generated'],
      ['in', '12.5'],
      ['cfp2', 'abc'],
    ]);
  });

  it('duplicate keys: the last occurrence fills the column, the earlier ones are listed', () => {
    const r = row('CEF:0|Zscaler|NSSFWlog|5.7|Allow|r|3|cs5Label=threatcat cs5=None cs5Label=ipCat cs5=Finance X=1 X=2');
    expect(r.DeviceCustomString5).toBe('Finance');
    expect(r.DeviceCustomString5Label).toBe('ipCat');
    expect(r.DuplicateKeys).toEqual(['cs5Label', 'cs5']);
    expect(r.ShadowedValues).toEqual([
      ['cs5Label', 'threatcat'],
      ['cs5', 'None'],
    ]);
    expect(r.AdditionalExtensions).toBe('X=1;X=2');
  });

  it('keys are case-sensitive: cs6label is not the label of cs6', () => {
    const r = row('CEF:0|V|P|1|id|n|3|cs6=t cs6label=threatname');
    expect(r.DeviceCustomString6).toBe('t');
    expect(r.DeviceCustomString6Label).toBeUndefined();
    expect(r.AdditionalExtensions).toBe('cs6label=threatname');
  });

  it('decodes the real PAN-OS CEF sample (metron) field by field', () => {
    const line = readFileSync(new URL('../../../../shared/samples/palo-alto-cef/metron__parsers_cef_palo.cef', import.meta.url), 'utf8');
    const r = new CefRowDecoder(syslogTimeOptions({}, '2017-04-08T00:00:00Z')).decodeLine(line);
    expect(r).toMatchObject({
      DeviceVendor: 'Palo Alto Networks',
      DeviceProduct: 'PAN-OS',
      DeviceVersion: '6.1.3',
      DeviceEventClassID: 'url',
      Activity: 'THREAT',
      Computer: 'hostname',
      TimeGenerated: '2017-04-07T10:10:10.000Z',
      ReceiptTime: 'Apr 07 2017 00:10:10 GMT',
      SourceUserName: '',
      DeviceCustomString3Label: 'Virtual Sys',
      DeviceCustomString4Label: 'Src Zone',
      RequestURL: '"www.example.com/"', // `\"` → `"` (unknown escape)
      DeviceEventCategory: '(9999)',
      ProcessName: 'Device.Process.Name',
      FieldDeviceCustomNumber1: 123456,
      FlexString2: 'client-to-server',
    });
    expect(r.AdditionalExtensions).toBeUndefined();
  });

  it('rows of one column order have one hidden class, whichever decoder made them', () => {
    // a class per decoder (per file, per byte range a thread reads) left the mappings' property loads megamorphic
    const line = '<14>May  1 00:00:28 fw CEF:0|V|P|1|id|n|3|src=10.0.0.1 dpt=443 act=allow';
    const [a, b] = [decoder().decodeLine(line), decoder().decodeLine(line)];
    expect(b).toEqual(a);
    expect(haveSameMap(a, b)).toBe(true);
    expect(haveSameMap(a, decoder().decodeLine('CEF:0|V|P|1|id|n|3|dpt=443'))).toBe(false);
  });
});

describe('CEF timestamps (§2.3)', () => {
  it('epoch seconds (10 digits), milliseconds, micro- and nanoseconds', () => {
    expect(cefTimestampToIso('1752661924', time)).toBe('2025-07-16T10:32:04.000Z');
    expect(cefTimestampToIso('1569477512000', time)).toBe('2019-09-26T05:58:32.000Z');
    expect(cefTimestampToIso('1647873918304240', time)).toBe('2022-03-21T14:45:18.304Z');
    expect(cefTimestampToIso('1647873918304240923', time)).toBe('2022-03-21T14:45:18.304Z');
  });

  it('MMM dd yyyy HH:mm:ss[.SSS] [zone] and the year-less form', () => {
    expect(cefTimestampToIso('May 08 2024 08:10:31 GMT', time)).toBe('2024-05-08T08:10:31.000Z');
    expect(cefTimestampToIso('May 08 2024 08:10:31.123 UTC', time)).toBe('2024-05-08T08:10:31.123Z');
    expect(cefTimestampToIso('Mar 16 2023 20:15:40', time)).toBe('2023-03-16T20:15:40.000Z');
    expect(cefTimestampToIso('May 08 2024 08:10:31 +0200', time)).toBe('2024-05-08T06:10:31.000Z');
    expect(cefTimestampToIso('Jul 16 10:32:04', time)).toBe('2025-07-16T10:32:04.000Z');
  });

  it('ISO-8601, with or without zone', () => {
    expect(cefTimestampToIso('2025-11-05T10:29:58.000Z', time)).toBe('2025-11-05T10:29:58.000Z');
    expect(cefTimestampToIso('2025-11-05 10:29:58', time)).toBe('2025-11-05T10:29:58.000Z');
  });

  it('zone-less dates follow the timezone option', () => {
    const berlin = syslogTimeOptions({ timezone: 'Europe/Berlin' }, REF);
    expect(cefTimestampToIso('Mar 16 2023 20:15:40', berlin)).toBe('2023-03-16T19:15:40.000Z');
    expect(cefTimestampToIso('Mar 16 2023 20:15:40 GMT', berlin)).toBe('2023-03-16T20:15:40.000Z');
  });

  it('an unknown zone abbreviation is read as UTC and reported', () => {
    const seen: string[] = [];
    expect(cefTimestampMs('May 08 2024 08:10:31 PDT', time, (z) => seen.push(z))).toBe(Date.UTC(2024, 4, 8, 8, 10, 31));
    expect(seen).toEqual(['PDT']);
  });

  it('unparseable text gives no time', () => {
    for (const t of ['', '$cefformatted-time_generated', 'yesterday', 'Foo 08 2024 08:10:31', '2024-13-01T00:00:00Z', 'Feb 30 2024 00:00:00', '12:00']) {
      expect(cefTimestampToIso(t, time)).toBeUndefined();
    }
  });
});

describe('cef-syslog codec', () => {
  const ctx = { options: {}, path: '-', log: { debug() {}, info() {}, warn() {} }, receivedAt: REF };

  it('is confident when lines hold CEF payloads, not otherwise', () => {
    const cef = '<14>Jul 16 10:32:04 h CEF:0|V|P|1|id|n|3|a=b';
    expect(cefSyslogCodec.sniff({ lines: [cef, cef, ''] })).toBeGreaterThanOrEqual(0.9);
    expect(cefSyslogCodec.sniff({ lines: [cef, 'plain syslog', 'another'] })).toBeLessThan(0.5);
    expect(cefSyslogCodec.sniff({ lines: ['2 123 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 ACCEPT OK'] })).toBe(0);
    expect(cefSyslogCodec.sniff({ rows: [{ DeviceVendor: 'x' }] })).toBe(0);
  });

  it('decodes a line into one CommonSecurityLog row and names unclaimed rows by vendor/product', () => {
    const rows: TableRow[] = [];
    const skipped: string[] = [];
    cefSyslogCodec.createDecoder(ctx).decode('CEF:0|Acme|Box|1|id|n|3|src=1.2.3.4', { row: (r) => rows.push(r), skip: (s) => skipped.push(s) });
    expect(rows).toHaveLength(1);
    expect(skipped).toEqual([]);
    expect(cefSyslogCodec.describeRow!(rows[0]!)).toBe('DeviceVendor/DeviceProduct Acme/Box');
    expect(cefSyslogCodec.describeRow!({})).toBe('DeviceVendor/DeviceProduct (none)/(none)');
  });

  it('takes the timezone from its options, and rejects a bad one at stream start', () => {
    const rows: TableRow[] = [];
    const d = cefSyslogCodec.createDecoder({ ...ctx, options: { timezone: 'Asia/Tokyo' } });
    d.decode('Jul 16 10:32:04 h CEF:0|V|P|1|id|n|3|start=Jul 16 2025 10:32:04', { row: (r) => rows.push(r), skip() {} });
    expect(rows[0]).toMatchObject({ TimeGenerated: '2025-07-16T01:32:04.000Z', StartTime: '2025-07-16T01:32:04.000Z' });
    expect(() => cefSyslogCodec.createDecoder({ ...ctx, options: { timezone: 'Nowhere/Land' } })).toThrow(/Nowhere\/Land/);
  });
});
