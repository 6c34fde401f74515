import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { SysmonLinuxParser } from '../src/parser.js';

describeGoldenFixtures(new SysmonLinuxParser(), new URL('./fixtures', import.meta.url));
