import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { AzureFirewallParser } from './parser.js';

export { AzureFirewallParser, type AzureFirewallOptions } from './parser.js';
export { parseFirewallMessage, type FirewallMessage } from './message.js';
export type { AzureFirewallRow } from './row.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(AzureFirewallParser).inSingletonScope();
});
