// Deterministic generators of synthetic but realistic input, one module per source under
// generators/ (case name → { source: plugin id, write(path, n) }). Same seed and size → byte-identical file.
import { GENERATORS as awsVpcFlow } from './generators/aws-vpc-flow.mjs';
import { GENERATORS as paloAltoCef } from './generators/palo-alto-cef.mjs';
import { GENERATORS as fortinetFortigate } from './generators/fortinet-fortigate.mjs';
import { GENERATORS as microsoftDefender } from './generators/microsoft-defender.mjs';
import { GENERATORS as vmConnection } from './generators/vm-connection.mjs';

export { rng } from './generators/common.mjs';

export const GENERATORS = { ...awsVpcFlow, ...paloAltoCef, ...fortinetFortigate, ...microsoftDefender, ...vmConnection };
