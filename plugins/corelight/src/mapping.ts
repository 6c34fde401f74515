import { eventResultFor, eventSeverityFor, ianaProtocolName, type NetworkSession } from '@asimkit/schema';
import { finishSession, localFlagsDirection, RecordRejected, sessionTime, setDvcFromName, setIf, zeekConnStateResult } from '@asimkit/sdk';
import { MAX_EPOCH_SECONDS } from './fields.js';
import type { ZeekConnRow } from './row.js';

const TRANSPORT = { tcp: 'TCP', udp: 'UDP' } as const;

/** Zeek's transport → IANA keyword; ICMP over IPv6 is `IPv6-ICMP`; `unknown_transport` by `ip_proto`. */
export function networkProtocol(row: ZeekConnRow): string | undefined {
  const proto = row.proto;
  if (proto === 'tcp' || proto === 'udp') return TRANSPORT[proto];
  if (proto === 'icmp') return isIcmp6(row) ? 'IPv6-ICMP' : 'ICMP';
  if (row.ip_proto !== undefined) return ianaProtocolName(row.ip_proto) ?? 'Unassigned';
  return undefined;
}

function isIcmp6(row: ZeekConnRow): boolean {
  if (row.ip_proto !== undefined) return row.ip_proto === 58;
  return (row.id_orig_h ?? row.id_resp_h ?? '').includes(':');
}

/**
 * ICMP request types whose reply Zeek logs as the responder "port" (`id.resp_p` holds the
 * counterpart type, not a code): Zeek's ICMP4_counterpart / ICMP6_counterpart. For other types
 * `id.resp_p` is the ICMP code.
 */
const ICMP4_PAIRED: ReadonlySet<number> = new Set([0, 8, 9, 10, 13, 14, 15, 16, 17, 18]);
const ICMP6_PAIRED: ReadonlySet<number> = new Set([128, 129, 130, 131, 133, 134, 135, 136, 139, 140, 144, 145]);

/** Zeek service list → NetworkApplicationProtocol: upper case, without `-`-prefixed (removed) analyzers. */
export function applicationProtocol(service: string | undefined): string | undefined {
  if (service === undefined) return undefined;
  if (!service.includes('-')) return service.toUpperCase();
  const kept = service.split(',').filter((s) => s !== '' && !s.startsWith('-'));
  return kept.length ? kept.join(',').toUpperCase() : undefined;
}

/** Maps one conn row to ASIM. See the plugin README for every decision and deviation. */
export function mapConn(row: ZeekConnRow, receivedAt: string): NetworkSession {
  const additional: Record<string, unknown> = {};
  const time = sessionTime(row.ts, row.TimeGenerated, receivedAt, additional);
  const state = row.conn_state;
  // conn_state → result: Microsoft's table, shared with Vectra (spec §5.3; see README)
  const result = zeekConnStateResult(state) ?? { EventResult: eventResultFor(), EventSeverity: eventSeverityFor() };

  const rec = {
    TimeGenerated: time.iso,
    Type: row.Type ?? 'Corelight_CL',
    EventVendor: 'Corelight',
    EventProduct: 'Zeek',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'Flow',
    EventCount: 1,
    EventStartTime: time.iso,
    EventEndTime: endTime(row, time),
    EventResult: result.EventResult,
    EventSeverity: result.EventSeverity,
  } as NetworkSession;
  setIf(rec, 'EventResultDetails', result.EventResultDetails);
  setIf(rec, 'EventOriginalResultDetails', state);
  setIf(rec, 'EventOriginalUid', row.uid);
  setIf(rec, 'NetworkSessionId', row.uid);
  setDvcFromName(rec, row.system_name);

  setEndpoints(rec, row);
  setIf(rec, 'NetworkDirection', localFlagsDirection(row.local_orig, row.local_resp));
  setIf(rec, 'NetworkApplicationProtocol', applicationProtocol(row.service));
  setIf(rec, 'NetworkConnectionHistory', row.history);
  if (row.duration !== undefined) setDuration(rec, Math.round(row.duration * 1000), additional);
  setCounters(rec, row);
  setL2(rec, row);
  setAdditional(additional, row);
  if (row._ResourceId !== undefined) rec._ResourceId = row._ResourceId;
  return finishSession(rec, additional);
}

/** The first packet's time plus the duration; the start time when there is no duration (one packet). */
function endTime(row: ZeekConnRow, start: { iso: string; ms: number }): string {
  if (row.duration === undefined || (row.ts === undefined && row.TimeGenerated === undefined)) return start.iso;
  const end = start.ms + Math.round(row.duration * 1000);
  if (end >= MAX_EPOCH_SECONDS * 1000) throw new RecordRejected('bad-value', `duration ${row.duration} runs past the year 9999`);
  return new Date(end).toISOString();
}

