import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { AzureNsgParser } from '../src/parser.js';

describeGoldenFixtures(new AzureNsgParser(), new URL('./fixtures', import.meta.url));
