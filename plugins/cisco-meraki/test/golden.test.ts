import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { CiscoMerakiParser } from '../src/parser.js';

describeGoldenFixtures(new CiscoMerakiParser(), new URL('./fixtures', import.meta.url));
