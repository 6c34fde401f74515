import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { CorelightParser } from './parser.js';

export { CorelightParser } from './parser.js';
export type { ZeekConnRow } from './row.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(CorelightParser).inSingletonScope();
});
