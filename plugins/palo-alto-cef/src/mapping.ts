import { isIP } from 'node:net';
import { eventSeverityFor, type NetworkSession } from '@asimkit/schema';
import {
  epochMillisToIso,
  additionalExtension,
  cslProtocolKeyword,
  cslTextTimeMs,
  ipVersion,
  nonEmpty,
  optionalInt,
  setDvcFromName,
  type CommonSecurityLogRow,
  type SyslogTimeOptions,
  finishSession,
  sessionTime,
} from '@asimkit/sdk';
import { isoTimeMs } from './pan-csv.js';

/** PAN-OS `act` → DvcAction (Microsoft 0.7.1 lookup, exact keys, incl. the hyphenated forms). */
const DVC_ACTION: Readonly<Record<string, NetworkSession['DvcAction']>> = {
  allow: 'Allow',
  deny: 'Deny',
  drop: 'Drop',
  'drop ICMP': 'Drop ICMP',
  'drop-icmp': 'Drop ICMP',
  'reset both': 'Reset',
  'reset-both': 'Reset',
  'reset client': 'Reset Source',
  'reset-client': 'Reset Source',
  'reset server': 'Reset Destination',
  'reset-server': 'Reset Destination',
};

/** Log subtype (DeviceEventClassID) → EventSubType; `drop`/`deny` have none. */
const EVENT_SUB_TYPE: Readonly<Record<string, NetworkSession['EventSubType']>> = { start: 'Start', end: 'End' };

/** Session end reason → EventResultDetails (spec §5.1 proposal); absent = no value (`tcp-fin`, `tcp-reuse`, others). */
const RESULT_DETAILS: Readonly<Record<string, NetworkSession['EventResultDetails']>> = {
  'aged-out': 'Timeout',
  'tcp-rst-from-client': 'Reset',
  'tcp-rst-from-server': 'Reset',
  threat: 'Terminated',
  'policy-deny': 'Terminated',
  decoder: 'Terminated',
  'decrypt-error': 'Terminated',
  'decrypt-cert-validation': 'Terminated',
  'decrypt-unsupport-param': 'Terminated',
  'resources-unavailable': 'Terminated',
  unknown: 'Unknown',
  'n/a': 'NA',
};

/** Custom-string labels that mean what the PAN-OS template means (the real 6.1 sample says `Src Zone`). */
const RULE_LABELS = new Set(['Rule']);
const SRC_ZONE_LABELS = new Set(['Source Zone', 'Src Zone', 'FromZone', 'From Zone']);
const DST_ZONE_LABELS = new Set(['Destination Zone', 'Dst Zone', 'ToZone', 'To Zone']);

export interface PanMapOptions {
  /** Reproduce Microsoft's byte direction (SrcBytes = CEF `out`), spec §8 D1. */
  readonly msBytes: boolean;
  /** How to read the row's zone-less, year-less times: `cslTimeOptions(row, ctx)`. */
  readonly time: SyslogTimeOptions;
  readonly receivedAt: string;
}

