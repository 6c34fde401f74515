import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { FortiGateParser } from '../src/parser.js';

describeGoldenFixtures(new FortiGateParser(), new URL('./fixtures', import.meta.url));
