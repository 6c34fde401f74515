import { describe, expect, it } from 'vitest';
import {
  decodeKeyValue,
  decodeKeyValuePairs,
  encodeKeyValue,
  forEachKeyValue,
  KV_COMMA,
  KV_SD_PARAMS,
  KV_SEMICOLON,
  KV_SPACE,
  KV_SPACE_QUOTES,
  RecordRejected,
} from '../src/index.js';

/** The RecordRejected a decode throws (fails the test when it does not throw one). */
function rejection(fn: () => unknown): RecordRejected {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RecordRejected);
    return err as RecordRejected;
  }
  throw new Error('expected a RecordRejected');
}

describe('key=value: FortiOS space-separated', () => {
  it('decodes bare and quoted values, in order', () => {
    const line =
      'date=2020-04-23 time=12:11:51 devname="newfirewall" logid="0000000020" type="traffic" srcip=192.168.10.10 srcport=6000 dstcountry="United States" eventtime=1587229911390385486 tz="-0500"';
    expect(decodeKeyValuePairs(line, KV_SPACE)).toEqual([
      ['date', '2020-04-23'],
      ['time', '12:11:51'],
      ['devname', 'newfirewall'],
      ['logid', '0000000020'],
      ['type', 'traffic'],
      ['srcip', '192.168.10.10'],
      ['srcport', '6000'],
      ['dstcountry', 'United States'],
      ['eventtime', '1587229911390385486'],
      ['tz', '-0500'],
    ]);
  });

  it('keeps separators, = and : inside quotes; unescapes \\" and \\\\ only', () => {
    const kv = decodeKeyValue('msg="a=b c, d; e:f" path="C:\\temp\\x" q="say \\"hi\\"" bs="a\\\\b"');
    expect(kv.msg).toBe('a=b c, d; e:f');
    expect(kv.path).toBe('C:\\temp\\x');
    expect(kv.q).toBe('say "hi"');
    expect(kv.bs).toBe('a\\b');
  });

  it('accepts empty values, tabs, and repeated, leading and trailing blanks', () => {
    expect(decodeKeyValuePairs('  a= b=""\tc=1   d=x \t')).toEqual([
      ['a', ''],
      ['b', ''],
      ['c', '1'],
      ['d', 'x'],
    ]);
  });

  it('an empty or blank text has no pairs', () => {
    expect(decodeKeyValuePairs('')).toEqual([]);
    expect(decodeKeyValuePairs('   \t ')).toEqual([]);
  });

  it('decodeKeyValue keeps the last duplicate and treats __proto__ as a plain key', () => {
    const kv = decodeKeyValue('a=1 __proto__=x a=2 constructor=y');
    expect(kv.a).toBe('2');
    expect(kv['__proto__']).toBe('x');
    expect(Object.getPrototypeOf(kv)).toBeNull();
    expect(Object.keys(kv)).toEqual(['a', '__proto__', 'constructor']);
  });

  it('decodes only the [from, to) range', () => {
    const text = '<189>date=2020-04-23 time=12:11:51 | trailer';
    expect(decodeKeyValuePairs(text, KV_SPACE, 5, text.indexOf(' |'))).toEqual([
      ['date', '2020-04-23'],
      ['time', '12:11:51'],
    ]);
  });

  it('forEachKeyValue returns the pair count', () => {
    const seen: string[] = [];
    expect(forEachKeyValue('a=1 b=2', KV_SPACE, (k, v) => seen.push(`${k}:${v}`))).toBe(2);
    expect(seen).toEqual(['a:1', 'b:2']);
  });

  it.each([
    ['a token without =', 'a=1 orphan b=2', '"orphan" has no "="'],
    ['a trailing token without =', 'a=1 orphan', '"orphan" has no "="'],
    ['an empty key', 'a=1 =2', 'empty key'],
    ['an unterminated quote', 'a="abc def', 'unterminated quoted value of "a"'],
    ['an escaped final quote', 'a="abc\\"', 'unterminated quoted value of "a"'],
    ['text glued to a closing quote', 'a="x"y b=1', 'unexpected text after the quoted value of "a"'],
    ['a quote in a key', 'a"b=1', 'quote inside key'],
  ])('rejects %s with reason key-value and the column', (_name, text, detail) => {
    const err = rejection(() => decodeKeyValuePairs(text, KV_SPACE));
    expect(err.reason).toBe('key-value');
    expect(err.detail).toContain(detail);
    expect(err.detail).toMatch(/at column \d+$/);
  });

  it('keeps the detail short for a long garbage line', () => {
    const detail = rejection(() => decodeKeyValuePairs('x'.repeat(5000))).detail;
    expect(detail).toBe(`"${'x'.repeat(40)}…" has no "=" at column 1`);
  });

  it('names the column of the problem (1-based)', () => {
    expect(rejection(() => decodeKeyValuePairs('a=1 b="x')).detail).toBe('unterminated quoted value of "b" at column 7');
  });
});

