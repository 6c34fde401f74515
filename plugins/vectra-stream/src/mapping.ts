import { isIP } from 'node:net';
import { eventResultFor, eventSeverityFor, ianaProtocolName, type NetworkSession } from '@asimkit/schema';
import { cslProtocolKeyword, finishSession, localFlagsDirection, sessionTime, setIf, zeekConnStateResult } from '@asimkit/sdk';
import { MAX_EPOCH_MS } from './fields.js';
import type { VectraSessionRow } from './row.js';

/**
 * conn_state → EventSubType: S1 (established, still open) is a Start record; a state that says how
 * the session ended is an End record; OTH (no handshake seen) and unknown states say neither.
 */
const SUB_TYPE: Readonly<Record<string, 'Start' | 'End'>> = {
  S1: 'Start',
  SF: 'End',
  S0: 'End',
  REJ: 'End',
  S2: 'End',
  S3: 'End',
  RSTO: 'End',
  RSTR: 'End',
  RSTOS0: 'End',
  RSTRH: 'End',
  SH: 'End',
  SHR: 'End',
};

const IP_VERSION: Readonly<Record<string, 'IPv4' | 'IPv6'>> = { ipv4: 'IPv4', ipv6: 'IPv6', '4': 'IPv4', '6': 'IPv6', v4: 'IPv4', v6: 'IPv6' };

/** IANA keyword from the protocol number, else from the transport name. */
export function networkProtocol(row: VectraSessionRow): string | undefined {
  if (row.proto !== undefined) return row.proto <= 255 ? (ianaProtocolName(row.proto) ?? 'Unassigned') : undefined;
  return cslProtocolKeyword(row.protoName);
}

/** Vectra's service guess → NetworkApplicationProtocol; `unknown (unknown)` and the like are no value. */
export function applicationProtocol(service: string | undefined): string | undefined {
  if (service === undefined || /^unknown\b/i.test(service.trim())) return undefined;
  return service.toUpperCase();
}

const HOST_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** A host name or FQDN, split; undefined for Vectra's `IP-<addr>` placeholders, IP literals and other text. */
export function hostName(name: string | undefined): { hostname: string; domain?: string; fqdn?: string } | undefined {
  if (name === undefined || name.startsWith('IP-') || isIP(name) !== 0) return undefined;
  const labels = name.endsWith('.') ? name.slice(0, -1).split('.') : name.split('.');
  if (!labels.every((l) => HOST_LABEL.test(l))) return undefined;
  if (labels.length === 1) return { hostname: labels[0]! };
  return { hostname: labels[0]!, domain: labels.slice(1).join('.'), fqdn: labels.join('.') };
}

/** Maps one isession row to ASIM. See the plugin README for every decision and deviation. */
export function mapSession(row: VectraSessionRow, receivedAt: string): NetworkSession {
  const additional: Record<string, unknown> = {};
  // the record's time, else its session's start (a record that lost `ts` still has its own time)
  const time = sessionTime(row.ts ?? row.session_start_time, row.TimeGenerated, receivedAt, additional);
  const state = row.conn_state;
  const result = zeekConnStateResult(state) ?? { EventResult: eventResultFor(), EventSeverity: eventSeverityFor() };

  const rec = {
    TimeGenerated: time.iso,
    Type: row.Type ?? 'VectraStream_CL',
    EventVendor: 'Vectra AI',
    EventProduct: 'Vectra Stream',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'NetworkSession',
    EventCount: 1,
    EventStartTime: row.session_start_time !== undefined ? new Date(row.session_start_time).toISOString() : time.iso,
    EventEndTime: endTime(row, time.iso),
    EventResult: result.EventResult,
    EventSeverity: result.EventSeverity,
    EventOriginalSubType: 'isession',
  } as NetworkSession;
  setIf(rec, 'EventSubType', state === undefined ? undefined : SUB_TYPE[state]);
  setIf(rec, 'EventResultDetails', result.EventResultDetails);
  setIf(rec, 'EventOriginalResultDetails', state);
  setIf(rec, 'EventUid', row._ItemId);
  setIf(rec, 'EventOriginalUid', row.uid);
  setIf(rec, 'NetworkSessionId', row.uid);
  if (row.sensor_uid !== undefined) {
    rec.DvcId = row.sensor_uid;
    rec.DvcIdType = 'VectraId';
  }

  setEndpoints(rec, row);
  setHosts(rec, row);
  setIf(rec, 'NetworkDirection', localFlagsDirection(row.local_orig, row.local_resp));
  setIf(rec, 'NetworkApplicationProtocol', applicationProtocol(row.service));
  if (row.duration !== undefined) setDuration(rec, Math.round(row.duration), additional);
  setCounters(rec, row);
  // VLAN 0 is an untagged frame (or a priority tag), not a VLAN
  if (row.orig_vlan_id) rec.SrcVlanId = String(row.orig_vlan_id);
  if (row.resp_vlan_id) rec.DstVlanId = String(row.resp_vlan_id);
  setAdditional(additional, row);
  if (row._ResourceId !== undefined) rec._ResourceId = row._ResourceId;
  return finishSession(rec, additional);
}

