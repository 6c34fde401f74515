// Deterministic generators of synthetic but realistic input, one module per source under
// generators/ (case name → { source: plugin id, write(path, n) }). Same seed and size → byte-identical file.
import { GENERATORS as awsVpcFlow } from './generators/aws-vpc-flow.mjs';
import { GENERATORS as paloAltoCef } from './generators/palo-alto-cef.mjs';
import { GENERATORS as fortinetFortigate } from './generators/fortinet-fortigate.mjs';
import { GENERATORS as ciscoMeraki } from './generators/cisco-meraki.mjs';
import { GENERATORS as ciscoAsa } from './generators/cisco-asa.mjs';
import { GENERATORS as azureFirewall } from './generators/azure-firewall.mjs';
import { GENERATORS as corelight } from './generators/corelight.mjs';
import { GENERATORS as vectraStream } from './generators/vectra-stream.mjs';
import { GENERATORS as azureNsg } from './generators/azure-nsg.mjs';
import { GENERATORS as windowsSecurityEvent } from './generators/windows-security-event.mjs';
import { GENERATORS as windowsForwardedEvent } from './generators/windows-forwarded-event.mjs';
import { GENERATORS as sysmonLinux } from './generators/sysmon-linux.mjs';
import { GENERATORS as sysmonWindows } from './generators/sysmon-windows.mjs';
import { GENERATORS as microsoftDefender } from './generators/microsoft-defender.mjs';
import { GENERATORS as vmConnection } from './generators/vm-connection.mjs';
import { GENERATORS as zscalerZia } from './generators/zscaler-zia.mjs';
import { GENERATORS as checkpoint } from './generators/checkpoint.mjs';
import { GENERATORS as cells } from './generators/cells.mjs';

export { rng } from './generators/common.mjs';

export const GENERATORS = {
  ...awsVpcFlow,
  ...paloAltoCef,
  ...fortinetFortigate,
  ...ciscoMeraki,
  ...ciscoAsa,
  ...azureFirewall,
  ...corelight,
  ...vectraStream,
  ...azureNsg,
  ...windowsSecurityEvent,
  ...windowsForwardedEvent,
  ...sysmonLinux,
  ...sysmonWindows,
  ...microsoftDefender,
  ...vmConnection,
  ...zscalerZia,
  ...checkpoint,
  ...cells,
};