describe('key=value: comma-separated (FortiOS CSV format)', () => {
  it('splits on commas, keeps commas and spaces in quotes, allows spaces in bare values', () => {
    expect(decodeKeyValuePairs('date=2018-07-26,time=16:51:36,logid="0000000013",msg="a, b",devname=FW 1, x=2', KV_COMMA)).toEqual([
      ['date', '2018-07-26'],
      ['time', '16:51:36'],
      ['logid', '0000000013'],
      ['msg', 'a, b'],
      ['devname', 'FW 1'],
      ['x', '2'],
    ]);
  });

  it('rejects a field without =', () => {
    expect(rejection(() => decodeKeyValuePairs('a=1,junk,b=2', KV_COMMA)).detail).toContain('"junk" has no "="');
  });
});

describe('key:"value"; (Check Point Log Exporter syslog body)', () => {
  const body =
    'action:"Accept"; flags:"444676"; ifdir:"outbound"; loguid:"{0x5e80a05a,0x0,0x60e0fe3b,0xda019994}"; originsicname:"cn=cp_mgmt,o=gw-da58d3..tmn8s8"; product:"VPN-1 & FireWall-1"; service:"443"; xlatesrc:"0.0.0.0"';

  it('decodes the documented record body', () => {
    const kv = decodeKeyValue(body, KV_SEMICOLON);
    expect(kv).toMatchObject({
      action: 'Accept',
      flags: '444676',
      ifdir: 'outbound',
      loguid: '{0x5e80a05a,0x0,0x60e0fe3b,0xda019994}',
      originsicname: 'cn=cp_mgmt,o=gw-da58d3..tmn8s8',
      product: 'VPN-1 & FireWall-1',
      service: '443',
      xlatesrc: '0.0.0.0',
    });
    expect(Object.keys(kv)).toHaveLength(8);
  });

  it('allows a trailing ; and keys with spaces, and values holding ; and : in quotes', () => {
    expect(decodeKeyValuePairs('ICMP Type:"8"; msg:"a; b: c"; bare:x y ;', KV_SEMICOLON)).toEqual([
      ['ICMP Type', '8'],
      ['msg', 'a; b: c'],
      ['bare', 'x y'],
    ]);
  });

  it('rejects a pair without a colon', () => {
    expect(rejection(() => decodeKeyValuePairs('action:"Accept"; garbage; x:"1"', KV_SEMICOLON)).detail).toContain('"garbage" has no ":"');
  });
});

describe('RFC 5424 SD params (Check Point R81)', () => {
  it('decodes key="value" with spaced keys and \\] escapes', () => {
    expect(decodeKeyValuePairs('inzone="DMZ" xlatedst="" ICMP Type="8" rule_name="a \\] b" ProductName="VPN-1 & FireWall-1"', KV_SD_PARAMS)).toEqual([
      ['inzone', 'DMZ'],
      ['xlatedst', ''],
      ['ICMP Type', '8'],
      ['rule_name', 'a ] b'],
      ['ProductName', 'VPN-1 & FireWall-1'],
    ]);
  });
});

