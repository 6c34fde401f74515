import { SOURCE_PARSER } from '@asimkit/sdk';
import { ContainerModule } from 'inversify';
import { AwsVpcFlowParser } from './parser.js';

export { AwsVpcFlowParser } from './parser.js';
export type { AwsVpcFlowRow } from './row.js';

export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(AwsVpcFlowParser).inSingletonScope();
});