/** Maps one PAN-OS TRAFFIC CommonSecurityLog row to ASIM. See the plugin README for every decision. */
export function mapTraffic(row: CommonSecurityLogRow, opt: PanMapOptions): NetworkSession {
  const additional: Record<string, unknown> = {};

  const times = panTimes(
    {
      highResolution: additionalExtension(row, 'PanOSTimeGeneratedHighResolution'),
      startColumn: row.StartTime,
      startText: additionalExtension(row, 'start'),
      receipt: row.ReceiptTime,
      elapsedSeconds: firstInt(row.FieldDeviceCustomNumber3, row.DeviceCustomNumber3),
      sessionStart: additionalExtension(row, 'PanOSSessionStartTime'),
    },
    opt.time,
  );
  const { iso: time, ms: endMs } = sessionTime(times.ownMs, row.TimeGenerated, opt.receivedAt, additional);
  const startMs = panStartMs(times, endMs);
  const duration = times.duration;
  if (times.tooLongSeconds !== undefined) additional.ElapsedSeconds = times.tooLongSeconds;

  const action = dvcAction(row.DeviceAction);
  const reason = nonEmpty(row.Reason) ?? nonEmpty(additionalExtension(row, 'reason'));

  const rec: NetworkSession = {
    TimeGenerated: time,
    Type: 'CommonSecurityLog',
    EventVendor: 'Palo Alto',
    EventProduct: 'PanOS',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'NetworkSession',
    EventCount: 1,
    EventStartTime: epochMillisToIso(startMs),
    EventEndTime: time,
    // Microsoft: Success iff the action is `allow` (case-sensitive), whatever else it is
    EventResult: row.DeviceAction === 'allow' ? 'Success' : 'Failure',
    EventSeverity: eventSeverityFor(action),
    Dvc: '',
  } as NetworkSession;

  const subType = row.DeviceEventClassID === undefined ? undefined : EVENT_SUB_TYPE[row.DeviceEventClassID];
  if (subType !== undefined) rec.EventSubType = subType;
  if (reason !== undefined) {
    rec.EventOriginalResultDetails = reason;
    const details = RESULT_DETAILS[reason];
    if (details !== undefined) rec.EventResultDetails = details;
  }
  if (hasText(row.LogSeverity)) rec.EventOriginalSeverity = row.LogSeverity;
  if (hasText(row.Activity)) rec.EventOriginalType = row.Activity;
  if (hasText(row.DeviceEventClassID)) rec.EventOriginalSubType = row.DeviceEventClassID;
  if (hasText(row.ExtID)) rec.EventOriginalUid = row.ExtID;
  if (hasText(row.Message)) rec.EventMessage = row.Message;
  if (hasText(row.DeviceVersion)) rec.EventProductVersion = row.DeviceVersion;

  // --- device
  setDvcFromName(rec, nonEmpty(row.DeviceName) ?? nonEmpty(row.Computer));
  const serial = nonEmpty(row.DeviceExternalID);
  if (serial !== undefined) {
    rec.DvcId = serial;
    rec.DvcIdType = 'Other';
  }
  rec.Dvc = rec.DvcFQDN ?? rec.DvcHostname ?? rec.DvcIpAddr ?? rec.DvcId ?? 'PanOS';
  if (action !== undefined) rec.DvcAction = action;
  if (hasText(row.DeviceAction)) rec.DvcOriginalAction = row.DeviceAction;
  if (hasText(row.DeviceInboundInterface)) rec.DvcInboundInterface = row.DeviceInboundInterface;
  if (hasText(row.DeviceOutboundInterface)) rec.DvcOutboundInterface = row.DeviceOutboundInterface;

  // --- network
  // an IANA keyword, else the text stays in AdditionalFields (Microsoft upper-cases it into NetworkProtocol: invalid ASIM)
  const protocol = cslProtocolKeyword(row.Protocol);
  if (protocol !== undefined) rec.NetworkProtocol = protocol;
  else if (nonEmpty(row.Protocol) !== undefined) additional.Protocol = row.Protocol;
  const version = ipVersion(row.DestinationIP ?? row.SourceIP);
  if (version !== undefined) rec.NetworkProtocolVersion = version;
  if (hasText(row.ApplicationProtocol)) rec.NetworkApplicationProtocol = row.ApplicationProtocol;
  if (duration !== undefined) rec.NetworkDuration = duration;
  const sessionId = firstInt(row.FieldDeviceCustomNumber1, row.DeviceCustomNumber1);
  if (sessionId !== undefined && sessionId !== 0) rec.NetworkSessionId = String(sessionId); // 0: no session (drop logs)

  // CEF `in` is PAN-OS bytes_sent (client → server); Microsoft maps it to DstBytes (D1)
  const srcBytes = opt.msBytes ? row.SentBytes : row.ReceivedBytes;
  const dstBytes = opt.msBytes ? row.ReceivedBytes : row.SentBytes;
  if (srcBytes !== undefined) rec.SrcBytes = srcBytes;
  if (dstBytes !== undefined) rec.DstBytes = dstBytes;
  const totalBytes = row.FlexNumber1 ?? optionalInt(additionalExtension(row, 'flexNumber1'));
  if (totalBytes !== undefined) rec.NetworkBytes = totalBytes;
  else if (srcBytes !== undefined && dstBytes !== undefined) rec.NetworkBytes = srcBytes + dstBytes;
  const srcPackets = optionalInt(additionalExtension(row, 'PanOSPacketsSent'));
  const dstPackets = optionalInt(additionalExtension(row, 'PanOSPacketsReceived'));
  if (srcPackets !== undefined) rec.SrcPackets = srcPackets;
  if (dstPackets !== undefined) rec.DstPackets = dstPackets;
  const packets = firstInt(row.FieldDeviceCustomNumber2, row.DeviceCustomNumber2);
  if (packets !== undefined) rec.NetworkPackets = packets;
  else if (srcPackets !== undefined && dstPackets !== undefined) rec.NetworkPackets = srcPackets + dstPackets;

  const rule = nonEmpty(row.DeviceCustomString1);
  if (rule !== undefined && labelIs(row.DeviceCustomString1Label, RULE_LABELS)) rec.NetworkRuleName = rule;

  // --- source / destination
  if (hasText(row.SourceIP)) rec.SrcIpAddr = row.SourceIP;
  if (hasText(row.DestinationIP)) rec.DstIpAddr = row.DestinationIP;
  if (row.SourcePort !== undefined) rec.SrcPortNumber = row.SourcePort;
  if (row.DestinationPort !== undefined) rec.DstPortNumber = row.DestinationPort;
  if (hasText(row.SourceMACAddress)) rec.SrcMacAddr = row.SourceMACAddress;
  if (hasText(row.DestinationMACAddress)) rec.DstMacAddr = row.DestinationMACAddress;
  setHost(rec, 'Src', row.SourceHostName);
  setHost(rec, 'Dst', row.DestinationHostName);
  if (hasText(row.DeviceCustomString4) && labelIs(row.DeviceCustomString4Label, SRC_ZONE_LABELS)) rec.SrcZone = row.DeviceCustomString4;
  if (hasText(row.DeviceCustomString5) && labelIs(row.DeviceCustomString5Label, DST_ZONE_LABELS)) rec.DstZone = row.DeviceCustomString5;
  const srcNat = natAddress(row.SourceTranslatedAddress);
  const dstNat = natAddress(row.DestinationTranslatedAddress);
  if (srcNat !== undefined) rec.SrcNatIpAddr = srcNat;
  if (dstNat !== undefined) rec.DstNatIpAddr = dstNat;
  if (row.SourceTranslatedPort !== undefined && !(row.SourceTranslatedPort === 0 && srcNat === undefined)) rec.SrcNatPortNumber = row.SourceTranslatedPort;
  if (row.DestinationTranslatedPort !== undefined && !(row.DestinationTranslatedPort === 0 && dstNat === undefined)) {
    rec.DstNatPortNumber = row.DestinationTranslatedPort;
  }
  setUser(rec, 'Src', row.SourceUserName);
  setUser(rec, 'Dst', row.DestinationUserName);

  // --- what ASIM has no field for
  addIf(additional, 'VirtualSystem', row.DeviceCustomString3);
  addIf(additional, 'UrlCategory', row.DeviceCustomString2);
  addIf(additional, 'ActionSource', nonEmpty(row.DeviceEventCategory) ?? additionalExtension(row, 'cat'));
  addIf(additional, 'Flags', row.FlexString1);
  addIf(additional, 'LogProfile', row.DeviceCustomString6);
  if (row.EventCount !== undefined && row.EventCount !== 1) additional.RepeatCount = row.EventCount;
  for (const key of ['PanOSRuleUUID', 'PanOSPolicyID', 'PanOSVsysName'] as const) addIf(additional, key, additionalExtension(row, key));
  // device-group hierarchy levels are `0` on firewalls Panorama does not manage
  for (const key of ['PanOSDGl1', 'PanOSDGl2', 'PanOSDGl3', 'PanOSDGl4'] as const) {
    const level = additionalExtension(row, key);
    if (level !== '0') addIf(additional, key, level);
  }
  return finishSession(rec, additional);
}

