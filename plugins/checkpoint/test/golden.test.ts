import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { CheckPointParser } from '../src/parser.js';

describeGoldenFixtures(new CheckPointParser(), new URL('./fixtures', import.meta.url));
