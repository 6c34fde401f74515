import type { NetworkSession } from '@asimkit/schema';
import { RecordRejected } from '../errors.js';
import { skip, type Skip } from '../parser.js';
import { finishSession, sessionTime, setIf } from '../session.js';
import { cslProtocolKeyword, setDvcFromName, usernameType } from './csl-values.js';
import { setHostnameFields } from './host-names.js';
import { canonicalIpAddress, isLocalConnection } from './ip-text.js';
import { eventDataValue, eventTimestampMs, type EventData, type HostEvent } from './windows-event.js';

/**
 * The one mapping of Sysmon event 3 (NetworkConnect) to ASIM, shared by Sysmon for Linux (syslog /
 * Syslog table) and Sysmon for Windows (event XML, WindowsEvent rows, NXLog/Winlogbeat JSON): one
 * event, two envelopes. Fields are read by name, never by position (spec sysmon-linux.md §5, §8).
 */

/** Sysmon event ids → what they are, for skip reasons. */
const SYSMON_EVENTS: Readonly<Record<number, string>> = {
  1: 'ProcessCreate', 2: 'FileCreateTime', 4: 'ServiceStateChange', 5: 'ProcessTerminate', 6: 'DriverLoad', 7: 'ImageLoad',
  8: 'CreateRemoteThread', 9: 'RawAccessRead', 10: 'ProcessAccess', 11: 'FileCreate', 12: 'RegistryEvent (Object create and delete)',
  13: 'RegistryEvent (Value Set)', 14: 'RegistryEvent (Key and Value Rename)', 15: 'FileCreateStreamHash', 16: 'ServiceConfigurationChange',
  17: 'PipeEvent (Pipe Created)', 18: 'PipeEvent (Pipe Connected)', 19: 'WmiEvent (WmiEventFilter)', 20: 'WmiEvent (WmiEventConsumer)',
  21: 'WmiEvent (WmiEventConsumerToFilter)', 22: 'DNSEvent', 23: 'FileDelete', 24: 'ClipboardChange', 25: 'ProcessTampering',
  26: 'FileDeleteDetected', 27: 'FileBlockExecutable', 28: 'FileBlockShredding', 29: 'FileExecutableDetected', 255: 'Error',
};

/** The skip of a Sysmon event that is not event 3. */
export function notSysmonNetworkEvent(id: number | undefined): Skip {
  if (id === undefined) return skip('no EventID');
  const what = SYSMON_EVENTS[id];
  return skip(what ? `not a Sysmon network event (EventID ${id}: ${what})` : `not a Sysmon network event (EventID ${id})`);
}

const INITIATED: Readonly<Record<string, boolean>> = { true: true, false: false, '1': true, '0': false };

export interface SysmonMapContext {
  readonly product: 'Sysmon for Linux' | 'Sysmon';
  readonly os: 'Linux' | 'Windows';
  readonly receivedAt: string;
  /** The Syslog table's `HostIP` (the sender's address): DvcIpAddr, and the direction heuristic when `Initiated` is missing. */
  readonly hostIp?: string;
}

/**
 * Sysmon event 3 → ASIM EndpointNetworkSession. Sysmon's Source is always the initiator (connect,
 * UDP send: local; accept, UDP receive: the peer), so Src/Dst are taken as they are, and
 * `Initiated` says which end is this host: `true` → Outbound, the process on Src; `false` →
 * Inbound, the process on Dst. Time: `UtcTime` (when the connection happened), else the event's.
 */