/** The row's time values `panTimes` reads (texts as the row holds them; the fast path fills them from the CEF line). */
export interface PanTimeInputs {
  /** `PanOSTimeGeneratedHighResolution` (an AdditionalExtensions key). */
  readonly highResolution: string | undefined;
  /** The StartTime column (CEF `start`, ISO once decoded). */
  readonly startColumn: string | undefined;
  /** CEF `start` left in AdditionalExtensions (a text the datetime column could not hold). */
  readonly startText: string | undefined;
  /** ReceiptTime (CEF `rt`). */
  readonly receipt: string | undefined;
  /** `cn3`, the elapsed time in seconds. */
  readonly elapsedSeconds: number | undefined;
  /** `PanOSSessionStartTime` (an AdditionalExtensions key). */
  readonly sessionStart: string | undefined;
}

/** A TRAFFIC log's own times, before `sessionTime` falls back to the row's or the receive time. */
export interface PanTimes {
  /** Its generated time, else its receive time (epoch ms). */
  readonly ownMs: number | undefined;
  /** NetworkDuration (ms). */
  readonly duration: number | undefined;
  /** An elapsed time NetworkDuration cannot hold (ASIM's 32-bit ms, 24.8 days), in seconds: kept in AdditionalFields instead. */
  readonly tooLongSeconds?: number;
  /** The session start it states (epoch ms), zone-corrected. */
  readonly sessionStart: number | undefined;
}

