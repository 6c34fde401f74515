import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { CiscoAsaParser } from './parser.js';

export { CiscoAsaParser, type CiscoAsaOptions } from './parser.js';
export { AsaSyslogDecoder, findTag, isAsaLine } from './syslog-decoder.js';
export { parseMessage, type AsaMessage } from './message.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(CiscoAsaParser).inSingletonScope();
});