/** `ts` (the record is written when the session ends), else the start plus the duration. */
function endTime(row: VectraSessionRow, timeGenerated: string): string {
  if (row.ts !== undefined || row.session_start_time === undefined || row.duration === undefined) return timeGenerated;
  const end = row.session_start_time + Math.round(row.duration);
  return end < MAX_EPOCH_MS ? new Date(end).toISOString() : timeGenerated;
}

function setEndpoints(rec: NetworkSession, row: VectraSessionRow): void {
  setIf(rec, 'SrcIpAddr', row.id_orig_h);
  setIf(rec, 'DstIpAddr', row.id_resp_h);
  const version = row.id_ip_ver === undefined ? undefined : IP_VERSION[row.id_ip_ver.toLowerCase()];
  const address = row.id_orig_h ?? row.id_resp_h;
  setIf(rec, 'NetworkProtocolVersion', version ?? (address === undefined ? undefined : address.includes(':') ? 'IPv6' : 'IPv4'));
  const protocol = networkProtocol(row);
  setIf(rec, 'NetworkProtocol', protocol);
  if (protocol === 'ICMP' || protocol === 'IPv6-ICMP') return; // isession has no ICMP type/code; its "ports" mean nothing
  setIf(rec, 'SrcPortNumber', row.id_orig_p);
  setIf(rec, 'DstPortNumber', row.id_resp_p);
}

/** Host names: Vectra's names for the hosts, the responder's domain first; placeholders dropped. */
function setHosts(rec: NetworkSession, row: VectraSessionRow): void {
  const src = hostName(row.orig_hostname);
  if (src !== undefined) {
    rec.SrcHostname = src.hostname;
    if (src.fqdn !== undefined) Object.assign(rec, { SrcDomain: src.domain, SrcDomainType: 'FQDN', SrcFQDN: src.fqdn });
  }
  const dst = hostName(row.resp_domain) ?? hostName(row.resp_hostname);
  if (dst !== undefined) {
    rec.DstHostname = dst.hostname;
    if (dst.fqdn !== undefined) Object.assign(rec, { DstDomain: dst.domain, DstDomainType: 'FQDN', DstFQDN: dst.fqdn });
  }
}

function setCounters(rec: NetworkSession, row: VectraSessionRow): void {
  setIf(rec, 'SrcBytes', row.orig_ip_bytes);
  setIf(rec, 'DstBytes', row.resp_ip_bytes);
  if (row.orig_ip_bytes !== undefined && row.resp_ip_bytes !== undefined) setIf(rec, 'NetworkBytes', safeSum(row.orig_ip_bytes, row.resp_ip_bytes));
  setIf(rec, 'SrcPackets', row.orig_pkts);
  setIf(rec, 'DstPackets', row.resp_pkts);
  if (row.orig_pkts !== undefined && row.resp_pkts !== undefined) setIf(rec, 'NetworkPackets', safeSum(row.orig_pkts, row.resp_pkts));
}

const safeSum = (a: number, b: number): number | undefined => (Number.isSafeInteger(a + b) ? a + b : undefined);

const INT32_MAX = 2147483647;

/** NetworkDuration is a 32-bit int of ms (24.8 days): a longer session keeps its duration in AdditionalFields. */
function setDuration(rec: NetworkSession, ms: number, additional: Record<string, unknown>): void {
  if (ms <= INT32_MAX) rec.NetworkDuration = ms;
  else additional.NetworkDurationMs = ms;
}

/** Stream keys with no ASIM field of their own, kept under their names (times as ISO-8601). */
const ADDITIONAL = [
  'orig_hostname', 'resp_hostname', 'resp_domain', 'community_id', 'orig_huid', 'resp_huid', 'orig_sluid', 'resp_sluid', 'resp_multihomed', 'dir_confidence',
  'first_orig_resp_data_pkt', 'first_resp_orig_data_pkt',
] as const;
const ADDITIONAL_TIMES = ['first_orig_resp_pkt_time', 'first_resp_orig_pkt_time', 'first_orig_resp_data_pkt_time', 'first_resp_orig_data_pkt_time'] as const;

function setAdditional(additional: Record<string, unknown>, row: VectraSessionRow): void {
  for (const key of ADDITIONAL) if (row[key] !== undefined) additional[key] = row[key];
  for (const key of ADDITIONAL_TIMES) if (row[key] !== undefined) additional[key] = new Date(row[key]).toISOString();
  if (row.collector !== undefined) additional.hostname_s = row.collector;
}
