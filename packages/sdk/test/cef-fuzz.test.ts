import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CefRowDecoder,
  cefKeyColumn,
  cefTimestampMs,
  DecodedCslRow,
  epochMillisToIso,
  intValue,
  parseCef,
  parseSyslogEnvelope,
  parseSyslogEnvelopeTimed,
  RecordRejected,
  syslogTimeOptions,
  type SyslogTimeOptions,
} from '../src/index.js';

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 2000. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 2000;

const time = syslogTimeOptions({}, '2025-08-01T12:00:00.000Z');
const berlin = syslogTimeOptions({ timezone: 'Europe/Berlin' }, '2025-08-01T12:00:00.000Z');

/** Every line holding `CEF:` in the shared sample corpus (raw files, and CEF text inside JSON/CSV exports). */
function sampleCefLines(): string[] {
  const root = fileURLToPath(new URL('../../../../shared/samples', import.meta.url));
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!name.endsWith('.md')) {
        for (const line of readFileSync(p, 'utf8').split('\n')) {
          const l = line.endsWith('\r') ? line.slice(0, -1) : line;
          if (/CEF: ?[01]\|/.test(l)) out.push(l);
        }
      }
    }
  };
  walk(root);
  return out;
}

/** Documented wire shapes (spec §1 and the source specs), so mutations start from every envelope variant. */
const DOCUMENTED = [
  '<189>Jul 16 10:32:04 PA-LAB-01 CEF:0|Palo Alto Networks|PAN-OS|11.1.2|end|TRAFFIC|3|rt=1752661924 deviceExternalId=007051000054321 src=10.20.30.40 dst=203.0.113.25 spt=51544 dpt=443 proto=tcp act=allow app=HTTPS cs1Label=Rule cs1=policy-7 cs4Label=Source Zone cs4=trust cs5Label=Destination Zone cs5=untrust cn1Label=SessionID cn1=48213 cnt=1 in=61325 out=8421 PanOSPacketsReceived=58 PanOSPacketsSent=64 cs6Label=LogProfile cs6=default',
  'Dec 27 11:07:55 FGT-A-LOG CEF: 0|Fortinet|FortiGate-400E|6.0.2,build0163 (GA)|00013|traffic:forward close|3|deviceExternalId=FG4H0E5819900000 FTNTFGTlogid=0000000013 cat=traffic:forward FTNTFGTsubtype=forward src=10.1.1.1 ad.vd=root',
  'CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|Accept|Unknown|act=Accept deviceDirection=1 originsicname=CN\\=fw1,O\\=mgmt..abc src=10.0.0.1',
  'Jul 16 10:32:04 zscaler-nss-fw CEF:0|Zscaler|NSSFWlog|5.7|Allow|Allow_HTTPS|3|act=Allow suser=jdoe src=10.1.2.3 spt=51514 cs5Label=threatcat cs5=None cs5Label=ipCat cs5=Finance cs6=None cs6label=threatname',
  '<165>1 2003-10-11T22:14:15.003Z host app - ID47 [ex@32473 a="x\\]y"] CEF:1|V|P|1|id|na\\|me|Very-High|msg=a\\=b\\nc rt=May 08 2024 08:10:31 GMT',
  '<134>Jul 16 10:32:05 relay01 <189>Jul 16 10:32:04 PA-LAB-01 CEF:0|V|P|1|id|n|5|start=$cefformatted-time_generated',
];

