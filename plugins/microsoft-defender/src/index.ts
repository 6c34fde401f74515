import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { MicrosoftDefenderParser } from './parser.js';

export { MicrosoftDefenderParser } from './parser.js';
export type { DefenderRow } from './row.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(MicrosoftDefenderParser).inSingletonScope();
});
