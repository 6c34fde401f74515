/**
 * The golden-file suite as vitest tests, so a plugin's golden test is one call:
 *   describeGoldenFixtures(new MyParser(), new URL('./fixtures', import.meta.url));
 * For each fixture: the outcomes equal `<case>.expected.jsonl`, and every record it yields is
 * valid ASIM 0.2.4 (no error from the schema's validator).
 */
import { fileURLToPath } from 'node:url';
import { validateNetworkSession } from '@asimkit/schema';
import { describe, expect, it } from 'vitest';
import type { SourceParser } from '../parser.js';
import { checkGolden, goldenCases, runParserOnFile } from './index.js';

export function describeGoldenFixtures(parser: SourceParser<unknown, unknown>, fixtures: URL | string): void {
  const dir = typeof fixtures === 'string' ? fixtures : fileURLToPath(fixtures);
  describe(`${parser.id} golden fixtures`, () => {
    for (const c of goldenCases(dir)) {
      it(c.name, () => checkGolden(parser, c));
      it(`${c.name}: every record is valid ASIM 0.2.4`, () => {
        for (const outcome of runParserOnFile(parser, c.inputPath, c.options)) {
          if ('_skipped' in outcome || '_rejected' in outcome) continue;
          const errors = validateNetworkSession(outcome).filter((v) => v.severity === 'error');
          expect(errors, JSON.stringify(outcome)).toEqual([]);
        }
      });
    }
  });
}
