import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { VmConnectionParser } from './parser.js';

export { VmConnectionParser } from './parser.js';
export type { VmConnectionRow } from './row.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(VmConnectionParser).inSingletonScope();
});
