import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { PaloAltoCefParser } from './parser.js';

export { PaloAltoCefParser, type PaloAltoOptions } from './parser.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(PaloAltoCefParser).inSingletonScope();
});
