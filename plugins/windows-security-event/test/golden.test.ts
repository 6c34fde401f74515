import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { WindowsSecurityEventParser } from '../src/parser.js';

describeGoldenFixtures(new WindowsSecurityEventParser(), new URL('./fixtures', import.meta.url));
