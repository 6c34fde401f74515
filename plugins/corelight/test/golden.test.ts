import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { CorelightParser } from '../src/parser.js';

describeGoldenFixtures(new CorelightParser(), new URL('./fixtures', import.meta.url));