export function mapSysmonNetworkConnect(ev: HostEvent, ctx: SysmonMapContext): NetworkSession | Skip {
  if (ev.eventId !== 3) return notSysmonNetworkEvent(ev.eventId);
  const d = ev.data;
  const additional: Record<string, unknown> = {};
  const utc = value(d, 'UtcTime');
  let ownMs = ev.timeMs;
  if (utc !== undefined) {
    ownMs = eventTimestampMs(utc);
    if (Number.isNaN(ownMs)) throw new RecordRejected('bad-time', `UtcTime "${utc}" is not a valid timestamp`);
  }
  if (utc === undefined && ev.timeNote !== undefined) additional.TimeGeneratedSource = ev.timeNote;
  const time = sessionTime(ownMs, undefined, ctx.receivedAt, additional);
  const rec: NetworkSession = {
    TimeGenerated: time.iso,
    EventStartTime: time.iso,
    EventEndTime: time.iso,
    EventCount: 1,
    EventType: 'EndpointNetworkSession',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventVendor: 'Microsoft',
    EventProduct: ctx.product,
    EventOriginalType: '3',
    EventResult: 'Success',
    EventSeverity: 'Informational',
    DvcOs: ctx.os,
   } as NetworkSession;
  setIf(rec, 'EventOriginalUid', ev.recordId);
  setDvcFromName(rec, ev.computer);
  if (ctx.hostIp !== undefined && canonicalIpAddress(ctx.hostIp) !== undefined) rec.DvcIpAddr = canonicalIpAddress(ctx.hostIp);

  const protocol = value(d, 'Protocol');
  const keyword = protocol === undefined ? undefined : cslProtocolKeyword(protocol);
  if (protocol !== undefined && keyword === undefined) additional.Protocol = protocol;
  setIf(rec, 'NetworkProtocol', keyword);

  const src = address(d, 'SourceIp', additional);
  const dst = address(d, 'DestinationIp', additional);
  setIf(rec, 'SrcIpAddr', src);
  setIf(rec, 'DstIpAddr', dst);
  setIf(rec, 'SrcPortNumber', port(d, 'SourcePort', additional));
  setIf(rec, 'DstPortNumber', port(d, 'DestinationPort', additional));
  setIf(rec, 'NetworkProtocolVersion', src === undefined && dst === undefined ? undefined : (src ?? dst)!.includes(':') ? 'IPv6' : 'IPv4');
  // R12: a side's hostname needs its IP address
  if (src !== undefined) setHostnameFields(rec, 'Src', value(d, 'SourceHostname'));
  if (dst !== undefined) setHostnameFields(rec, 'Dst', value(d, 'DestinationHostname'));
  const service = value(d, 'DestinationPortName');
  if (service !== undefined) rec.NetworkApplicationProtocol = service.toUpperCase();

  const initiated = initiatedOf(d, src, ctx.hostIp, additional);
  if (initiated !== undefined) rec.NetworkDirection = isLocalConnection(src, dst) ? 'Local' : initiated ? 'Outbound' : 'Inbound';
  setProcess(rec, d, initiated === false ? 'Dst' : 'Src');

  const rule = value(d, 'RuleName');
  if (rule !== undefined) additional.RuleName = rule;
  return finishSession(rec, additional);
}

/** A data value, with Sysmon's `-` (and empty) meaning none. */
function value(d: EventData, name: string): string | undefined {
  const v = eventDataValue(d, name)?.trim();
  return v === undefined || v === '' || v === '-' ? undefined : v;
}

function address(d: EventData, name: string, additional: Record<string, unknown>): string | undefined {
  const raw = value(d, name);
  if (raw === undefined) return undefined;
  const ip = canonicalIpAddress(raw);
  if (ip === undefined) additional[name] = raw;
  return ip;
}

function port(d: EventData, name: string, additional: Record<string, unknown>): number | undefined {
  const raw = value(d, name);
  if (raw === undefined) return undefined;
  if (/^\d{1,5}$/.test(raw) && Number(raw) <= 65535) return Number(raw);
  additional[name] = raw;
  return undefined;
}

/**
 * `Initiated` (`true`: this host connected or sent). When it is missing, Microsoft's heuristic: the
 * source is this host when it is the Syslog row's HostIP, 127.0.0.1 or 0.0.0.0.
 */
function initiatedOf(d: EventData, src: string | undefined, hostIp: string | undefined, additional: Record<string, unknown>): boolean | undefined {
  const raw = value(d, 'Initiated');
  if (raw !== undefined) {
    const known = INITIATED[raw.toLowerCase()];
    if (known !== undefined) return known;
    additional.Initiated = raw;
  }
  if (hostIp === undefined || src === undefined) return undefined;
  return src === hostIp || src === '127.0.0.1' || src === '0.0.0.0';
}

/** Image, ProcessId, ProcessGuid and User on the local side (Src when the direction is unknown). */
function setProcess(rec: NetworkSession, d: EventData, side: 'Src' | 'Dst'): void {
  const r = rec as unknown as Record<string, unknown>;
  const image = value(d, 'Image');
  if (image !== undefined && image !== '<unknown process>') {
    r[`${side}ProcessName`] = image;
    r[`${side}AppName`] = image;
    r[`${side}AppType`] = 'Process';
  }
  const pid = value(d, 'ProcessId');
  if (pid !== undefined) {
    if (!/^\d{1,10}$/.test(pid)) throw new RecordRejected('bad-value', `ProcessId "${pid}" is not a process id`);
    if (pid !== '0') r[`${side}ProcessId`] = pid;
  }
  const guid = value(d, 'ProcessGuid')?.replace(/^\{(.*)\}$/, '$1');
  if (guid !== undefined && !/^[0-]+$/.test(guid)) r[`${side}ProcessGuid`] = guid;
  const user = value(d, 'User');
  if (user !== undefined) {
    r[`${side}Username`] = user;
    r[`${side}UsernameType`] = usernameType(user);
  }
}
