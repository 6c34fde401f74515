import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { FortiGateParser } from './parser.js';

export { FortiGateParser, type FortiGateOptions } from './parser.js';
export { FortiGateNativeDecoder } from './native-decoder.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(FortiGateParser).inSingletonScope();
});
