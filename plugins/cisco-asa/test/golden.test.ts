import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { CiscoAsaParser } from '../src/parser.js';

describeGoldenFixtures(new CiscoAsaParser(), new URL('./fixtures', import.meta.url));
