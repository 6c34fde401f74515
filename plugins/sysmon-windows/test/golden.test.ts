import { describeGoldenFixtures } from '@asimkit/sdk/testkit/vitest';
import { SysmonWindowsParser } from '../src/parser.js';

describeGoldenFixtures(new SysmonWindowsParser(), new URL('./fixtures', import.meta.url));
