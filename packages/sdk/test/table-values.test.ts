import { describe, expect, it } from 'vitest';
import { cellText, tableDatetime, tableInt, tableString } from '../src/index.js';

/** A JSON export can hold any JSON value in a cell; `{"toString": 0}` is one String() cannot convert. */
const ODD = { toString: 0 };

describe('table-form values of any JSON shape', () => {
  it('cellText: strings as they are, numbers and booleans as written, objects and arrays as their JSON', () => {
    expect(cellText('a b')).toBe('a b');
    expect(cellText(443)).toBe('443');
    expect(cellText(false)).toBe('false');
    expect(cellText(null)).toBe('');
    expect(cellText(ODD)).toBe('{"toString":0}');
    expect(cellText([1, 'x'])).toBe('[1,"x"]');
  });

  it('tableString, tableInt and tableDatetime never throw on an object cell, and never invent "[object Object]"', () => {
    expect(tableString(ODD)).toBe('{"toString":0}');
    expect(tableString({ a: 1 })).toBe('{"a":1}');
    expect(tableInt(ODD)).toBeNaN();
    expect(tableInt(' 1,024 ')).toBe(1024);
    expect(tableDatetime(ODD)).toBe('Invalid Date');
    expect(tableDatetime('2024-05-01T00:00:00Z')).toBe('2024-05-01T00:00:00.000Z');
  });
});
