// Runs under vitest (in the asimkit monorepo, or with vitest installed); `asim plugin test` runs
// the same fixtures, and more checks, without it.
import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { __Pascal__Parser } from '../src/parser.js';

describeGoldenFixtures(new __Pascal__Parser(), new URL('./fixtures', import.meta.url));
