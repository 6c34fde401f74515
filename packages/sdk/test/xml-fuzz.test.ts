import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { hostEventFromXml, parseXml, RecordRejected, XmlEventFramer, XmlSyntaxError, type FramedXml } from '../src/index.js';

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;

/** Text values with the characters that need escaping, non-ASCII, and whitespace. */
const valueText = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '\\', '/', '<', '>', '&', '"', "'", '%', 'é', '😀', '\t', ':', '='), maxLength: 24 });
const dataName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/);

function escapeText(s: string, style: 'named' | 'numeric' | 'cdata'): string {
  if (style === 'cdata' && s !== '') return `<![CDATA[${s}]]>`;
  if (style === 'numeric') return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string, quote: '"' | "'"): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(quote === '"' ? /"/g : /'/g, quote === '"' ? '&quot;' : '&apos;');
}

interface GeneratedEvent {
  readonly xml: string;
  readonly eventId: number;
  readonly computer: string;
  readonly data: Record<string, string>;
  readonly hasCdata: boolean;
}

/** An `<Event>` as Windows, Sysmon or a documentation page would write it, in random but valid XML. */
const generatedEvent: fc.Arbitrary<GeneratedEvent> = fc
  .record({
    eventId: fc.integer({ min: 0, max: 65535 }),
    computer: valueText,
    fields: fc.uniqueArray(fc.tuple(dataName, valueText, fc.constantFrom('named', 'numeric', 'cdata', 'empty-tag') as fc.Arbitrary<'named' | 'numeric' | 'cdata' | 'empty-tag'>), { selector: (f) => f[0], maxLength: 8 }),
    quote: fc.constantFrom('"', "'") as fc.Arbitrary<'"' | "'">,
    ws: fc.constantFrom('', '\n', '\r\n  ', ' \t'),
    prefix: fc.constantFrom('', 'e:'),
    prologue: fc.boolean(),
    comment: fc.boolean(),
    rendering: fc.boolean(),
  })
  .map(({ eventId, computer, fields, quote, ws, prefix, prologue, comment, rendering }) => {
    const q = quote;
    const ns = prefix ? ` xmlns:e=${q}http://schemas.microsoft.com/win/2004/08/events/event${q}` : ` xmlns=${q}http://schemas.microsoft.com/win/2004/08/events/event${q}`;
    const data: Record<string, string> = {};
    let hasCdata = false;
    const parts = fields.map(([name, value, style]) => {
      if (style === 'empty-tag') {
        data[name] = '';
        return `<${prefix}Data Name=${q}${escapeAttr(name, q)}${q}/>`;
      }
      data[name] = value;
      if (style === 'cdata' && value !== '') hasCdata = true;
      return `<${prefix}Data Name=${q}${escapeAttr(name, q)}${q}>${escapeText(value, style)}</${prefix}Data>`;
    });
    const xml =
      (prologue ? `<?xml version="1.0" encoding="UTF-8"?>${ws}` : '') +
      `<${prefix}Event${ns}>${ws}<${prefix}System>${ws}<${prefix}Provider Name=${q}P${q}/>${ws}<${prefix}EventID>${eventId}</${prefix}EventID>${ws}` +
      `<${prefix}TimeCreated SystemTime=${q}2022-05-13T08:54:05.2105123Z${q} />${ws}<${prefix}Computer>${escapeText(computer, 'named')}</${prefix}Computer>${ws}</${prefix}System>${ws}` +
      (comment ? `<!-- a comment with <tags> & such -->${ws}` : '') +
      `<${prefix}EventData>${ws}${parts.join(ws)}${ws}</${prefix}EventData>${ws}` +
      (rendering ? `<${prefix}RenderingInfo Culture=${q}en-US${q}><${prefix}Message>m</${prefix}Message></${prefix}RenderingInfo>` : '') +
      `</${prefix}Event>${ws}`;
    return { xml, eventId, computer, data, hasCdata };
  });

