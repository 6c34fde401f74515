import { isIP } from 'node:net';
import { isPlainIPv4 } from '@asimkit/schema';
import type { EpochIsoCache } from '@asimkit/sdk';
import type { FormatField } from './format.js';
import { VPC_ENUMS, type AwsVpcFlowRow } from './row.js';
import { compiled } from './compiled.js';

/**
 * The common line of one field order, read without splitting it: tokens separated by single
 * spaces, numbers of plain digits, plain IPv4 addresses (or what `isIP` takes), an enum's words.
 * Returns undefined for anything else (an error, a header, another spacing, `1e3` as a number),
 * which the decoder then reads token by token; so it never throws, and a rejected line gets the
 * full path's reason.
 */
export type PlainDecoder = (text: string) => AwsVpcFlowRow | undefined;

export type RowValue = string | number | undefined;
/** Builds a row of a field order from its tokens' values by position. */
export type RowBuilder = (values: readonly RowValue[]) => AwsVpcFlowRow;

/** The last second a JavaScript Date can hold (±8.64e15 ms). */
export const MAX_DATE_SECONDS = 8.64e12;
export const MAX_INT32 = 2147483647;
/** Longer digit runs may not be safe integers: Number(token) is exact up to 15 digits. */
export const MAX_DIGITS = 15;
const DASH = 45;
const ZERO = 48;

/**
 * Compiled for the field order: each position's checks written out in order (one `indexOf` per
 * token, no dispatch on its kind), and the row built as the object literal of `rowLiteral` when
 * the order names no column twice (else by `build`).
 */
export function compilePlainDecoder(fields: readonly FormatField[], build: RowBuilder, rowLiteral: string | undefined, times: EpochIsoCache): PlainDecoder {
  const last = fields.length - 1;
  const body = fields.map((field, i) => {
    const bounds =
      i === last
        ? `  if (text.indexOf(' ', start) !== -1) return undefined;\n  end = text.length;`
        : `  end = text.indexOf(' ', start);\n  if (end === -1) return undefined;`;
    return `${bounds}
  if (end === start) return undefined;
  if (end - start === 1 && text.charCodeAt(start) === ${DASH}) v${i} = undefined;
  else {
${valueCode(field, `v${i}`)}
  }
  start = end + 1;`;
  });
  const values = fields.map((_, i) => `v${i}`).join(', ');
  const source = `return function decodePlain(text) {
  let start = 0, end = 0, n = 0, d = 0;
  let ${values};
${body.join('\n')}
  return ${rowLiteral ?? `h.build([${values}])`};
};`;
  return compiled<(h: unknown) => PlainDecoder>('h', source)({ build, times, isIP, isPlainIPv4 });
}

/** The statements that set `v` from the token text[start, end), or return undefined. */
function valueCode(field: FormatField, v: string): string {
  switch (field.kind) {
    case 'int':
    case 'long':
    case 'epoch': {
      const digits = `    if (end - start > ${MAX_DIGITS}) return undefined;
    n = 0;
    for (let j = start; j < end; j++) {
      d = text.charCodeAt(j) - ${ZERO};
      if (d < 0 || d > 9) return undefined;
      n = n * 10 + d;
    }`;
      if (field.kind === 'epoch') return `${digits}\n    if (n > ${MAX_DATE_SECONDS}) return undefined;\n    ${v} = h.times.iso(n);`;
      if (field.kind === 'int') return `${digits}\n    if (n > ${MAX_INT32}) return undefined;\n    ${v} = n;`;
      return `${digits}\n    ${v} = n;`;
    }
    case 'ip':
      return `    ${v} = text.slice(start, end);\n    if (!h.isPlainIPv4(${v}) && h.isIP(${v}) === 0) return undefined;`;
    case 'string':
      return `    ${v} = text.slice(start, end);`;
    default: {
      // an enum: one of its words, as the shared constant
      const words = (VPC_ENUMS as Partial<Record<string, readonly string[]>>)[field.kind]!;
      const tests = words.map((w) => `if (end - start === ${w.length} && text.startsWith(${JSON.stringify(w)}, start)) ${v} = ${JSON.stringify(w)};`);
      return `    ${tests.join('\n    else ')}\n    else return undefined;`;
    }
  }
}
