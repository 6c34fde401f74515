import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { WindowsSecurityEventParser } from './parser.js';

export { WindowsSecurityEventParser, type WindowsSecurityEventOptions } from './parser.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(WindowsSecurityEventParser).inSingletonScope();
});
