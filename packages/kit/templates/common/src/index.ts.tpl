import { ContainerModule, SOURCE_PARSER } from '@asimkit/sdk';
import { __Pascal__Parser } from './parser.js';

/** The whole registration: asim loads this module and asks it for the parser. */
export default new ContainerModule(({ bind }) => {
  bind(SOURCE_PARSER).to(__Pascal__Parser).inSingletonScope();
});

export { __Pascal__Parser };
