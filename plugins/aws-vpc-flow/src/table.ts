import { RecordRejected, tableDatetime, tableInt, tableString, type TableRow } from '@asimkit/sdk';
import type { AwsVpcFlowRow } from './row.js';

const STRING_COLUMNS = [
  'AccountId', 'InterfaceId', 'SrcAddr', 'DstAddr', 'Action', 'LogStatus', 'VpcId', 'SubnetId', 'InstanceId', 'TrafficType',
  'PktSrcAddr', 'PktDstAddr', 'Region', 'AzId', 'SublocationType', 'SublocationId', 'PktSrcAwsService', 'PktDstAwsService',
  'FlowDirection', 'TrafficPath', 'EcsClusterArn', 'EcsClusterName', 'EcsContainerInstanceArn', 'EcsContainerInstanceId',
  'EcsContainerId', 'EcsSecondContainerId', 'EcsServiceName', 'EcsTaskDefinitionArn', 'EcsTaskArn', 'EcsTaskId', 'Type', '_ResourceId',
] as const;
const INT_COLUMNS = ['Version', 'SrcPort', 'DstPort', 'Protocol', 'Packets', 'Bytes', 'TcpFlags'] as const;

/**
 * An exported AWSVPCFlow row (CSV cells are strings, JSON values typed) → AwsVpcFlowRow.
 * A literal `-` that survived ingestion counts as empty, like on the raw path.
 */
export function fromTable(t: TableRow): AwsVpcFlowRow {
  const row: AwsVpcFlowRow = {};
  const r = row as Record<string, unknown>;
  for (const c of STRING_COLUMNS) {
    const v = tableString(t[c]);
    if (v !== undefined && v !== '-') r[c] = v;
  }
  for (const c of INT_COLUMNS) {
    const v = t[c] === '-' ? undefined : tableInt(t[c]);
    if (Number.isNaN(v)) throw new RecordRejected('bad-value', `${c} "${String(t[c])}" is not an integer`);
    if (v !== undefined) r[c] = v;
  }
  for (const c of ['TimeGenerated', 'End'] as const) {
    const v = tableDatetime(t[c]);
    if (v === 'Invalid Date') throw new RecordRejected('bad-value', `${c} "${String(t[c])}" is not a datetime`);
    if (v !== undefined) row[c] = v;
  }
  if (row.TimeGenerated === undefined) throw new RecordRejected('no-time', 'the row has no TimeGenerated');
  return row;
}
