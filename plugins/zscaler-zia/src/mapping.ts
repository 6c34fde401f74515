import { eventSeverityFor, type NetworkSession } from '@asimkit/schema';
import {
  epochMillisToIso,
  additionalExtension,
  cslProtocolKeyword,
  nonEmpty,
  RecordRejected,
  cslTextTimeMs,
  ipVersion,
  optionalInt,
  setDvcFromName,
  type CommonSecurityLogRow,
  type SyslogTimeOptions,
  finishSession,
  sessionTime,
} from '@asimkit/sdk';

/** ZIA firewall action → DvcAction (Microsoft 0.4 lookup, exact keys). */
const DVC_ACTION: Readonly<Record<string, NetworkSession['DvcAction']>> = {
  Allow: 'Allow',
  'Allow due to insufficient app data': 'Allow',
  'Block/Drop': 'Drop',
  'Block/ICMP': 'Drop ICMP',
  'Block/Reset': 'Reset',
  'IPS Drop': 'Drop',
  'IPS Reset': 'Reset',
  'Block ICMP': 'Drop ICMP',
  Drop: 'Drop',
};

/** CEF `deviceDirection` (CSL CommunicationDirection) → NetworkDirection. The NSS template sends `1`. */
const NETWORK_DIRECTION: Readonly<Record<string, NetworkSession['NetworkDirection']>> = { '0': 'Inbound', '1': 'Outbound' };

/** Zscaler's "no value" sentinels. */
const NONE = new Set(['None', 'NA', 'N/A', 'none']);

export interface ZiaMapOptions {
  /** Reproduce Microsoft's byte direction (SrcBytes = CEF `out` = outbytes), spec §8 D1. */
  readonly msBytes: boolean;
  /** How to read the row's zone-less, year-less times: `cslTimeOptions(row, ctx)`. */
  readonly time: SyslogTimeOptions;
  readonly receivedAt: string;
}

