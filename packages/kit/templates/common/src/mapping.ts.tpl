import { defineSession, eventResultFor, eventSeverityFor, type IanaProtocolKeyword, type NetworkSession } from '@asimkit/schema';
import { finishSession, sessionTime, setIf, skip, type Skip } from '@asimkit/sdk';
import type { __Pascal__Row } from './row.js';

/** Device action → DvcAction (R8); the raw value is kept in DvcOriginalAction. */
const DVC_ACTION = { allow: 'Allow', deny: 'Deny', drop: 'Drop', reset: 'Reset' } as const satisfies Record<string, NetworkSession['DvcAction']>;

/** Device protocol → IANA keyword (R9): the compiler rejects anything that is not one. */
const PROTOCOL = { tcp: 'TCP', udp: 'UDP', icmp: 'ICMP' } as const satisfies Record<string, IanaProtocolKeyword>;

const lookup = <T extends object>(table: T, key: string): T[keyof T] | undefined =>
  Object.hasOwn(table, key.toLowerCase()) ? table[key.toLowerCase() as keyof T] : undefined;

/** Maps one __VENDOR__ __PRODUCT__ row to ASIM NetworkSession 0.2.4. See the README's mapping table. */
export function map__Pascal__(row: __Pascal__Row, type: string, receivedAt: string): NetworkSession | Skip {
  if (row.Kind !== 'traffic') return skip('not a traffic record');
  const additional: Record<string, unknown> = {};
  // the record's own time, else the table's, else the receive time (and AdditionalFields says so)
  const own = row.EventTime === undefined ? undefined : Date.parse(row.EventTime);
  const time = sessionTime(own, row.TimeGenerated, receivedAt, additional);
  const action = lookup(DVC_ACTION, row.Action);
  const rec = defineSession({
    TimeGenerated: time.iso,
    Type: type,
    EventCount: 1,
    EventStartTime: time.iso,
    EventEndTime: time.iso,
    EventType: 'NetworkSession',
    EventResult: eventResultFor(action),
    EventSeverity: eventSeverityFor(action),
    EventVendor: '__VENDOR__',
    EventProduct: '__PRODUCT__',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    Dvc: row.Device,
    DvcHostname: row.Device,
    DvcOriginalAction: row.Action,
  });
  setIf(rec, 'NetworkProtocol', lookup(PROTOCOL, row.Protocol));
  setIf(rec, 'DvcAction', action);
  setIf(rec, 'SrcIpAddr', row.SrcIp);
  setIf(rec, 'SrcPortNumber', row.SrcPort);
  setIf(rec, 'DstIpAddr', row.DstIp);
  setIf(rec, 'DstPortNumber', row.DstPort);
  setIf(rec, 'SrcBytes', row.SentBytes);
  setIf(rec, 'DstBytes', row.ReceivedBytes);
  if (row.SentBytes !== undefined && row.ReceivedBytes !== undefined) rec.NetworkBytes = row.SentBytes + row.ReceivedBytes;
  if (rec.NetworkProtocol === undefined) additional.OriginalProtocol = row.Protocol;
  return finishSession(rec, additional);
}
