import { describe, expect, it } from 'vitest';
import { ConfigError, parseSyslogEnvelope, syslogTimeOptions, WallClock, type SyslogTimeOptions } from '../src/index.js';

const REF = '2025-08-01T12:00:00.000Z';
const utc = syslogTimeOptions({}, REF);
const env = (line: string, time: SyslogTimeOptions = utc) => parseSyslogEnvelope(line, time);

describe('syslog envelope: none', () => {
  it('a bare message has no envelope and starts at 0', () => {
    expect(env('CEF:0|Check Point|VPN-1 & FireWall-1|R81|Log|Accept|Unknown|act=Accept')).toEqual({ envelope: undefined, messageStart: 0 });
    expect(env('just text')).toEqual({ envelope: undefined, messageStart: 0 });
  });

  it('a malformed PRI is not an envelope', () => {
    expect(env('<1234>Jul 16 10:32:04 host msg').envelope).toBeUndefined();
    expect(env('<>Jul 16 10:32:04 host msg').envelope).toBeUndefined();
    expect(env('<192>Jul 16 10:32:04 host msg').envelope).toBeUndefined();
  });
});

describe('syslog envelope: RFC 3164', () => {
  it('without PRI, space-padded day', () => {
    const line = 'Nov  3 01:02:03 FGT-A-LOG CEF: 0|Fortinet|FortiGate|x';
    const r = env(line);
    expect(r.envelope).toEqual({ timestamp: '2024-11-03T01:02:03.000Z', host: 'FGT-A-LOG', format: 'rfc3164' });
    expect(line.slice(r.messageStart)).toBe('CEF: 0|Fortinet|FortiGate|x');
  });

  it('with PRI: facility and severity', () => {
    const r = env('<189>Jul 16 10:32:04 PA-LAB-01 CEF:0|Palo Alto Networks|PAN-OS|');
    expect(r.envelope).toEqual({ pri: 189, facility: 23, severity: 5, timestamp: '2025-07-16T10:32:04.000Z', host: 'PA-LAB-01', format: 'rfc3164' });
  });

  it('year: the receive year, rolled back when the result is more than a day in the future', () => {
    const jan2 = syslogTimeOptions({}, '2026-01-02T00:30:00.000Z');
    expect(env('Dec 31 23:59:59 fw m', jan2).envelope?.timestamp).toBe('2025-12-31T23:59:59.000Z');
    // one day ahead is clock skew, not last year
    expect(env('Jan  2 20:00:00 fw m', jan2).envelope?.timestamp).toBe('2026-01-02T20:00:00.000Z');
    expect(env('Jan  4 00:00:00 fw m', jan2).envelope?.timestamp).toBe('2025-01-04T00:00:00.000Z');
  });

  it('Feb 29 resolves to the latest leap year', () => {
    expect(env('Feb 29 10:00:00 fw m', syslogTimeOptions({}, '2025-03-10T00:00:00Z')).envelope?.timestamp).toBe('2024-02-29T10:00:00.000Z');
  });

  it('zone: UTC by default, the timezone option otherwise (IANA with DST, or an offset)', () => {
    const berlin = syslogTimeOptions({ timezone: 'Europe/Berlin' }, REF);
    expect(env('Jul 16 10:32:04 h m', berlin).envelope?.timestamp).toBe('2025-07-16T08:32:04.000Z'); // CEST +2
    expect(env('Jan 16 10:32:04 h m', berlin).envelope?.timestamp).toBe('2025-01-16T09:32:04.000Z'); // CET +1
    const minus5 = syslogTimeOptions({ timezone: '-05:00' }, REF);
    expect(env('Jul 16 10:32:04 h m', minus5).envelope?.timestamp).toBe('2025-07-16T15:32:04.000Z');
  });

  it('fractional seconds, a year after the day, and an explicit zone are read', () => {
    expect(env('Jul 16 10:32:04.250 h m').envelope?.timestamp).toBe('2025-07-16T10:32:04.250Z');
    expect(env('Jan 05 2015 05:38:58 h m').envelope?.timestamp).toBe('2015-01-05T05:38:58.000Z');
    expect(env('Jul 16 10:32:04 +02:00 h m').envelope).toMatchObject({ timestamp: '2025-07-16T08:32:04.000Z', host: 'h' });
  });

  it('an RFC 3339 timestamp in the 3164 position (rsyslog high-precision format)', () => {
    const r = env('<13>2025-07-16T10:32:04.123+02:00 host1 app[42]: hello');
    expect(r.envelope).toMatchObject({ pri: 13, timestamp: '2025-07-16T08:32:04.123Z', host: 'host1', app: 'app', procId: '42' });
    expect('<13>2025-07-16T10:32:04.123+02:00 host1 app[42]: hello'.slice(r.messageStart)).toBe('hello');
  });

  it('a TAG after the host; a TAG without a host; no host before the message', () => {
    expect(env('Jul 16 10:32:04 fw1 cef: CEF:0|a').envelope).toMatchObject({ host: 'fw1', app: 'cef' });
    expect(env('Jul 16 10:32:04 sshd[42]: msg').envelope).toMatchObject({ app: 'sshd', procId: '42' });
    expect(env('Jul 16 10:32:04 sshd[42]: msg').envelope?.host).toBeUndefined();
    const bare = '<14>Jul 16 10:32:04 ';
    expect(env(bare).envelope).toEqual({ pri: 14, facility: 1, severity: 6, timestamp: '2025-07-16T10:32:04.000Z', format: 'rfc3164' });
  });

  it('a PAN-OS CSV message after the host is not taken for a tag', () => {
    const line = '<14>Jan  5 12:51:34 PAN1.exampleCustomer.com 1,2015/01/05 12:51:33,0011C103117,TRAFFIC,end';
    const r = env(line, syslogTimeOptions({}, '2015-01-06T00:00:00Z'));
    expect(r.envelope).toMatchObject({ host: 'PAN1.exampleCustomer.com', timestamp: '2015-01-05T12:51:34.000Z' });
    expect(line.slice(r.messageStart)).toMatch(/^1,2015\/01\/05/);
  });

  it('a PRI alone, directly followed by the message', () => {
    const r = env('<14>CEF:0|V|P|1|x|y|1|');
    expect(r).toEqual({ envelope: { pri: 14, facility: 1, severity: 6 }, messageStart: 4 });
  });
});

