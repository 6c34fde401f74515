import { FIELDS, type FieldSpec } from '@asimkit/schema';

/** The DCR streams `--sink sentinel` writes to by default, and the tables they flow into. */
export const SENTINEL_STREAMS = {
  records: { stream: 'Custom-ASimNetworkSessionLogs', output: 'Microsoft-ASimNetworkSessionLogs' },
  summary: { stream: 'Custom-NetworkCustomAnalytics_protocol_CL', output: 'Custom-NetworkCustomAnalytics_protocol_CL' },
} as const;

/** The columns of `NetworkCustomAnalytics_protocol_CL` as `summarize --sink sentinel` uploads them (no `Type`: the service sets it). */
export const SUMMARY_TABLE_COLUMNS: readonly DcrColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'EventTime_t', type: 'datetime' },
  { name: 'NetworkProtocol_s', type: 'string' },
  { name: 'DstPortNumber_d', type: 'real' },
  { name: 'DstAppName_s', type: 'string' },
  { name: 'NetworkDirection_s', type: 'string' },
  { name: 'DvcAction_s', type: 'string' },
  { name: 'count__d', type: 'real' },
];

export interface DcrColumn {
  readonly name: string;
  readonly type: 'string' | 'int' | 'long' | 'real' | 'boolean' | 'datetime' | 'dynamic';
}

const DCR_TYPE: Record<FieldSpec['type'], DcrColumn['type']> = { string: 'string', int: 'int', long: 'long', real: 'real', bool: 'boolean', datetime: 'datetime', dynamic: 'dynamic' };

/** Every ASIM NetworkSession 0.2.4 field a record may carry (System columns the service sets left out). */
export function asimStreamColumns(): DcrColumn[] {
  return FIELDS.filter((f) => !f.pattern && f.class !== 'System').map((f) => ({ name: f.name, type: DCR_TYPE[f.type] }));
}

/**
 * The `properties` of a data collection rule (kind Direct) that accepts both uploads: ASIM
 * records into `ASimNetworkSessionLogs`, summary rows into `NetworkCustomAnalytics_protocol_CL`.
 */
export function sentinelDcrProperties(workspaceResourceId: string): Record<string, unknown> {
  const { records, summary } = SENTINEL_STREAMS;
  const columns = [{ name: 'TimeGenerated', type: 'datetime' }, ...asimStreamColumns()];
  return {
    streamDeclarations: {
      [records.stream]: { columns },
      [summary.stream]: { columns: SUMMARY_TABLE_COLUMNS },
    },
    destinations: { logAnalytics: [{ name: 'workspace', workspaceResourceId }] },
    dataFlows: [
      { streams: [records.stream], destinations: ['workspace'], transformKql: 'source', outputStream: records.output },
      { streams: [summary.stream], destinations: ['workspace'], transformKql: 'source', outputStream: summary.output },
    ],
  };
}
