import { intField, isoTimeField, jsonField, RecordRejected, stringField, type JsonObject } from '@asimkit/sdk';

/**
 * One DeviceNetworkEvents event, typed: the advanced-hunting columns (spec §3) that the mapping
 * reads, whichever form it came in (streaming-API `properties`, an advanced-hunting export row, a
 * Sentinel table row).
 */
export interface DefenderRow {
  /** Event time on the endpoint (epoch ms): `Timestamp`, else the table's `TimeGenerated`. */
  timeMs?: number;
  /** Where timeMs came from when it is not the device's own `Timestamp`. */
  timeSource?: string;
  ActionType: string;
  ReportId?: string;
  DeviceId?: string;
  DeviceName?: string;
  LocalIP?: string;
  RemoteIP?: string;
  LocalPort?: number;
  RemotePort?: number;
  Protocol?: string;
  RemoteUrl?: string;
  InitiatingProcessAccountDomain?: string;
  InitiatingProcessAccountName?: string;
  InitiatingProcessAccountSid?: string;
  InitiatingProcessId?: number;
  InitiatingProcessFileName?: string;
  /** Process columns with no ASIM NetworkSession field, carried in AdditionalFields. */
  extra: Record<string, unknown>;
  /** Defender's own AdditionalFields (parsed when it is JSON text). */
  additionalFields?: unknown;
}

/** Columns with no ASIM field that are worth keeping (AdditionalFields, under their Defender names). */
const EXTRA_COLUMNS = [
  'InitiatingProcessCommandLine', 'InitiatingProcessFolderPath', 'InitiatingProcessCreationTime',
  'InitiatingProcessIntegrityLevel', 'InitiatingProcessTokenElevation', 'InitiatingProcessSHA256',
  'InitiatingProcessSHA1', 'InitiatingProcessMD5', 'InitiatingProcessParentId', 'InitiatingProcessParentFileName',
  'InitiatingProcessParentCreationTime', 'InitiatingProcessAccountUpn', 'InitiatingProcessAccountObjectId',
  'LocalIPType', 'RemoteIPType', 'MachineGroup', 'AppGuardContainerId',
] as const;

const PORT_MAX = 65535;

/**
 * The typed row from advanced-hunting columns. `envelopeTime` is a streaming record's `time`
 * (when Defender received it): used only when the event has no time of its own, and said so.
 */
export function rowFromColumns(c: JsonObject, envelopeTime?: unknown): DefenderRow {
  const actionType = stringField(c, 'ActionType');
  if (actionType === undefined) throw new RecordRejected('no-action-type', 'the event has no ActionType');
  const row: DefenderRow = { ActionType: actionType, extra: {} };
  row.timeMs = isoTimeField(c, 'Timestamp');
  if (row.timeMs === undefined) {
    row.timeMs = isoTimeField(c, 'TimeGenerated');
    if (row.timeMs !== undefined) row.timeSource = 'TimeGenerated (the row has no Timestamp)';
    else if (envelopeTime !== undefined && envelopeTime !== null && envelopeTime !== '') {
      row.timeMs = isoTimeField({ time: envelopeTime }, 'time');
      row.timeSource = 'streaming record time (when Defender received the event; it has no Timestamp)';
    }
  }
  row.ReportId = stringField(c, 'ReportId');
  row.DeviceId = stringField(c, 'DeviceId');
  row.DeviceName = stringField(c, 'DeviceName');
  row.LocalIP = stringField(c, 'LocalIP');
  row.RemoteIP = stringField(c, 'RemoteIP');
  row.LocalPort = intField(c, 'LocalPort', 0, PORT_MAX);
  row.RemotePort = intField(c, 'RemotePort', 0, PORT_MAX);
  row.Protocol = stringField(c, 'Protocol');
  row.RemoteUrl = stringField(c, 'RemoteUrl');
  row.InitiatingProcessAccountDomain = stringField(c, 'InitiatingProcessAccountDomain');
  row.InitiatingProcessAccountName = stringField(c, 'InitiatingProcessAccountName');
  row.InitiatingProcessAccountSid = stringField(c, 'InitiatingProcessAccountSid');
  row.InitiatingProcessId = intField(c, 'InitiatingProcessId', 0);
  row.InitiatingProcessFileName = stringField(c, 'InitiatingProcessFileName');
  for (const column of EXTRA_COLUMNS) {
    const v = c[column];
    if (v !== undefined && v !== null && v !== '' && !(v === 0 && column === 'InitiatingProcessParentId')) row.extra[column] = v;
  }
  const additional = jsonField(c, 'AdditionalFields');
  if (additional !== undefined) row.additionalFields = additional;
  return row;
}