/**
 * A TRAFFIC log's own times: its generated time (PAN-OS 10.1+: its high-resolution form, with ms
 * and zone; else CEF `start` = $time_generated), else its receive time; its duration and session start.
 */
const INT32_MAX = 2147483647;

export function panTimes(input: PanTimeInputs, time: SyslogTimeOptions): PanTimes {
  const highRes = highResolutionMs(input.highResolution);
  const zoneless = input.startColumn !== undefined ? Date.parse(input.startColumn) : cslTextTimeMs(input.startText, time);
  const generated = highRes ?? zoneless;
  const received = cslTextTimeMs(input.receipt, time);
  const elapsed = input.elapsedSeconds;
  // the CSV's session start is zone-less like its generated time: the zone the high-resolution time
  // reveals corrects it too, so start and end stay consistent whatever the timezone option says
  let sessionStart = cslTextTimeMs(input.sessionStart, time);
  if (sessionStart !== undefined && highRes !== undefined && zoneless !== undefined) sessionStart += zoneShift(highRes, zoneless);
  const ownMs = generated ?? received;
  if (elapsed !== undefined && Math.abs(elapsed * 1000) > INT32_MAX) return { ownMs, duration: undefined, tooLongSeconds: elapsed, sessionStart };
  return { ownMs, duration: elapsed === undefined ? undefined : elapsed * 1000, sessionStart };
}

/** EventStartTime (epoch ms): the stated session start, else the end less the duration; never after the end. */
export function panStartMs(times: PanTimes, endMs: number): number {
  const { sessionStart, duration } = times;
  // a drop log's session start can be a second after its generated time (clock granularity): clamp
  return Math.min(sessionStart ?? (duration !== undefined && duration > 0 ? endMs - duration : endMs), endMs);
}

/** PAN-OS `act` → DvcAction (`DVC_ACTION`, own keys only: `constructor` is no action). */
export function dvcAction(act: string | undefined): NetworkSession['DvcAction'] | undefined {
  return act !== undefined && Object.hasOwn(DVC_ACTION, act) ? DVC_ACTION[act] : undefined;
}