/** Maps one ZIA firewall (NSSFWlog) CommonSecurityLog row to ASIM. See the plugin README for every decision. */
export function mapFirewall(row: CommonSecurityLogRow, opt: ZiaMapOptions): NetworkSession {
  const additional: Record<string, unknown> = {};

  // --- time: the record's own time (`rt`, or Cloud NSS `epochtime`), else the syslog header / TimeGenerated
  const duration = row.FieldDeviceCustomNumber1 ?? row.DeviceCustomNumber1;
  const own = ownTimeMs(row.ReceiptTime, additionalExtension(row, 'epochtime'), opt.time);
  const { iso: time, ms: endMs } = sessionTime(own, row.TimeGenerated, opt.receivedAt, additional);

  const action = dvcAction(row.DeviceAction);
  const aggregated = labelled(row.DeviceCustomString4, row.DeviceCustomString4Label, 'aggregated');
  const sessions = row.FieldDeviceCustomNumber2 ?? row.DeviceCustomNumber2;
  const threatName = labelled(row.DeviceCustomString6, row.DeviceCustomString6Label ?? additionalExtension(row, 'cs6label'), 'threatname');

  const rec: NetworkSession = {
    TimeGenerated: time,
    Type: 'CommonSecurityLog',
    EventVendor: 'Zscaler',
    EventProduct: 'ZIA Firewall',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    // An aggregated record stands for `numsessions` similar sessions: a Flow record (ASIM R2)
    EventType: aggregated === 'Yes' ? 'Flow' : 'NetworkSession',
    EventCount: sessions !== undefined && sessions >= 1 ? sessions : 1,
    EventStartTime: epochMillisToIso(duration !== undefined && duration > 0 ? endMs - duration : endMs),
    EventEndTime: time,
    EventResult: action === 'Allow' ? 'Success' : 'Failure',
    EventSeverity: threatName !== undefined ? 'Medium' : eventSeverityFor(action),
    Dvc: '',
  } as NetworkSession;

  set(rec, 'EventOriginalSeverity', row.LogSeverity);
  set(rec, 'EventMessage', row.Message);
  set(rec, 'EventProductVersion', row.DeviceVersion);

  // --- device: the NSS host (the feed template's literal syslog host, e.g. zscaler-nss-fw), split
  // like an FQDN when it has dots; an IP goes to DvcIpAddr
  setDvcFromName(rec, value(row.Computer));
  rec.Dvc = rec.DvcFQDN ?? rec.DvcHostname ?? rec.DvcIpAddr ?? 'ZIA Firewall';
  if (action !== undefined) rec.DvcAction = action;
  set(rec, 'DvcOriginalAction', row.DeviceAction);

  // --- network
  // an IANA keyword, else the text stays in AdditionalFields (Microsoft upper-cases it into NetworkProtocol: invalid ASIM)
  const protocol = cslProtocolKeyword(row.Protocol);
  if (protocol !== undefined) rec.NetworkProtocol = protocol;
  else addIf(additional, 'Protocol', nonEmpty(row.Protocol));
  const version = ipVersion(row.DestinationIP ?? row.SourceIP);
  if (version !== undefined) rec.NetworkProtocolVersion = version;
  set(rec, 'NetworkApplicationProtocol', labelled(row.DeviceCustomString2, row.DeviceCustomString2Label, 'nwService'));
  if (duration !== undefined) rec.NetworkDuration = duration;
  const direction = networkDirection(row.CommunicationDirection);
  if (direction !== undefined) rec.NetworkDirection = direction;
  set(rec, 'NetworkRuleName', value(row.Activity) ?? value(row.Reason));

  // CEF `in` = inbytes, client → server (D1); Microsoft maps it to DstBytes
  const srcBytes = opt.msBytes ? row.SentBytes : row.ReceivedBytes;
  const dstBytes = opt.msBytes ? row.ReceivedBytes : row.SentBytes;
  if (srcBytes !== undefined) rec.SrcBytes = srcBytes;
  if (dstBytes !== undefined) rec.DstBytes = dstBytes;
  if (srcBytes !== undefined && dstBytes !== undefined) rec.NetworkBytes = srcBytes + dstBytes;

  // --- source / destination / NAT
  set(rec, 'SrcIpAddr', address(row.SourceIP));
  set(rec, 'DstIpAddr', address(row.DestinationIP));
  if (row.SourcePort !== undefined) rec.SrcPortNumber = row.SourcePort;
  if (row.DestinationPort !== undefined) rec.DstPortNumber = row.DestinationPort;
  if (rec.SrcIpAddr !== undefined) set(rec, 'SrcHostname', value(row.SourceHostName));
  // ssip/ssport: the Zscaler egress address toward the destination = ASIM SrcNatIpAddr (D2)
  const srcNat = address(row.DeviceTranslatedAddress);
  if (srcNat !== undefined) {
    rec.SrcNatIpAddr = srcNat;
    const port = optionalInt(extOf(row, 'deviceTranslatedPort'));
    if (port !== undefined && port > 0) rec.SrcNatPortNumber = port;
  }
  const dstNat = address(row.DestinationTranslatedAddress);
  if (dstNat !== undefined) {
    rec.DstNatIpAddr = dstNat;
    if (row.DestinationTranslatedPort !== undefined && row.DestinationTranslatedPort > 0) rec.DstNatPortNumber = row.DestinationTranslatedPort;
  }
  const location = value(row.SourceUserPrivileges);
  const user = value(row.SourceUserName);
  if (user !== undefined && user !== location) {
    rec.SrcUsername = user;
    rec.SrcUsernameType = usernameType(user);
  }
  const app = labelled(row.DeviceCustomString3, row.DeviceCustomString3Label, 'nwApp');
  if (app !== undefined) {
    rec.DstAppName = app;
    rec.DstAppType = 'Service';
  }
  set(rec, 'DstGeoCountry', extOf(row, 'destCountry'));

  // --- threat
  if (threatName !== undefined) rec.ThreatName = threatName;
  const threatCategory = threatCategoryOf(row);
  if (threatCategory !== undefined) rec.ThreatCategory = threatCategory;

  // --- what ASIM has no field for
  addIf(additional, 'SrcUserDepartment', labelled(row.DeviceCustomString1, row.DeviceCustomString1Label, 'dept'));
  addIf(additional, 'SrcUserLocation', location);
  addIf(additional, 'TunnelSrcIpAddr', address(row.SourceTranslatedAddress));
  if (row.SourceTranslatedPort !== undefined && row.SourceTranslatedPort > 0 && additional.TunnelSrcIpAddr !== undefined) {
    additional.TunnelSrcPortNumber = row.SourceTranslatedPort;
  }
  addIf(additional, 'TunnelType', extOf(row, 'tunnelType'));
  addIf(additional, 'Dnat', extOf(row, 'dnat'));
  addIf(additional, 'Stateful', extOf(row, 'stateful'));
  addIf(additional, 'Aggregated', aggregated);
  addIf(additional, 'IpCategory', ipCategoryOf(row));
  addIf(additional, 'IpsRuleLabel', extOf(row, 'ipsrulelabel'));
  addIf(additional, 'AvgDuration', extOf(row, 'avgduration'));
  return finishSession(rec, additional);
}

