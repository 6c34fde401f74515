#!/usr/bin/env node
// Prints a data collection rule for `asim normalize|summarize --sink sentinel`: the two stream
// declarations (every ASIM 0.2.4 field; the summary-row columns) and their flows into
// ASimNetworkSessionLogs and NetworkCustomAnalytics_protocol_CL. Usage (after `pnpm build`):
//   node scripts/sentinel-dcr.mjs WORKSPACE_RESOURCE_ID [LOCATION] [DCE_RESOURCE_ID] > dcr.json
import { sentinelDcrProperties } from '../packages/core/dist/index.js';

const [workspace, location = 'eastus', endpoint] = process.argv.slice(2);
if (!workspace || !workspace.startsWith('/subscriptions/')) {
  process.stderr.write('usage: node scripts/sentinel-dcr.mjs /subscriptions/…/workspaces/NAME [LOCATION] [DCE_RESOURCE_ID] > dcr.json\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify({ location, kind: 'Direct', properties: { ...(endpoint ? { dataCollectionEndpointId: endpoint } : {}), ...sentinelDcrProperties(workspace) } }, null, 2) + '\n');