/** Characters and fragments the scanners branch on. */
const hostile = fc
  .array(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom('CEF:', 'CEF: ', '0', '1', '|', '\\', '\\|', '\\\\', '=', '\\=', ' ', '  ', 'k=', ' a.b-c=', '<', '>', '<14>', '1 ', ':', '[', ']', '"', '-', 'Jul 16 ', '10:32:04', '2025-07-16T10:32:04Z', '\r', '\n', '\t', '$'),
      },
      { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

const SEEDS = [...sampleCefLines(), ...DOCUMENTED];

/** One edit (insert/delete/replace) at a position, possibly repeated. */
const mutatedLine = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom('|', '\\', '=', ' ', '', 'CEF:', '<', 'x=', '\\|'), fc.string({ maxLength: 3 })), fc.nat({ max: 6 })), {
      minLength: 1,
      maxLength: 5,
    }),
  )
  .map(([seed, edits]) => edits.reduce((s, [pos, insert, del]) => {
    const p = s.length === 0 ? 0 : pos % (s.length + 1);
    return s.slice(0, p) + insert + s.slice(p + del);
  }, seed));

/** Decodes and reports; any error other than RecordRejected fails the property. A decode that takes seconds is a hang (a scan gone quadratic), whatever the machine's load. */
function decodeOnly(line: string): 'ok' | 'rejected' {
  const started = performance.now();
  try {
    new CefRowDecoder(time).decodeLine(line);
    new CefRowDecoder(berlin).decodeLine(line);
    return 'ok';
  } catch (err) {
    if (err instanceof RecordRejected) return 'rejected';
    throw err;
  } finally {
    expect(performance.now() - started).toBeLessThan(5000);
  }
}

