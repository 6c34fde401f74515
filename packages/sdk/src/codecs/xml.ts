/**
 * A small, strict XML reader for event records (Windows `<Event>` XML, Sysmon for Linux): elements,
 * attributes in either quote style, text, the five predefined entities and character references,
 * CDATA, comments and processing instructions (skipped), namespace prefixes (names are kept
 * local: `e:Event` → `Event`; `xmlns` attributes are dropped). Not supported, by design: DTDs
 * (`<!DOCTYPE`, hence no entity declarations and no entity-expansion attacks).
 *
 * A malformed document throws `XmlSyntaxError` with the offset; nothing else escapes. Measured
 * against fast-xml-parser on Windows event XML (packages/sdk/README.md, "XML"), and fuzzed
 * against it (test/xml-fuzz.test.ts).
 */

/** One element: local name, attributes (local names, decoded values), children, and its text (concatenated). */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>> | undefined;
  readonly children: XmlElement[];
  /** The element's own character data (text and CDATA between its children), entities decoded, untrimmed. */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
  }
}

/** Deepest element nesting accepted (event XML nests 4 levels). */
export const MAX_XML_DEPTH = 64;

const enum Ch {
  TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  BANG = 33,
  DQUOTE = 34,
  AMP = 38,
  SQUOTE = 39,
  SLASH = 47,
  COLON = 58,
  LT = 60,
  EQ = 61,
  GT = 62,
  QUESTION = 63,
}

function isSpace(c: number): boolean {
  return c === Ch.SPACE || c === Ch.LF || c === Ch.TAB || c === Ch.CR;
}

/** Characters that end a name. */
function endsName(c: number): boolean {
  return isSpace(c) || c === Ch.GT || c === Ch.SLASH || c === Ch.EQ || c === Ch.LT || c === Ch.DQUOTE || c === Ch.SQUOTE || Number.isNaN(c);
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` `&#N;` `&#xH;` in `s` (which holds at least one `&`). */
export function decodeXmlEntities(s: string, offset = 0): string {
  let out = '';
  let last = 0;
  let amp = s.indexOf('&');
  while (amp >= 0) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) throw new XmlSyntaxError('unterminated entity reference', offset + amp);
    const ref = s.slice(amp + 1, semi);
    let ch: string | undefined;
    if (ref.charCodeAt(0) === 35 /* # */) {
      const hex = ref.charCodeAt(1) === 120; /* x */
      const digits = ref.slice(hex ? 2 : 1);
      if (digits !== '' && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) {
        const cp = parseInt(digits, hex ? 16 : 10);
        if (isXmlChar(cp)) ch = String.fromCodePoint(cp);
      }
    } else ch = NAMED_ENTITIES[ref];
    if (ch === undefined) throw new XmlSyntaxError(`unknown or invalid entity &${ref};`, offset + amp);
    out += s.slice(last, amp) + ch;
    last = semi + 1;
    amp = s.indexOf('&', last);
  }
  return out + s.slice(last);
}

