import { fileURLToPath } from 'node:url';
import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { VmConnectionParser } from '../src/parser.js';

describeGoldenFixtures(new VmConnectionParser(), fileURLToPath(new URL('./fixtures', import.meta.url)));