describe('CEF decoder fuzz', () => {
  it('fuzz: random text never throws anything but RecordRejected', () => {
    fc.assert(
      fc.property(hostile, (line) => {
        decodeOnly(line);
        decodeOnly(`CEF:0|${line}`);
        decodeOnly(`<14>Jul 16 10:32:04 h CEF:0|V|P|1|id|n|3|${line}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: mutated real and documented lines never throw anything but RecordRejected', () => {
    fc.assert(fc.property(mutatedLine, (line) => void decodeOnly(line)), { numRuns: RUNS });
  });

  it('fuzz: the envelope parser and the timestamp reader never throw (but for impossible header dates)', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        // an impossible header date is the one malformation the envelope reports (RecordRejected)
        for (const t of [time, berlin]) {
          try {
            const ms = { t: 0 };
            const r = parseSyslogEnvelopeTimed(text, t, ms);
            expect(r).toEqual(parseSyslogEnvelope(text, t));
            // the timestamp's ms, as the fast path reads them
            expect(ms.t).toBe(r.envelope?.timestamp === undefined ? Number.NaN : Date.parse(r.envelope.timestamp));
          } catch (err) {
            if (!(err instanceof RecordRejected) || err.reason !== 'bad-timestamp') throw err;
          }
        }
        cefTimestampMs(text, time);
        cefTimestampMs(text, berlin);
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: what an encoder escapes correctly decodes back to the same header and pairs', () => {
    const headerField = fc.string({ maxLength: 12 });
    const key = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);
    const value = fc.string({ maxLength: 20 });
    const escHeader = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
    const escValue = (s: string) => s.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    fc.assert(
      fc.property(
        fc.constantFrom('0', '1'),
        fc.array(headerField, { minLength: 6, maxLength: 6 }),
        fc.array(fc.tuple(key, value), { maxLength: 10 }),
        (version, header, pairs) => {
          // the last value loses trailing blanks by definition (§2.2)
          const expected = pairs.map(([k, v], i) => [k, i === pairs.length - 1 ? v.replace(/[ \t\r\n]+$/, '') : v] as [string, string]);
          const line = `CEF:${version}|${header.map(escHeader).join('|')}|${pairs.map(([k, v]) => `${k}=${escValue(v)}`).join(' ')}`;
          const r = parseCef(line);
          expect([r.version, r.deviceVendor, r.deviceProduct, r.deviceVersion, r.signatureId, r.name, r.severity]).toEqual([version, ...header]);
          expect(r.extension).toEqual(expected);
          expect(() => new CefRowDecoder(time).decodeLine(line)).not.toThrow();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('fuzz: one decoder over a stream of lines gives each the row a decoder of its own gives it', () => {
    // the scan expects the last line's keys (KeySequence): lines whose keys are the same, one key
    // longer, shorter or renamed, ending another key (`in` of `login`), in another order or at other
    // indices must not be misread
    const key = fc.constantFrom('src', 'srcx', 'sr', 'cs1', 'cs1Label', 'cs1Labe', 'cn1', 'in', 'login', 'n', 'out', 'externalId', 'rt', 'x', 'PanOSDGl1', 'deviceExternalId');
    const value = fc.oneof(fc.constantFrom('', '1', '-7', '99999999999', '10.0.0.1', 'a b', 'x\\=y', 'May 08 2024 08:10:31'), fc.string({ maxLength: 6 }));
    const built = fc
      .array(fc.tuple(key, value), { maxLength: 8 })
      .map((pairs) => `<14>Jul 16 10:32:04 h CEF:0|V|P|1|id|n|3|${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`);
    const outcome = (decoder: CefRowDecoder, line: string): unknown => {
      try {
        const row = decoder.decodeLine(line);
        return { keys: Object.keys(row), row };
      } catch (err) {
        if (err instanceof RecordRejected) return err.reason;
        throw err;
      }
    };
    fc.assert(
      fc.property(fc.array(fc.oneof(built, mutatedLine), { minLength: 1, maxLength: 12 }), (lines) => {
        const stream = new CefRowDecoder(time);
        for (const line of lines) expect(outcome(stream, line)).toStrictEqual(outcome(new CefRowDecoder(time), line));
      }),
      { numRuns: RUNS },
    );
  });

  it('fuzz: a row has the keys, in order, and values that a store per column in wire order gives (spec §3)', () => {
    // the decoder makes a row at its full size from its columns (RowShapes); this reference grows
    // a plain object by one store per column, as the rules read
    const key = fc.constantFrom('src', 'cs1', 'cs1Label', 'cn1', 'cn2', 'cnt', 'in', 'out', 'externalId', 'rt', 'end', 'cfp1', 'x', 'PanOSDGl1', 'act', 'dvchost');
    const value = fc.oneof(fc.constantFrom('', '1', '-7', '2147483648', '99999999999', '1.5', '.5e3', 'x1', '10.0.0.1', 'a b', 'x\\=y', 'May 08 2024 08:10:31', '1714521628000'), fc.string({ maxLength: 6 }));
    const envelope = fc.constantFrom('', '<14>Jul 16 10:32:04 h ', 'Jul 16 10:32:04 ', '<14>1 2025-07-16T10:32:04Z h a - - - ');
    const built = fc
      .tuple(envelope, fc.array(fc.tuple(key, value), { maxLength: 10 }))
      .map(([env, pairs]) => `${env}CEF:0|V|P|1|id|n|3|${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`);
    const view = (row: object) => ({ keys: Object.keys(row), values: { ...row } });
    fc.assert(
      fc.property(fc.array(fc.oneof(built, mutatedLine), { minLength: 1, maxLength: 8 }), fc.constantFrom(time, berlin), (lines, t) => {
        const decoder = new CefRowDecoder(t);
        for (const line of lines) {
          let want: unknown;
          try {
            want = view(rowByStores(line, t));
          } catch (err) {
            if (!(err instanceof RecordRejected)) throw err;
            want = err.reason;
          }
          let got: unknown;
          try {
            const row = decoder.decodeLine(line);
            expect(row).toBeInstanceOf(DecodedCslRow);
            got = view(row);
          } catch (err) {
            if (!(err instanceof RecordRejected)) throw err;
            got = err.reason;
          }
          expect(got, line).toStrictEqual(want);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('decodes every CEF line in the shared sample corpus', () => {
    const lines = sampleCefLines();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const row = new CefRowDecoder(time).decodeLine(line);
      expect(row.DeviceVendor, line).toBeTruthy();
    }
  });

  it('stays linear on pathological input (no backtracking)', () => {
    const n = 200_000;
    const cases = [
      `CEF:0|V|P|1|id|n|3|${'a='.repeat(n / 2)}`,
      `CEF:0|V|P|1|id|n|3|k=${'='.repeat(n)}`,
      `CEF:0|V|P|1|id|n|3|k=${'\\'.repeat(n)}`,
      `CEF:0|V|P|1|id|n|3|k=${'a'.repeat(n)}=`,
      `CEF:0|V|P|1|id|n|3|${'x '.repeat(n / 2)}y=1`,
      `CEF:0|${'\\|'.repeat(n / 2)}`,
      `${'<14>'.repeat(n / 4)}CEF:0|V|P|1|id|n|3|a=b`,
      `${'Jul 16 10:32:04 h '.repeat(n / 18)}CEF:0|V|P|1|id|n|3|a=b`,
      `CEF:0|V|P|1|id|n|3|${'k=v '.repeat(n / 4)}`,
    ];
    for (const line of cases) {
      const started = performance.now();
      decodeOnly(line);
      expect(performance.now() - started, line.slice(0, 40)).toBeLessThan(10_000); // linear: quadratic would take minutes
    }
  });
});

/** The CommonSecurityLog row of a CEF line by the rules of spec §3, one store per column in wire order. */
function rowByStores(line: string, t: SyslogTimeOptions): Record<string, unknown> {
  const at = line.indexOf('CEF:');
  // the codec reads the header, then the envelope, then the extension: a line wrong in two rejects for the first
  const envelopeOf = () => (at > 0 ? parseSyslogEnvelope(line.slice(0, at), t).envelope : undefined);
  let cef;
  try {
    cef = parseCef(line);
  } catch (err) {
    if (err instanceof RecordRejected && err.reason === 'cef-extension') envelopeOf();
    throw err;
  }
  const row: Record<string, unknown> = {};
  const zone = t.clock.zone;
  if (zone !== undefined && zone !== '' && zone !== 'UTC') row.__timezone = zone;
  Object.assign(row, { DeviceVendor: cef.deviceVendor, DeviceProduct: cef.deviceProduct, DeviceVersion: cef.deviceVersion, DeviceEventClassID: cef.signatureId, Activity: cef.name, LogSeverity: cef.severity });
  const env = envelopeOf();
  if (env !== undefined) {
    row.__syslog = env;
    if (env.host !== undefined) row.Computer = env.host;
    if (env.timestamp !== undefined) row.TimeGenerated = env.timestamp;
  }
  const kv: [string, string][] = [];
  const isInt32 = (n: number) => n <= 2147483647 && n >= -2147483648;
  const set = new Set<string>();
  for (const [k, v] of cef.extension) {
    const col = cefKeyColumn(k);
    if (col === undefined) {
      kv.push([k, v]);
      continue;
    }
    if (set.has(col.column)) {
      ((row.DuplicateKeys ??= []) as string[]).push(k);
      ((row.ShadowedValues ??= []) as [string, string][]).push([k, String(row[col.column])]);
    }
    let typed: unknown;
    if (col.type === 'string') typed = v;
    else if (v === '') continue;
    else if (col.type === 'int' || col.type === 'long') {
      const n = intValue(v);
      typed = Number.isNaN(n) || (col.type === 'int' && !isInt32(n)) ? undefined : n;
    } else if (col.type === 'real') {
      typed = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) && Number.isFinite(Number(v)) ? Number(v) : undefined;
    } else {
      const ms = cefTimestampMs(v, t);
      typed = ms === undefined ? undefined : epochMillisToIso(ms);
    }
    if (typed === undefined) {
      kv.push([k, v]);
      continue;
    }
    row[col.column] = typed;
    set.add(col.column);
    if (col.also !== undefined && isInt32(col.type === 'string' ? intValue(v) : (typed as number))) row[col.also] = col.type === 'string' ? intValue(v) : typed;
  }
  if (kv.length > 0) {
    row.AdditionalExtensions = kv.map(([k, v]) => `${k}=${v}`).join(';');
    row.AdditionalExtensionsKV = kv;
  }
  row.Type = 'CommonSecurityLog';
  return row;
}
