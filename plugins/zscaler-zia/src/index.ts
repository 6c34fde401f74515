import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { ZscalerZiaParser } from './parser.js';

export { ZscalerZiaParser, type ZscalerZiaOptions } from './parser.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(ZscalerZiaParser).inSingletonScope();
});