/** XML 1.0 `Char`. */
function isXmlChar(cp: number): boolean {
  return cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * Parses one XML document (optionally with a prologue, comments and whitespace around the root) and
 * returns its root element. Throws `XmlSyntaxError` when it is not well-formed in the subset above.
 */
export function parseXml(text: string): XmlElement {
  const p = new XmlReader(text);
  p.skipMisc(true);
  if (p.pos >= text.length || text.charCodeAt(p.pos) !== Ch.LT) throw new XmlSyntaxError('no root element', p.pos);
  const root = p.element(0);
  p.skipMisc(false);
  if (p.pos < text.length) throw new XmlSyntaxError('content after the root element', p.pos);
  return root;
}

class XmlReader {
  pos = 0;
  constructor(private readonly s: string) {}

  /** Whitespace, comments, processing instructions (and, before the root, the XML declaration). */
  skipMisc(prolog: boolean): void {
    const s = this.s;
    for (;;) {
      while (this.pos < s.length && isSpace(s.charCodeAt(this.pos))) this.pos++;
      if (s.charCodeAt(this.pos) !== Ch.LT) return;
      const next = s.charCodeAt(this.pos + 1);
      if (next === Ch.QUESTION) this.skipPi();
      else if (next === Ch.BANG && s.startsWith('<!--', this.pos)) this.skipComment();
      else if (next === Ch.BANG && prolog && s.startsWith('<!DOCTYPE', this.pos)) throw new XmlSyntaxError('DTDs are not supported', this.pos);
      else return;
    }
  }

  private skipPi(): void {
    const end = this.s.indexOf('?>', this.pos + 2);
    if (end < 0) throw new XmlSyntaxError('unterminated processing instruction', this.pos);
    this.pos = end + 2;
  }

  private skipComment(): void {
    const end = this.s.indexOf('-->', this.pos + 4);
    if (end < 0) throw new XmlSyntaxError('unterminated comment', this.pos);
    this.pos = end + 3;
  }

  private name(): string {
    const s = this.s;
    const start = this.pos;
    while (!endsName(s.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) throw new XmlSyntaxError('expected a name', start);
    const name = s.slice(start, this.pos);
    if (name.charCodeAt(0) === Ch.COLON || name.charCodeAt(name.length - 1) === Ch.COLON) throw new XmlSyntaxError(`bad name "${name}"`, start);
    return name;
  }

  private spaces(): boolean {
    const start = this.pos;
    while (isSpace(this.s.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  /** An element starting at `<`, its content and its end tag. */
  element(depth: number): XmlElement {
    if (depth >= MAX_XML_DEPTH) throw new XmlSyntaxError(`elements nested deeper than ${MAX_XML_DEPTH}`, this.pos);
    const s = this.s;
    this.pos++; // <
    const qname = this.name();
    let attrs: Record<string, string> | undefined;
    for (;;) {
      const spaced = this.spaces();
      const c = s.charCodeAt(this.pos);
      if (c === Ch.GT) {
        this.pos++;
        break;
      }
      if (c === Ch.SLASH) {
        if (s.charCodeAt(this.pos + 1) !== Ch.GT) throw new XmlSyntaxError('expected "/>"', this.pos);
        this.pos += 2;
        return { name: localName(qname), attrs, children: [], text: '' };
      }
      if (!spaced) throw new XmlSyntaxError(Number.isNaN(c) ? 'unterminated start tag' : 'expected whitespace before an attribute', this.pos);
      const attrName = this.name();
      this.spaces();
      if (s.charCodeAt(this.pos) !== Ch.EQ) throw new XmlSyntaxError(`expected "=" after attribute ${attrName}`, this.pos);
      this.pos++;
      this.spaces();
      const quote = s.charCodeAt(this.pos);
      if (quote !== Ch.DQUOTE && quote !== Ch.SQUOTE) throw new XmlSyntaxError(`expected a quoted value for attribute ${attrName}`, this.pos);
      const end = s.indexOf(quote === Ch.DQUOTE ? '"' : "'", this.pos + 1);
      if (end < 0) throw new XmlSyntaxError('unterminated attribute value', this.pos);
      let value = s.slice(this.pos + 1, end);
      if (value.indexOf('<') >= 0) throw new XmlSyntaxError('"<" in an attribute value', this.pos);
      if (value.indexOf('&') >= 0) value = decodeXmlEntities(value, this.pos + 1);
      this.pos = end + 1;
      if (attrName === 'xmlns' || attrName.startsWith('xmlns:')) continue;
      attrs ??= {};
      const local = localName(attrName);
      if (local in attrs) throw new XmlSyntaxError(`duplicate attribute ${local}`, this.pos);
      attrs[local] = value;
    }
    const el: XmlElement = { name: localName(qname), attrs, children: [], text: '' };
    // content
    for (;;) {
      const lt = s.indexOf('<', this.pos);
      if (lt < 0) throw new XmlSyntaxError(`element ${qname} is not closed`, this.pos);
      if (lt > this.pos) {
        const raw = s.slice(this.pos, lt);
        if (raw.indexOf(']]>') >= 0) throw new XmlSyntaxError('"]]>" in text', this.pos);
        const text = raw.indexOf('&') >= 0 ? decodeXmlEntities(raw, this.pos) : raw;
        el.text = el.text === '' ? text : el.text + text;
      }
      this.pos = lt;
      const next = s.charCodeAt(lt + 1);
      if (next === Ch.SLASH) {
        this.pos += 2;
        // the usual case, `</qname>`, without slicing the name
        if (s.startsWith(qname, this.pos) && endsName(s.charCodeAt(this.pos + qname.length))) this.pos += qname.length;
        else {
          const closing = this.name();
          throw new XmlSyntaxError(`end tag </${closing}> does not match <${qname}>`, lt);
        }
        this.spaces();
        if (s.charCodeAt(this.pos) !== Ch.GT) throw new XmlSyntaxError('expected ">"', this.pos);
        this.pos++;
        return el;
      }
      if (next === Ch.BANG) {
        if (s.startsWith('<!--', lt)) this.skipComment();
        else if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end < 0) throw new XmlSyntaxError('unterminated CDATA section', lt);
          el.text += s.slice(lt + 9, end);
          this.pos = end + 3;
        } else throw new XmlSyntaxError('unexpected "<!"', lt);
      } else if (next === Ch.QUESTION) this.skipPi();
      else el.children.push(this.element(depth + 1));
    }
  }
}

/** The first child named `name`, if any. */
export function xmlChild(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}
