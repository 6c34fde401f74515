import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { VectraStreamParser } from '../src/parser.js';

describeGoldenFixtures(new VectraStreamParser(), new URL('./fixtures', import.meta.url));