describe('syslog envelope: RFC 5424', () => {
  it('all header fields and structured data with escapes', () => {
    const line = '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 1234 ID47 [exampleSDID@32473 iut="3" note="a \\] b \\" c"][x@1 y="z"] CEF:0|V|P';
    const r = env(line);
    expect(r.envelope).toEqual({
      pri: 165,
      facility: 20,
      severity: 5,
      timestamp: '2003-10-11T22:14:15.003Z',
      host: 'mymachine.example.com',
      app: 'evntslog',
      procId: '1234',
      msgId: 'ID47',
      structuredData: '[exampleSDID@32473 iut="3" note="a \\] b \\" c"][x@1 y="z"]',
      format: 'rfc5424',
    });
    expect(line.slice(r.messageStart)).toBe('CEF:0|V|P');
  });

  it('NILVALUEs and a numeric offset', () => {
    const r = env('<34>1 2025-07-16T10:32:04-05:00 - - - - - hello');
    expect(r.envelope).toEqual({ pri: 34, facility: 4, severity: 2, timestamp: '2025-07-16T15:32:04.000Z', format: 'rfc5424' });
    expect(env('<34>1 - host - - - - hello').envelope).toMatchObject({ host: 'host', format: 'rfc5424' });
    expect(env('<34>1 - host - - - - hello').envelope?.timestamp).toBeUndefined();
  });

  it('a header cut short (the prefix before CEF:) keeps what it has', () => {
    expect(env('<14>1 2025-01-01T00:00:00Z fw1 ').envelope).toMatchObject({ host: 'fw1', timestamp: '2025-01-01T00:00:00.000Z', format: 'rfc5424' });
  });

  it('an unterminated SD element is not 5424; the PRI still counts', () => {
    const r = env('<14>1 2025-01-01T00:00:00Z h a p m [x y="1" msg');
    expect(r.envelope?.format).not.toBe('rfc5424');
    expect(r.envelope?.pri).toBe(14);
  });
});

