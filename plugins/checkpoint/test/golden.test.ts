import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateNetworkSession } from '@asimkit/schema';
import { checkGolden, goldenCases, runParserOnFile } from '@asimkit/sdk/testkit';
import { CheckPointParser } from '../src/parser.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const parser = new CheckPointParser();

describe('checkpoint golden fixtures', () => {
  for (const c of goldenCases(fixtures)) {
    it(c.name, () => checkGolden(parser, c));

    it(`${c.name}: every record is valid ASIM 0.2.4`, () => {
      for (const outcome of runParserOnFile(parser, c.inputPath, c.options)) {
        if ('_skipped' in outcome || '_rejected' in outcome) continue;
        expect(validateNetworkSession(outcome).filter((v) => v.severity === 'error')).toEqual([]);
      }
    });
  }
});
