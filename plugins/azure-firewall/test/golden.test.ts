import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { AzureFirewallParser } from '../src/parser.js';

describeGoldenFixtures(new AzureFirewallParser(), new URL('./fixtures', import.meta.url));
