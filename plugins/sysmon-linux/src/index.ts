import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { SysmonLinuxParser } from './parser.js';

export { SysmonLinuxParser, type SysmonLinuxOptions } from './parser.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(SysmonLinuxParser).inSingletonScope();
});