function setEndpoints(rec: NetworkSession, row: ZeekConnRow): void {
  setIf(rec, 'SrcIpAddr', row.id_orig_h);
  setIf(rec, 'DstIpAddr', row.id_resp_h);
  const address = row.id_orig_h ?? row.id_resp_h;
  if (address !== undefined) rec.NetworkProtocolVersion = address.includes(':') ? 'IPv6' : 'IPv4';
  setIf(rec, 'NetworkProtocol', networkProtocol(row));
  if (row.proto === 'icmp') return setIcmp(rec, row);
  if (row.proto === 'unknown_transport') return; // Zeek writes 0 for the "ports" of other protocols
  setIf(rec, 'SrcPortNumber', row.id_orig_p);
  setIf(rec, 'DstPortNumber', row.id_resp_p);
}

/** Zeek logs an ICMP flow's type as the originator port, and its code (or reply type) as the responder port. */
function setIcmp(rec: NetworkSession, row: ZeekConnRow): void {
  const type = row.id_orig_p;
  if (type === undefined) return;
  rec.NetworkIcmpType = String(type);
  const paired = isIcmp6(row) ? ICMP6_PAIRED : ICMP4_PAIRED;
  if (row.id_resp_p !== undefined && !paired.has(type)) rec.NetworkIcmpCode = row.id_resp_p;
}

function setCounters(rec: NetworkSession, row: ZeekConnRow): void {
  const srcBytes = row.orig_ip_bytes;
  const dstBytes = row.resp_ip_bytes;
  setIf(rec, 'SrcBytes', srcBytes);
  setIf(rec, 'DstBytes', dstBytes);
  if (srcBytes !== undefined && dstBytes !== undefined) setIf(rec, 'NetworkBytes', safeSum(srcBytes, dstBytes));
  setIf(rec, 'SrcPackets', row.orig_pkts);
  setIf(rec, 'DstPackets', row.resp_pkts);
  if (row.orig_pkts !== undefined && row.resp_pkts !== undefined) setIf(rec, 'NetworkPackets', safeSum(row.orig_pkts, row.resp_pkts));
}

const safeSum = (a: number, b: number): number | undefined => (Number.isSafeInteger(a + b) ? a + b : undefined);

const INT32_MAX = 2147483647;

/** NetworkDuration is a 32-bit int of ms (24.8 days): a longer connection keeps its duration in AdditionalFields. */
function setDuration(rec: NetworkSession, ms: number, additional: Record<string, unknown>): void {
  if (ms <= INT32_MAX) rec.NetworkDuration = ms;
  else additional.NetworkDurationMs = ms;
}

const MAC = /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/;

function setL2(rec: NetworkSession, row: ZeekConnRow): void {
  if (row.orig_l2_addr !== undefined && MAC.test(row.orig_l2_addr)) rec.SrcMacAddr = row.orig_l2_addr.toLowerCase();
  if (row.resp_l2_addr !== undefined && MAC.test(row.resp_l2_addr)) rec.DstMacAddr = row.resp_l2_addr.toLowerCase();
  if (row.vlan !== undefined) rec.DstVlanId = String(row.vlan);
  if (row.inner_vlan !== undefined) rec.SrcVlanId = String(row.inner_vlan);
  setIf(rec, 'SrcGeoCountry', row.orig_cc);
  setIf(rec, 'DstGeoCountry', row.resp_cc);
}

/** Zeek fields with no ASIM field of their own, kept under their Zeek names. */
const ADDITIONAL = [
  ['orig_bytes', 'orig_bytes'],
  ['resp_bytes', 'resp_bytes'],
  ['missed_bytes', 'missed_bytes'],
  ['community_id', 'community_id'],
  ['tunnel_parents', 'tunnel_parents'],
  ['node', '_node'],
  ['app', 'app'],
  ['corelight_shunted', 'corelight_shunted'],
  ['collector', 'hostname_s'],
] as const;

function setAdditional(additional: Record<string, unknown>, row: ZeekConnRow): void {
  for (const [field, key] of ADDITIONAL) {
    const value = row[field];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    additional[key] = value;
  }
  if (row.write_ts !== undefined) additional._write_ts = new Date(row.write_ts).toISOString();
  if (row.path !== undefined && row.path !== 'conn') additional._path = row.path;
  if (row.orig_l2_addr !== undefined && !MAC.test(row.orig_l2_addr)) additional.orig_l2_addr = row.orig_l2_addr;
  if (row.resp_l2_addr !== undefined && !MAC.test(row.resp_l2_addr)) additional.resp_l2_addr = row.resp_l2_addr;
  if (row.proto === 'unknown_transport') additional.proto = row.proto;
}