describe('syslog envelope: relay-added double headers', () => {
  it('3164 relay header in front of the device header: the device (inner) header wins', () => {
    const line = '<134>Jul 16 10:32:05 relay01 <189>Jul 16 10:32:04 PA-LAB-01 CEF:0|x';
    const r = env(line);
    expect(r.envelope).toMatchObject({ pri: 189, timestamp: '2025-07-16T10:32:04.000Z', host: 'PA-LAB-01', relayHost: 'relay01' });
    expect(line.slice(r.messageStart)).toBe('CEF:0|x');
  });

  it('relay header without PRI, device header without PRI', () => {
    const r = env('Jul 16 10:32:05 relay01 Jul 16 10:32:04 fw CEF:0|x');
    expect(r.envelope).toMatchObject({ host: 'fw', relayHost: 'relay01', timestamp: '2025-07-16T10:32:04.000Z' });
  });

  it('5424 relay header in front of a 3164 device header', () => {
    const r = env('<13>1 2025-07-16T10:32:05Z relay01 rsyslogd - - - <189>Jul 16 10:32:04 fw CEF:0|x');
    expect(r.envelope).toMatchObject({ host: 'fw', relayHost: 'relay01', pri: 189, format: 'rfc3164' });
  });

  it('an inner bare PRI inherits the relay time and host', () => {
    const r = env('<134>Jul 16 10:32:05 relay01 <189>CEF:0|x');
    expect(r.envelope).toMatchObject({ pri: 189, host: 'relay01', timestamp: '2025-07-16T10:32:05.000Z' });
    expect(r.envelope?.relayHost).toBeUndefined();
  });
});

describe('WallClock', () => {
  it('rejects an unknown zone with a ConfigError naming it', () => {
    expect(() => new WallClock('Mars/Olympus')).toThrow(ConfigError);
    expect(() => new WallClock('Mars/Olympus')).toThrow(/Mars\/Olympus/);
  });

  it('handles a DST change: both sides of the spring-forward gap', () => {
    const ny = new WallClock('America/New_York');
    expect(new Date(ny.toEpoch(2025, 2, 9, 1, 30, 0, 0)).toISOString()).toBe('2025-03-09T06:30:00.000Z'); // EST
    expect(new Date(ny.toEpoch(2025, 2, 9, 3, 30, 0, 0)).toISOString()).toBe('2025-03-09T07:30:00.000Z'); // EDT
  });

  it('accepts offsets in several spellings', () => {
    for (const z of ['+0530', '+05:30', 'GMT+05:30', 'UTC+0530']) {
      expect(new Date(new WallClock(z).toEpoch(2025, 0, 1, 5, 30, 0, 0)).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    }
  });
});

describe('syslog envelope: impossible and early dates', () => {
  it('a header timestamp that has the shape of one but is no date rejects the record, rather than leaving it timeless', () => {
    expect(() => env('<14>Feb 30 10:00:00 fw CEF:0|a|b|1|x|y|1|')).toThrow(/bad-timestamp|not a valid date/);
    expect(() => env('<14>1 2024-13-01T00:00:28Z fw app - - - msg')).toThrow(/"2024-13-01T00:00:28" is not a valid date/);
    expect(() => env('Jul 16 25:61:00 fw msg')).toThrow(/not a valid date/);
  });

  it('text that only starts like a month or a year is no timestamp at all', () => {
    expect(env('May I have a word').envelope).toBeUndefined();
    expect(env('2024 was a year').envelope).toBeUndefined();
  });

  it('four-digit years are taken literally, 0000–0099 included', () => {
    expect(env('<14>1 0050-05-01T00:00:28Z fw app - - - m').envelope?.timestamp).toBe('0050-05-01T00:00:28.000Z');
    expect(env('<14>Mar 16 0099 20:15:40 fw m').envelope?.timestamp).toBe('0099-03-16T20:15:40.000Z');
  });
});
