import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { WindowsForwardedEventParser } from '../src/parser.js';

describeGoldenFixtures(new WindowsForwardedEventParser(), new URL('./fixtures', import.meta.url));
