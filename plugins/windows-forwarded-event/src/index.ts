import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { WindowsForwardedEventParser } from './parser.js';

export { WindowsForwardedEventParser, type WindowsForwardedEventOptions } from './parser.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(WindowsForwardedEventParser).inSingletonScope();
});