describe("key=value with single and double quotes, verbatim (Cisco Meraki)", () => {
  it('decodes single-quoted values with spaces, double-quoted and bare values', () => {
    const body = "type=association radio='1' vap='1' client_mac='E4:F4:18:79:1F:E1' ssid='My Net' identity=\"DOM\\u ser\" aid=910537108";
    expect(decodeKeyValuePairs(body, KV_SPACE_QUOTES)).toEqual([
      ['type', 'association'],
      ['radio', '1'],
      ['vap', '1'],
      ['client_mac', 'E4:F4:18:79:1F:E1'],
      ['ssid', 'My Net'],
      ['identity', 'DOM\\u ser'],
      ['aid', '910537108'],
    ]);
  });

  it("keeps an unescaped quote inside a value: a quote closes it only before a blank or the end", () => {
    expect(decodeKeyValue("ssid='Joe's Cafe' last_auth_ago='' x='it''s' y='a\\'", KV_SPACE_QUOTES)).toEqual(
      Object.assign(Object.create(null), { ssid: "Joe's Cafe", last_auth_ago: '', x: "it''s", y: 'a\\' }),
    );
  });

  it('rejects an unterminated quote and a quote in a key', () => {
    expect(rejection(() => decodeKeyValuePairs("a='x b=1", KV_SPACE_QUOTES)).detail).toBe('unterminated quoted value of "a" at column 3');
    expect(rejection(() => decodeKeyValuePairs("a'b=1", KV_SPACE_QUOTES)).detail).toContain('quote inside key');
  });

  it("leaves the other syntaxes' handling of ' unchanged: a plain character", () => {
    expect(decodeKeyValuePairs("a='x' b=it's", KV_SPACE)).toEqual([
      ['a', "'x'"],
      ['b', "it's"],
    ]);
    expect(rejection(() => decodeKeyValuePairs("ssid='My Net'", KV_SPACE)).detail).toContain(`"Net'" has no "="`);
    expect(decodeKeyValuePairs("a:'x'; b:y", KV_SEMICOLON)).toEqual([
      ['a', "'x'"],
      ['b', 'y'],
    ]);
  });

  it('a syntax quoting with \' alone unescapes \\\' and reads " as a plain character', () => {
    const single = { assign: '=', separator: ' ', quotes: "'" } as const;
    expect(decodeKeyValuePairs("a='it\\'s' b=\"x", single)).toEqual([
      ['a', "it's"],
      ['b', '"x'],
    ]);
    expect(decodeKeyValuePairs(encodeKeyValue([['a', "it's \\ ok"]], single), single)).toEqual([['a', "it's \\ ok"]]);
  });

  it('encodes with a quote character each value allows, and refuses a value no quote can hold', () => {
    expect(encodeKeyValue([['ssid', "Joe's Cafe"], ['q', 'say " hi']], KV_SPACE_QUOTES)).toBe(`ssid="Joe's Cafe" q='say " hi'`);
    expect(() => encodeKeyValue([['v', `a' b" c`]], KV_SPACE_QUOTES)).toThrow('cannot be quoted verbatim');
  });
});

describe('encodeKeyValue', () => {
  it.each([
    ['space', KV_SPACE],
    ['comma', KV_COMMA],
    ['semicolon', KV_SEMICOLON],
    ['sd params', KV_SD_PARAMS],
  ] as const)('round-trips through decodeKeyValuePairs (%s)', (_n, syntax) => {
    const pairs: [string, string][] = [
      ['a', 'plain'],
      ['b', 'with "quotes" and \\ backslash'],
      ['c', ''],
      ['d', 'x=y; z, w ] '],
    ];
    expect(decodeKeyValuePairs(encodeKeyValue(pairs, syntax), syntax)).toEqual(pairs);
  });
});
