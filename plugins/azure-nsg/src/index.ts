import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { AzureNsgParser } from './parser.js';

export { AzureNsgParser } from './parser.js';
export type { AzureNsgRow } from './row.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(AzureNsgParser).inSingletonScope();
});