/** ZIA action → DvcAction (`DVC_ACTION`, own keys only). */
export function dvcAction(act: string | undefined): NetworkSession['DvcAction'] | undefined {
  return act !== undefined && Object.hasOwn(DVC_ACTION, act) ? DVC_ACTION[act] : undefined;
}

/** CEF `deviceDirection` → NetworkDirection (`NETWORK_DIRECTION`, own keys only). */
export function networkDirection(direction: string | undefined): NetworkSession['NetworkDirection'] | undefined {
  return direction !== undefined && Object.hasOwn(NETWORK_DIRECTION, direction) ? NETWORK_DIRECTION[direction] : undefined;
}

/** The record's own time: `rt`, else Cloud NSS `epochtime` (throws for an epoch past the year 275760). */
export function ownTimeMs(receipt: string | undefined, epochtime: string | undefined, time: SyslogTimeOptions): number | undefined {
  return cslTextTimeMs(receipt, time) ?? epochSeconds(value(epochtime));
}

function extOf(row: CommonSecurityLogRow, key: string): string | undefined {
  return value(additionalExtension(row, key));
}

/**
 * The threat category: `cs5` when its label is `threatcat` (variant 1 — when the template's second
 * `cs5` pair, ipCat, overwrote it, the raw form still has the first in `ShadowedValues`); else CEF
 * `cat` (variant 2). `None` is no category.
 */
function threatCategoryOf(row: CommonSecurityLogRow): string | undefined {
  const direct = labelled(row.DeviceCustomString5, row.DeviceCustomString5Label, 'threatcat', false);
  if (direct !== undefined) return direct;
  const shadowed = row.ShadowedValues;
  if (shadowed !== undefined) {
    let label: string | undefined;
    let val: string | undefined;
    for (const [k, v] of shadowed) {
      if (k === 'cs5Label') label = v;
      else if (k === 'cs5') val = v;
    }
    if (label === 'threatcat') return value(val);
  }
  return value(row.DeviceEventCategory);
}

function ipCategoryOf(row: CommonSecurityLogRow): string | undefined {
  return labelled(row.DeviceCustomString5, row.DeviceCustomString5Label, 'ipCat', false);
}

/** A custom string when its label is the expected one (or the row has no label at all). Sentinels are no value. */
export function labelled(v: string | undefined, label: string | undefined, expected: string, unlabelledOk = true): string | undefined {
  if (label === undefined || label === '') return unlabelledOk ? value(v) : undefined;
  return label.toLowerCase() === expected.toLowerCase() ? value(v) : undefined;
}

/** Empty and Zscaler's `None`/`NA` sentinels are no value. */
function value(s: string | undefined): string | undefined {
  return s === undefined || s === '' || NONE.has(s) ? undefined : s;
}

/** An address, with the JSON feed's `0.0.0.0` "none" placeholder dropped. */
export function address(s: string | undefined): string | undefined {
  return s === undefined || s === '' || s === '0.0.0.0' || s === '::' ? undefined : s;
}

function epochSeconds(s: string | undefined): number | undefined {
  const n = optionalInt(s);
  if (n === undefined || n <= 0) return undefined;
  if (n * 1000 > 8.64e15) throw new RecordRejected('bad-value', `epochtime "${s}" is not epoch seconds (past the year 275760)`);
  return n * 1000;
}

function set<K extends keyof NetworkSession>(rec: NetworkSession, field: K, v: string | undefined): void {
  if (v !== undefined && v !== '') (rec as unknown as Record<string, unknown>)[field] = v;
}

function addIf(bag: Record<string, unknown>, key: string, v: string | undefined): void {
  if (v !== undefined && v !== '') bag[key] = v;
}

function usernameType(user: string): 'UPN' | 'Windows' | 'Simple' {
  if (user.includes('@')) return 'UPN';
  const bs = user.indexOf('\\');
  return bs > 0 && bs < user.length - 1 ? 'Windows' : 'Simple';
}