/** KQL `coalesce(FieldDeviceCustomNumberN, DeviceCustomNumberN)`. */
function firstInt(a: number | undefined, b: number | undefined): number | undefined {
  return a ?? b;
}

/**
 * A value worth a field (not absent, not `''`). The mapping stores fields by name (`rec.X = v`):
 * stores through a computed name, shared by every field, turn the record into a slow
 * dictionary-mode object once it has a dozen fields.
 */
function hasText(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

function addIf(bag: Record<string, unknown>, key: string, value: string | undefined): void {
  if (value !== undefined && value !== '') bag[key] = value;
}

/** An empty label counts as the expected one (a template without labels); otherwise it must match. */
function labelIs(label: string | undefined, expected: ReadonlySet<string>): boolean {
  return label === undefined || label === '' || expected.has(label);
}

/** `0.0.0.0` (and `::`) is PAN-OS's "no NAT" placeholder. */
export function natAddress(addr: string | undefined): string | undefined {
  return addr === undefined || addr === '' || addr === '0.0.0.0' || addr === '::' ? undefined : addr;
}

/** A device-ID host name (PAN-OS 10.0+): an FQDN also fills Domain, DomainType and FQDN, split at the first dot. */
function setHost(rec: NetworkSession, side: 'Src' | 'Dst', name: string | undefined): void {
  if (name === undefined || name === '' || isIP(name) !== 0) return;
  const dot = name.indexOf('.');
  const fqdn = dot > 0 && dot < name.length - 1;
  const host = fqdn ? name.slice(0, dot) : name;
  // named stores, as everywhere in the mapping (see hasText)
  if (side === 'Src') {
    rec.SrcHostname = host;
    if (fqdn) {
      rec.SrcDomain = name.slice(dot + 1);
      rec.SrcDomainType = 'FQDN';
      rec.SrcFQDN = name;
    }
  } else {
    rec.DstHostname = host;
    if (fqdn) {
      rec.DstDomain = name.slice(dot + 1);
      rec.DstDomainType = 'FQDN';
      rec.DstFQDN = name;
    }
  }
}

/**
 * How far the zone of a zone-less time is from the zone it was read in: the high-resolution time
 * less the same instant read zone-less, in whole minutes (the zone-less form drops the ms). None
 * beyond the widest UTC offsets (±14 h): then the two times disagree, and no zone explains it.
 */
function zoneShift(highRes: number, zoneless: number): number {
  const shift = Math.round((highRes - zoneless) / 60_000) * 60_000;
  return Math.abs(shift) <= 14 * 3_600_000 ? shift : 0;
}

/** `PanOSTimeGeneratedHighResolution` (ISO 8601 with zone) → epoch ms; an unexpanded `$…` placeholder or other text is none. */
function highResolutionMs(text: string | undefined): number | undefined {
  return text === undefined || text === '' ? undefined : isoTimeMs(text);
}

/** Username and its type: `UPN` with `@`, `Windows` for `DOMAIN\user`, `DN` for `CN=...`, else `Simple`. */
function setUser(rec: NetworkSession, side: 'Src' | 'Dst', user: string | undefined): void {
  if (user === undefined || user === '') return;
  if (side === 'Src') {
    rec.SrcUsername = user;
    rec.SrcUsernameType = usernameType(user);
  } else {
    rec.DstUsername = user;
    rec.DstUsernameType = usernameType(user);
  }
}

export function usernameType(user: string): 'UPN' | 'Windows' | 'DN' | 'Simple' {
  if (user.includes('@')) return 'UPN';
  const bs = user.indexOf('\\');
  if (bs > 0 && bs < user.length - 1) return 'Windows';
  if (/^(CN|OU|DC|UID)=/i.test(user) && user.includes(',')) return 'DN';
  return 'Simple';
}
