import { describe, expect, it } from 'vitest';
import {
  canonicalIpAddress,
  detectInputKind,
  eventTimestampMs,
  eventXmlInMessage,
  frameXmlText,
  hostEventFromJsonRecord,
  hostEventFromSecurityEventRow,
  hostEventFromWindowsEventRow,
  hostEventFromXml,
  parseXml,
  RecordRejected,
  XmlEventFramer,
  XmlSyntaxError,
  wallClockFor,
  hostEventFromEventTableRow,
  type FramedXml,
} from '../src/index.js';

const WFP_5156 = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>5156</EventID><Version>1</Version><Level>0</Level><Task>12810</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2022-05-13T08:54:05.210512300Z'/><EventRecordID>1234567</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='5000'/><Channel>Security</Channel><Computer>WORKSTATION5.theshire.local</Computer><Security/></System><EventData><Data Name='ProcessID'>3936</Data><Data Name='Application'>\\device\\harddiskvolume2\\bin\\tomcat9.exe</Data><Data Name='Direction'>%%14592</Data><Data Name='SourceAddress'>192.168.3.5</Data><Data Name='SourcePort'>50452</Data><Data Name='DestAddress'>192.168.2.5</Data><Data Name='DestPort'>8080</Data><Data Name='Protocol'>6</Data></EventData></Event>`;

