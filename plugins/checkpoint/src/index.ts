import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { CheckPointParser } from './parser.js';

export { CheckPointParser, type CheckPointOptions } from './parser.js';
export { CheckPointNativeDecoder } from './native-decoder.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(CheckPointParser).inSingletonScope();
});
