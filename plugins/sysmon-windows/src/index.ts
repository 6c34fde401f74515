import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { SysmonWindowsParser } from './parser.js';

export { SysmonWindowsParser, type SysmonWindowsOptions } from './parser.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(SysmonWindowsParser).inSingletonScope();
});