function rejection(fn: () => unknown): RecordRejected {
  try {
    fn();
  } catch (err) {
    if (err instanceof RecordRejected) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('XML reader', () => {
  it('reads attributes in both quote styles, entities, CDATA, comments, PIs and namespace prefixes', () => {
    const root = parseXml(`<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><e:Event xmlns:e="urn:x" a='1' b="&quot;2&apos;"><x:Data xmlns:x="urn:y" Name = 'n'>a &lt;b&gt; &amp; &#65;&#x42;<![CDATA[<raw & stuff>]]><?pi skip?><!-- inner --></x:Data><Empty/></e:Event>\n`);
    expect(root.name).toBe('Event');
    expect(root.attrs).toEqual({ a: '1', b: `"2'` });
    expect(root.children[0]).toMatchObject({ name: 'Data', attrs: { Name: 'n' }, text: 'a <b> & AB<raw & stuff>' });
    expect(root.children[1]).toMatchObject({ name: 'Empty', children: [], text: '' });
  });

  it.each([
    ['<a><b></a>', 'does not match'],
    ['<a>', 'not closed'],
    ['<a x="1>', 'unterminated attribute'],
    ['<a x=1/>', 'quoted value'],
    ['<a>&nbsp;</a>', 'unknown or invalid entity'],
    ['<a>&#0;</a>', 'unknown or invalid entity'],
    ['<!DOCTYPE a [<!ENTITY x "y">]><a/>', 'DTDs are not supported'],
    ['<a/><b/>', 'content after the root'],
    ['<a x="1" x="2"/>', 'duplicate attribute'],
    ['<a x="<"/>', '"<" in an attribute'],
    ['text', 'no root element'],
  ])('rejects %s', (xml, message) => {
    expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
    expect(() => parseXml(xml)).toThrow(message);
  });

  it('refuses nesting deeper than its limit instead of overflowing the stack', () => {
    expect(() => parseXml('<a>'.repeat(10000) + '</a>'.repeat(10000))).toThrow('nested deeper');
  });
});

describe('event model from XML', () => {
  it('reads System and EventData by name, SystemTime to ms', () => {
    const ev = hostEventFromXml(WFP_5156);
    expect(ev).toMatchObject({
      eventId: 5156,
      provider: 'Microsoft-Windows-Security-Auditing',
      channel: 'Security',
      computer: 'WORKSTATION5.theshire.local',
      recordId: '1234567',
      keywords: '0x8020000000000000',
      timeMs: Date.parse('2022-05-13T08:54:05.210Z'),
      envelope: 'xml',
    });
    expect(ev.data).toMatchObject({ ProcessID: '3936', Direction: '%%14592', DestPort: '8080' });
  });

  it('keeps an empty <Data Name="x"/> as an empty value and reads RenderingInfo', () => {
    const ev = hostEventFromXml(
      `<Event>\n  <System>\n    <EventID Qualifiers="0">5158</EventID>\n    <TimeCreated SystemTime="2020-01-01T00:00:00Z" />\n  </System>\n  <EventData>\n    <Data Name="Empty"/>\n    <Data Name="A">1</Data>\n  </EventData>\n  <RenderingInfo Culture="de-DE"><Message>Die Windows-Filterplattform ...</Message></RenderingInfo>\n</Event>`,
    );
    expect(ev.eventId).toBe(5158);
    expect(ev.data).toEqual({ Empty: '', A: '1' });
    expect(ev.renderingCulture).toBe('de-DE');
    expect(ev.message).toBe('Die Windows-Filterplattform ...');
  });

  it('rejects malformed XML, a non-Event root and a SystemTime that is not a time', () => {
    expect(rejection(() => hostEventFromXml('<Event><System></Event>')).reason).toBe('xml');
    expect(rejection(() => hostEventFromXml('<Foo/>')).reason).toBe('not-an-event');
    expect(rejection(() => hostEventFromXml('<Event><System><TimeCreated SystemTime="yesterday"/></System></Event>')).reason).toBe('bad-time');
    expect(rejection(() => hostEventFromXml('<Event><System><EventID>51x</EventID></System></Event>')).reason).toBe('bad-value');
  });
});

describe('event model from rows and records', () => {
  it('SecurityEvent: EventData XML column (CRLF + two spaces, as the agent writes it), TimeGenerated', () => {
    const ev = hostEventFromSecurityEventRow({
      TimeGenerated: '2022-05-13T08:54:05.21Z',
      Computer: 'WORKSTATION5',
      EventID: 5158,
      EventSourceName: 'Microsoft-Windows-Security-Auditing',
      EventData: '<EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">\r\n  <Data Name="ProcessId">7716</Data>\r\n  <Data Name="SourceAddress">0.0.0.0</Data>\r\n</EventData>',
    });
    expect(ev).toMatchObject({ eventId: 5158, computer: 'WORKSTATION5', timeMs: Date.parse('2022-05-13T08:54:05.210Z'), data: { ProcessId: '7716', SourceAddress: '0.0.0.0' } });
  });

  it('SecurityEvent: flattened columns become the data; the table columns do not', () => {
    const ev = hostEventFromSecurityEventRow({ TimeGenerated: '2022-05-13T08:54:05Z', EventID: '5156', Computer: 'H', SourceAddress: '10.0.0.1', DestPort: 443, Activity: 'x' });
    expect(ev.data).toEqual({ SourceAddress: '10.0.0.1', DestPort: '443' });
  });

  it('WindowsEvent: EventData as JSON text or object; RawEventData when EventData is null', () => {
    const text = hostEventFromWindowsEventRow({ TimeGenerated: '2022-05-13T08:54:06.347Z', EventID: 3, Provider: 'Microsoft-Windows-Sysmon', EventData: '{"SourceIp":"192.168.3.5","SourcePort":"50452"}' });
    expect(text).toMatchObject({ eventId: 3, provider: 'Microsoft-Windows-Sysmon', data: { SourceIp: '192.168.3.5', SourcePort: '50452' } });
    const bag = hostEventFromWindowsEventRow({ EventID: 5156, EventData: { DestPort: 53 }, EventRecordId: '77' });
    expect(bag).toMatchObject({ data: { DestPort: '53' }, recordId: '77' });
    const raw = hostEventFromWindowsEventRow({ EventID: 5156, EventData: null, RawEventData: WFP_5156 });
    expect(raw.data.SourceAddress).toBe('192.168.3.5');
    expect(rejection(() => hostEventFromWindowsEventRow({ EventID: 3, EventData: '{not json' })).reason).toBe('bad-value');
  });

  it('NXLog: flat fields as data, EventTime used only with a zone, else the UTC @timestamp', () => {
    const r = { EventID: 5156, SourceName: 'Microsoft-Windows-Security-Auditing', Hostname: 'W5.theshire.local', EventTime: '2020-08-06 01:20:11', '@timestamp': '2020-08-06T05:20:14.617Z', RecordNumber: 81208, SourceModuleType: 'im_msvistalog', SourceAddress: '172.18.39.5', host: 'wec' };
    const ev = hostEventFromJsonRecord(r);
    expect(ev).toMatchObject({ envelope: 'nxlog', eventId: 5156, computer: 'W5.theshire.local', recordId: '81208', timeMs: Date.parse('2020-08-06T05:20:14.617Z'), timeSource: '@timestamp', data: { SourceAddress: '172.18.39.5' } });
    expect(ev.data.host).toBeUndefined();
    const zoned = hostEventFromJsonRecord(r, { zoneless: wallClockFor('-04:00') });
    expect(zoned).toMatchObject({ timeMs: Date.parse('2020-08-06T05:20:11Z'), timeSource: 'EventTime' });
  });

  it('Event table (legacy agent): EventData inside a DataItem wrapper, Source and EventLog', () => {
    const ev = hostEventFromEventTableRow({
      TimeGenerated: '2021-03-01T10:00:00Z', Source: 'Microsoft-Windows-Sysmon', EventLog: 'Microsoft-Windows-Sysmon/Operational', EventID: 3, Computer: 'PC1',
      EventData: '<DataItem type="System.XmlData" time="2021-03-01T10:00:00.0000000Z" sourceHealthServiceId="x"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><Data Name="SourceIp">10.0.0.1</Data></EventData></DataItem>',
    });
    expect(ev).toMatchObject({ envelope: 'Event', eventId: 3, provider: 'Microsoft-Windows-Sysmon', channel: 'Microsoft-Windows-Sysmon/Operational', data: { SourceIp: '10.0.0.1' } });
  });

  it('Winlogbeat: winlog.event_data, @timestamp', () => {
    const ev = hostEventFromJsonRecord({ '@timestamp': '2019-11-07T10:37:04.226Z', winlog: { event_id: 5157, provider_name: 'Microsoft-Windows-Security-Auditing', channel: 'Security', computer_name: 'vagrant', record_id: 2, event_data: { Direction: '%%14592' } } });
    expect(ev).toMatchObject({ envelope: 'winlogbeat', eventId: 5157, computer: 'vagrant', recordId: '2', timeMs: Date.parse('2019-11-07T10:37:04.226Z'), data: { Direction: '%%14592' } });
    expect(rejection(() => hostEventFromJsonRecord({ foo: 1 })).reason).toBe('unknown-record');
  });

  it('Sysmon for Linux XML inside a syslog message; a cut-short message is rejected', () => {
    expect(eventXmlInMessage('sysmon: <Event><System/></Event>')).toBe('<Event><System/></Event>');
    expect(eventXmlInMessage('no xml here')).toBeUndefined();
    expect(eventXmlInMessage('<EventData>')).toBeUndefined();
    expect(rejection(() => eventXmlInMessage('<Event><System><EventID>3</Ev')).reason).toBe('truncated');
  });
});

describe('values', () => {
  it('timestamps: 7 and 9 fractional digits, Sysmon UtcTime, zones, invalid dates', () => {
    expect(eventTimestampMs('2015-09-22T05:24:22.622090200Z')).toBe(Date.parse('2015-09-22T05:24:22.622Z'));
    expect(eventTimestampMs('2021-10-24 17:05:46.834')).toBe(Date.parse('2021-10-24T17:05:46.834Z'));
    expect(eventTimestampMs('2020-08-06T01:20:11-04:00')).toBe(Date.parse('2020-08-06T05:20:11Z'));
    expect(eventTimestampMs('2020-08-06 01:20:11', wallClockFor('Europe/Berlin'))).toBe(Date.parse('2020-08-05T23:20:11Z'));
    expect(eventTimestampMs('2021-02-30 00:00:00')).toBeNaN();
    expect(eventTimestampMs('Oct 24 17:05:47')).toBeNaN();
  });

  it('IP text: Sysmon uncompressed IPv6 compressed (RFC 5952), IPv4-mapped unmapped, non-IPs undefined', () => {
    expect(canonicalIpAddress('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(canonicalIpAddress('fe80:0:0:0:3816:b2ee:1b9b:324b')).toBe('fe80::3816:b2ee:1b9b:324b');
    expect(canonicalIpAddress('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIpAddress('0:0:0:0:0:ffff:a00:5')).toBe('10.0.0.5');
    expect(canonicalIpAddress('::ffff:10.47.0.122')).toBe('10.47.0.122');
    expect(canonicalIpAddress('0:0:0:0:0:0:0:0')).toBe('::');
    expect(canonicalIpAddress('10.1.2.3')).toBe('10.1.2.3');
    expect(canonicalIpAddress('-')).toBeUndefined();
    expect(canonicalIpAddress('host.example')).toBeUndefined();
  });
});

describe('XML input framing', () => {
  const event = (n: number) => `<Event><System><EventID>${n}</EventID></System></Event>`;

  it('recognises XML inputs by their first text, not syslog lines starting with <PRI>', () => {
    expect(detectInputKind('a.xml', '<?xml version="1.0"?><Events>')).toBe('xml');
    expect(detectInputKind('a.log', '\n  <Events>\n<Event>')).toBe('xml');
    expect(detectInputKind('a.log', "<Event xmlns='x'>")).toBe('xml');
    expect(detectInputKind('a.log', '<134>Oct 24 17:05:47 host sysmon: <Event>')).toBe('lines');
    expect(detectInputKind('a.log', '<EventData>')).toBe('lines');
  });

  it('one record per event: concatenated, one per line, pretty-printed, in <Events>, after a prologue; positioned by the start line', () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n<Events>\n<!-- saved -->\n${event(1)}${event(2)}\n<Event>\n  <System>\n    <EventID>3</EventID>\n  </System>\n</Event>\n<Event/>\n</Events>\n`;
    const { records, rejected, cutShort } = frameXmlText(text);
    expect(rejected).toEqual([]);
    expect(cutShort).toBeUndefined();
    expect(records.map((r) => [r.line, r.index])).toEqual([[4, 1], [4, 2], [5, 3], [10, 4]]);
    expect(records[2]!.text).toBe('<Event>\n  <System>\n    <EventID>3</EventID>\n  </System>\n</Event>');
    expect(records.slice(0, 3).map((r) => hostEventFromXml(r.text).eventId)).toEqual([1, 2, 3]);
  });

  it('an empty export (<Events/>, or a prologue alone) holds no records', () => {
    expect(frameXmlText('<?xml version="1.0"?>\n<Events/>\n')).toEqual({ records: [], rejected: [] });
    expect(frameXmlText('<?xml version="1.0"?>\n')).toEqual({ records: [], rejected: [] });
  });

  it('does not end a record on ">" or "<" inside attribute values, comments or CDATA', () => {
    const tricky = `<Event a='x>y' b="</Event>"><!-- </Event> --><EventData><Data Name="a"><![CDATA[</Event>]]></Data></EventData></Event>`;
    const { records } = frameXmlText(`${tricky}\n${event(9)}`);
    expect(records.map((r) => r.text)).toEqual([tricky, event(9)]);
  });

  it('is the same whatever the chunking (every split point of a two-event stream)', () => {
    const text = `<?xml version="1.0"?>\n<Events><Event a='1'>x<b/></Event>\n<!-- c -->\n<e:Event xmlns:e="u"><![CDATA[>]]></e:Event></Events>`;
    const whole = frameXmlText(text).records;
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const got: FramedXml[] = [];
      const framer = new XmlEventFramer({ record: (f) => void got.push(f), rejected: () => void 0 });
      framer.push(bytes.subarray(0, cut));
      framer.push(bytes.subarray(cut));
      expect(framer.end()).toBeUndefined();
      expect(got).toEqual(whole);
    }
  });

  it('reports text between events, a stray end tag, an oversized record, and an input cut short', () => {
    const { records, rejected, cutShort } = frameXmlText(`${event(1)}\ngarbage here\n</Oops>\n${event(2)}\n<Event><System>`);
    expect(records.map((r) => r.line)).toEqual([1, 4]);
    expect(rejected.map((r) => [r.reason, r.framed.line])).toEqual([['xml-text', 2], ['xml', 3]]);
    expect(cutShort).toBe('the input ends inside the XML record that starts on line 5');
    const big = frameXmlText(`<Event>${'x'.repeat(100)}</Event>${event(3)}`, { maxRecordBytes: 60 });
    expect(big.rejected.map((r) => r.reason)).toEqual(['record-too-large']);
    expect(big.records.length).toBe(1);
  });
});
