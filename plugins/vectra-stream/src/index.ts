import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { VectraStreamParser } from './parser.js';

export { VectraStreamParser } from './parser.js';
export type { VectraSessionRow } from './row.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(VectraStreamParser).inSingletonScope();
});
