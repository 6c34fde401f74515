import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { AwsVpcFlowParser } from './parser.js';

export { AwsVpcFlowParser } from './parser.js';
export type { AwsVpcFlowRow } from './row.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(AwsVpcFlowParser).inSingletonScope();
});
