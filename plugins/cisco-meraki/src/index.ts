import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { CiscoMerakiParser } from './parser.js';

export { CiscoMerakiParser, type MerakiOptions } from './parser.js';
export { merakiHeader, type MerakiHeader } from './header.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(CiscoMerakiParser).inSingletonScope();
});
