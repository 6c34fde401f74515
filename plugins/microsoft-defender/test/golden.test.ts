import { fileURLToPath } from 'node:url';
import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { MicrosoftDefenderParser } from '../src/parser.js';

describeGoldenFixtures(new MicrosoftDefenderParser(), fileURLToPath(new URL('./fixtures', import.meta.url)));