const fxp = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, parseTagValue: false, parseAttributeValue: false, trimValues: false, processEntities: true, htmlEntities: true, isArray: (n) => n === 'Data' });

describe('XML event codec (fuzz)', () => {
  it('fuzz: every generated event reads back its EventID, Computer and each Data value exactly', () => {
    fc.assert(
      fc.property(generatedEvent, (g) => {
        const ev = hostEventFromXml(g.xml);
        expect(ev.eventId).toBe(g.eventId);
        expect(ev.computer).toBe(g.computer.trim() === '' ? '' : g.computer.trim());
        expect(ev.data).toEqual(g.data);
        expect(ev.timeMs).toBe(Date.parse('2022-05-13T08:54:05.210Z'));
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: agrees with fast-xml-parser on the Data values of generated events', () => {
    fc.assert(
      fc.property(
        generatedEvent.filter((g) => !g.hasCdata),
        (g) => {
          const theirs = fxp.parse(g.xml) as { Event: { EventData: { Data?: { Name: string; '#text'?: string }[] } } };
          const expected: Record<string, string> = {};
          for (const d of theirs.Event.EventData.Data ?? []) expected[d.Name] = d['#text'] ?? '';
          expect(hostEventFromXml(g.xml).data).toEqual(expected);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('fuzz: mutated events either parse or are rejected as XML; nothing else escapes', () => {
    const mutated = fc.tuple(generatedEvent, fc.array(fc.tuple(fc.nat(), fc.constantFrom('', '<', '>', '&', '"', "'", '/', '</Event>', '<![CDATA[', '-->', '&#xD800;', '&#1114112;', '<!DOCTYPE x>', '\u0000')), { minLength: 1, maxLength: 4 }));
    fc.assert(
      fc.property(mutated, ([g, edits]) => {
        let s = g.xml;
        for (const [at, insert] of edits) {
          const i = at % (s.length + 1);
          s = s.slice(0, i) + insert + s.slice(i + (insert === '' ? 1 : 0));
        }
        try {
          parseXml(s);
        } catch (err) {
          expect(err).toBeInstanceOf(XmlSyntaxError);
        }
        try {
          hostEventFromXml(s);
        } catch (err) {
          expect(err).toBeInstanceOf(RecordRejected);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: a stream of events frames into exactly those events, at their lines, however it is chunked', () => {
    const stream = fc.record({
      events: fc.array(generatedEvent.map((g) => g.xml.replace(/^<\?xml[^>]*\?>\s*/, '').trim()), { minLength: 1, maxLength: 6 }),
      separators: fc.array(fc.constantFrom('', '\n', '\r\n', '\n\n  ', '<!-- between -->', '<?pi x?>\n'), { minLength: 7, maxLength: 7 }),
      wrapper: fc.boolean(),
      prologue: fc.boolean(),
      cuts: fc.array(fc.nat(), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(stream, ({ events, separators, wrapper, prologue, cuts }) => {
        let text = prologue ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '';
        if (wrapper) text += '<Events>';
        const expected: { text: string; line: number }[] = [];
        events.forEach((e, i) => {
          text += separators[i]!;
          expected.push({ text: e, line: text.split('\n').length });
          text += e;
        });
        text += separators[6]!;
        if (wrapper) text += '</Events>\n';
        const bytes = Buffer.from(text);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const got: FramedXml[] = [];
        const rejected: string[] = [];
        const framer = new XmlEventFramer({ record: (f) => void got.push(f), rejected: (reason, detail) => void rejected.push(`${reason}: ${detail}`) });
        let from = 0;
        for (const p of [...points, bytes.length]) {
          framer.push(bytes.subarray(from, p));
          from = p;
        }
        expect(framer.end()).toBeUndefined();
        expect(rejected).toEqual([]);
        expect(got.map((f) => ({ text: f.text, line: f.line }))).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
});
