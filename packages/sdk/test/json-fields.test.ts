import { describe, expect, it } from 'vitest';
import { fieldAt, intField, isoTimeField, isoTimeMs, jsonField, numberField, RecordRejected, stringField } from '../src/index.js';

describe('json-fields', () => {
  it('reads typed JSON and CSV text alike; absent is undefined', () => {
    const row = { a: 443, b: '443', c: '', d: null, s: 'x', n: '-1.5e2', t: true };
    expect(intField(row, 'a')).toBe(443);
    expect(intField(row, 'b')).toBe(443);
    expect(intField(row, 'c')).toBeUndefined();
    expect(intField(row, 'd')).toBeUndefined();
    expect(intField(row, 'missing')).toBeUndefined();
    expect(numberField(row, 'n')).toBe(-150);
    expect(stringField(row, 'a')).toBe('443');
    expect(stringField(row, 't')).toBe('true');
    expect(stringField(row, 'c')).toBeUndefined();
  });

  it('rejects a value of the wrong kind or out of range, naming the column and the value', () => {
    expect(() => intField({ p: '80/tcp' }, 'p')).toThrow(RecordRejected);
    expect(() => intField({ p: 1.5 }, 'p')).toThrow(/p 1.5 is not an integer/);
    expect(() => intField({ p: 70000 }, 'p', 0, 65535)).toThrow(/p 70000 is not an integer in 0..65535/);
    expect(() => intField({ p: '99999999999999999999' }, 'p')).toThrow(RecordRejected);
    expect(() => numberField({ x: 'north' }, 'x')).toThrow(RecordRejected);
    expect(() => stringField({ o: { a: 1 } }, 'o')).toThrow(RecordRejected);
  });

  it('ISO-8601 times: any fraction, offsets, no zone = UTC; impossible or non-ISO text is rejected', () => {
    expect(isoTimeMs('2023-07-19T12:17:42.7782364Z')).toBe(Date.UTC(2023, 6, 19, 12, 17, 42, 778));
    expect(isoTimeMs('2023-07-19 12:17:42')).toBe(Date.UTC(2023, 6, 19, 12, 17, 42));
    expect(isoTimeMs('2023-07-19T14:17:42+02:00')).toBe(Date.UTC(2023, 6, 19, 12, 17, 42));
    expect(isoTimeMs('2023-07-19T07:17:42-0500')).toBe(Date.UTC(2023, 6, 19, 12, 17, 42));
    expect(isoTimeMs('2023-02-29T00:00:00Z')).toBeUndefined();
    expect(isoTimeMs('2023-07-19T24:00:00Z')).toBeUndefined();
    expect(isoTimeMs('July 19, 2023')).toBeUndefined();
    expect(isoTimeField({ t: undefined }, 't')).toBeUndefined();
    expect(() => isoTimeField({ t: 'July 19, 2023' }, 't')).toThrow(/t "July 19, 2023" is not an ISO-8601 datetime/);
    expect(() => isoTimeField({ t: 1689769062778 }, 't')).toThrow(RecordRejected);
  });

  it('JSON text columns parse; other text and broken JSON come back as they are', () => {
    expect(jsonField({ a: '{"direction":"In"}' }, 'a')).toEqual({ direction: 'In' });
    expect(jsonField({ a: '["x.example"]' }, 'a')).toEqual(['x.example']);
    expect(jsonField({ a: { k: 1 } }, 'a')).toEqual({ k: 1 });
    expect(jsonField({ a: '{"broken' }, 'a')).toBe('{"broken');
    expect(jsonField({ a: 'plain' }, 'a')).toBe('plain');
    expect(jsonField({ a: '' }, 'a')).toBeUndefined();
  });

  it('fieldAt follows dotted paths and stops at anything that is not an object', () => {
    const rec = { properties: { Timestamp: 't', list: [1] } };
    expect(fieldAt(rec, 'properties.Timestamp')).toBe('t');
    expect(fieldAt(rec, 'properties.list.0')).toBeUndefined();
    expect(fieldAt(rec, 'nothing.here')).toBeUndefined();
  });
});
