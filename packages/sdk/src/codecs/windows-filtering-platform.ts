import type { NetworkSession } from '@asimkit/schema';
import { RecordRejected } from '../errors.js';
import { skip, type Skip } from '../parser.js';
import { finishSession, sessionTime, setIf } from '../session.js';
import { cslProtocolKeyword, setDvcFromName } from './csl-values.js';
import { setHostnameFields } from './host-names.js';
import { canonicalIpAddress, isLocalConnection } from './ip-text.js';
import { eventDataValue, type EventData, type HostEvent } from './windows-event.js';

/**
 * The one mapping of Windows Filtering Platform audit events (5150–5159) to ASIM, shared by the
 * SecurityEvent and WindowsEvent plugins (spec windows-security-event.md §5, with the decisions in
 * the plugins' READMEs). The plugins differ only in how a record becomes a `HostEvent`.
 */

/** The WFP events and what they say: action, and whether they carry a remote end. */
const WFP_EVENTS = {
  5150: { action: 'Drop', kind: 'packet' },
  5151: { action: 'Drop', kind: 'packet' },
  5152: { action: 'Drop', kind: 'packet' },
  5153: { action: 'Drop', kind: 'packet' },
  5154: { action: 'Allow', kind: 'listen' },
  5155: { action: 'Deny', kind: 'listen' },
  5156: { action: 'Allow', kind: 'connection' },
  5157: { action: 'Deny', kind: 'connection' },
  5158: { action: 'Allow', kind: 'bind' },
  5159: { action: 'Deny', kind: 'bind' },
} as const satisfies Record<number, { action: 'Allow' | 'Deny' | 'Drop'; kind: 'packet' | 'connection' | 'listen' | 'bind' }>;

type WfpEventId = keyof typeof WFP_EVENTS;

/** What other event ids in these tables are, for the skip reason (the tables are full of them). */
const OTHER_EVENTS: Readonly<Record<number, string>> = {
  4624: 'logon', 4625: 'failed logon', 4627: 'group membership', 4634: 'logoff', 4647: 'logoff', 4648: 'explicit-credential logon',
  4656: 'object handle request', 4658: 'handle closed', 4660: 'object deleted', 4663: 'object access', 4670: 'permissions changed',
  4672: 'special privileges', 4673: 'privileged service call', 4688: 'process created', 4689: 'process exited', 4690: 'handle duplicated',
  4768: 'Kerberos TGT request', 4769: 'Kerberos service ticket', 4776: 'credential validation', 5140: 'network share accessed',
  5145: 'network share access check', 5447: 'WFP filter changed', 5441: 'WFP filter at startup', 5444: 'WFP provider context',
};

export function isWfpEventId(id: number | undefined): id is WfpEventId {
  return id !== undefined && id >= 5150 && id <= 5159;
}

/** The skip reason of an event that is not a WFP connection event. */
export function notWfpEvent(id: number | undefined): Skip {
  if (id === undefined) return skip('no EventID');
  const what = OTHER_EVENTS[id];
  return skip(what ? `not a WFP network event (EventID ${id}: ${what})` : `not a WFP network event (EventID ${id})`);
}

/** `Direction`: insertion-string tokens, English words, a few localized words → the WFP direction. */
const DIRECTION_TOKENS: Readonly<Record<string, 'in' | 'out' | 'forward' | 'both'>> = {
  '%%14592': 'in', '%%14593': 'out', '%%14594': 'forward', '%%14595': 'both',
  inbound: 'in', outbound: 'out', forward: 'forward', bidirectional: 'both',
  // rendered by collectors in the host's language
  eingehend: 'in', ausgehend: 'out', entrant: 'in', sortant: 'out', entrante: 'in', saliente: 'out',
  'in entrata': 'in', 'in uscita': 'out', inkomend: 'in', uitgaand: 'out', entrada: 'in', 'saída': 'out',
};

/** `LayerName` tokens → names (Microsoft's table, plus the three Elastic lists). */
export const WFP_LAYER_NAMES: Readonly<Record<string, string>> = {
  '%%14596': 'IP Packet', '%%14597': 'Transport', '%%14598': 'Forward', '%%14599': 'Stream', '%%14600': 'Datagram Data',
  '%%14601': 'ICMP Error', '%%14602': 'MAC 802.3', '%%14603': 'MAC Native', '%%14604': 'vSwitch', '%%14608': 'Resource Assignment',
  '%%14609': 'Listen', '%%14610': 'Receive/Accept', '%%14611': 'Connect', '%%14612': 'Flow Established', '%%14614': 'Resource Release',
  '%%14615': 'Endpoint Closure', '%%14616': 'Connect Redirect', '%%14617': 'Bind Redirect', '%%14624': 'Stream Packet',
  '%%14640': 'ICMP Echo-Request', '%%14641': 'vSwitch Ingress', '%%14642': 'vSwitch Egress',
};

/** Connect (outbound) and Receive/Accept (inbound) layers, for events whose Direction is missing. */
const LAYER_DIRECTION: Readonly<Record<string, 'in' | 'out'>> = { '%%14611': 'out', '%%14610': 'in', Connect: 'out', 'Receive/Accept': 'in' };
const LAYER_RTID_DIRECTION: Readonly<Record<string, 'in' | 'out'>> = { '48': 'out', '50': 'out', '44': 'in', '46': 'in' };

const NULL_SID = 'S-1-0-0';
const ICMP = new Set(['1', '58']);

export interface WfpMapContext {
  readonly receivedAt: string;
}

/**
 * A WFP event (5150–5159) → ASIM EndpointNetworkSession. Source = the flow's initiator as the
 * event reports it (spec §2: `SourceAddress` initiates, in both directions), so an inbound and an
 * outbound record of one connection have the same Src/Dst; the local process goes to the side the
 * direction says (outbound: Src, inbound: Dst); listen/bind events put everything local on Src.
 */
export function mapWfpEvent(ev: HostEvent, ctx: WfpMapContext): NetworkSession | Skip {
  const id = ev.eventId;
  if (!isWfpEventId(id)) return notWfpEvent(id);
  const d = ev.data;
  const spec = WFP_EVENTS[id];
  const additional: Record<string, unknown> = {};
  if (ev.timeNote !== undefined) additional.TimeGeneratedSource = ev.timeNote;
  const time = sessionTime(ev.timeMs, undefined, ctx.receivedAt, additional);
  const rec: NetworkSession = {
    TimeGenerated: time.iso,
    EventStartTime: time.iso,
    EventEndTime: time.iso,
    EventCount: 1,
    EventType: 'EndpointNetworkSession',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventVendor: 'Microsoft',
    EventProduct: 'Windows Firewall',
    EventOriginalType: String(id),
    DvcAction: spec.action,
    EventResult: spec.action === 'Allow' ? 'Success' : 'Failure',
    EventSeverity: spec.action === 'Allow' ? 'Informational' : 'Low',
    DvcOs: 'Windows',
   } as NetworkSession;
  setIf(rec, 'EventOriginalUid', ev.recordId);
  setDvcFromName(rec, ev.computer);

  const protocolNumber = eventDataValue(d, 'Protocol')?.trim();
  const protocol = protocolNumber === undefined ? undefined : cslProtocolKeyword(protocolNumber);
  if (protocolNumber !== undefined && protocol === undefined && protocolNumber !== '') additional.Protocol = protocolNumber;
  setIf(rec, 'NetworkProtocol', protocol);

  const local = spec.kind === 'listen' || spec.kind === 'bind';
  const direction = local ? undefined : directionOf(d, additional);
  const src = address(d, 'SourceAddress', additional);
  const dst = local ? undefined : address(d, 'DestAddress', additional);
  setIf(rec, 'SrcIpAddr', src);
  setIf(rec, 'DstIpAddr', dst);
  setIf(rec, 'NetworkProtocolVersion', ipVersionOf(src ?? dst));

  if (protocolNumber !== undefined && ICMP.has(protocolNumber) && !local) setIcmp(rec, d, direction, additional);
  else {
    setIf(rec, 'SrcPortNumber', port(d, 'SourcePort', additional));
    if (!local) setIf(rec, 'DstPortNumber', port(d, 'DestPort', additional));
  }

  if (local) rec.NetworkDirection = 'Listen';
  else if (direction === 'in' || direction === 'out') rec.NetworkDirection = isLocalConnection(src, dst) ? 'Local' : direction === 'in' ? 'Inbound' : 'Outbound';
  else if (direction !== undefined) rec.NetworkDirection = 'NA';

  // the local end: Src when outbound or listening, Dst when inbound (and, like Microsoft, when unknown)
  const localSide = local || direction === 'out' ? 'Src' : 'Dst';
  setLocalProcess(rec, d, localSide, ev.computer);
  if (!local) setRemoteIdentity(rec, d, localSide === 'Src' ? 'Dst' : 'Src');

  const filter = eventDataValue(d, 'FilterRTID');
  if (filter !== undefined && filter !== '') {
    const n = Number(filter);
    if (/^\d{1,15}$/.test(filter) && n > 0) rec.NetworkRuleNumber = n;
    additional.FilterRTID = filter;
  }
  const layer = eventDataValue(d, 'LayerName');
  if (layer !== undefined && layer !== '') additional.LayerName = WFP_LAYER_NAMES[layer] ?? layer;
  for (const name of ['LayerRTID', 'FilterOrigin', 'InterfaceIndex', 'IsLoopback'] as const) {
    const v = eventDataValue(d, name);
    if (v !== undefined && v !== '') additional[name] = v;
  }
  return finishSession(rec, additional);
}

function directionOf(d: EventData, additional: Record<string, unknown>): 'in' | 'out' | 'forward' | 'both' | undefined {
  const raw = eventDataValue(d, 'Direction');
  if (raw !== undefined && raw.trim() !== '') {
    const known = DIRECTION_TOKENS[raw.trim().toLowerCase()];
    if (known !== undefined) return known;
    additional.Direction = raw;
  }
  const layer = eventDataValue(d, 'LayerName');
  const rtid = eventDataValue(d, 'LayerRTID');
  return (layer !== undefined ? LAYER_DIRECTION[layer] : undefined) ?? (rtid !== undefined ? LAYER_RTID_DIRECTION[rtid] : undefined);
}

function address(d: EventData, name: string, additional: Record<string, unknown>): string | undefined {
  const raw = eventDataValue(d, name)?.trim();
  if (raw === undefined || raw === '' || raw === '-') return undefined;
  const ip = canonicalIpAddress(raw);
  if (ip === undefined) additional[name] = raw;
  return ip;
}

function port(d: EventData, name: string, additional: Record<string, unknown>): number | undefined {
  const raw = eventDataValue(d, name)?.trim();
  if (raw === undefined || raw === '' || raw === '-') return undefined;
  if (/^\d{1,5}$/.test(raw) && Number(raw) <= 65535) return Number(raw);
  additional[name] = raw;
  return undefined;
}

function ipVersionOf(addr: string | undefined): 'IPv4' | 'IPv6' | undefined {
  if (addr === undefined) return undefined;
  return addr.includes(':') ? 'IPv6' : 'IPv4';
}

/**
 * ICMP and ICMPv6: WFP puts the ICMP type in the local port and the code in the remote port
 * (observed: outbound echo request 8/0, inbound router advertisement 0/134, outbound MLDv2 report
 * 143/0), so they become NetworkIcmpType/Code and no port is set.
 */
function setIcmp(rec: NetworkSession, d: EventData, direction: string | undefined, additional: Record<string, unknown>): void {
  const inbound = direction === 'in';
  const type = port(d, inbound ? 'DestPort' : 'SourcePort', additional);
  const code = port(d, inbound ? 'SourcePort' : 'DestPort', additional);
  if (type !== undefined) rec.NetworkIcmpType = String(type);
  if (code !== undefined) rec.NetworkIcmpCode = code;
}

/** `Application` and the process id on the local side; the host's name there too (Microsoft). */
function setLocalProcess(rec: NetworkSession, d: EventData, side: 'Src' | 'Dst', computer: string | undefined): void {
  const r = rec as unknown as Record<string, unknown>;
  const app = eventDataValue(d, 'Application')?.trim();
  if (app !== undefined && app !== '' && app !== '-') {
    r[`${side}AppName`] = app;
    r[`${side}AppType`] = 'Process';
    r[`${side}ProcessName`] = app;
  }
  const pid = processId(eventDataValue(d, 'ProcessID'));
  if (pid !== undefined) r[`${side}ProcessId`] = pid;
  // R12: a side's hostname needs its IP address
  if (r[`${side}IpAddr`] !== undefined) setHostnameFields(rec, side, computer);
}

/** The PID as a decimal string; `0` and `-` are no process (5152 drops); a `0x` form is converted. */
function processId(raw: string | undefined): string | undefined {
  const t = raw?.trim();
  if (t === undefined || t === '' || t === '-') return undefined;
  let n: number;
  if (/^0x[0-9a-f]+$/i.test(t)) n = parseInt(t.slice(2), 16);
  else if (/^\d+$/.test(t)) n = Number(t);
  else throw new RecordRejected('bad-value', `ProcessId "${t}" is not a process id`);
  return n === 0 ? undefined : String(n);
}

/** The IPsec-authenticated remote user and machine, on the remote side; the NULL SID is none. */
function setRemoteIdentity(rec: NetworkSession, d: EventData, side: 'Src' | 'Dst'): void {
  const r = rec as unknown as Record<string, unknown>;
  const user = eventDataValue(d, 'RemoteUserID')?.trim();
  if (user !== undefined && user !== '' && user !== NULL_SID && user !== '-') {
    r[`${side}UserId`] = user;
    r[`${side}UserIdType`] = 'SID';
  }
  const machine = eventDataValue(d, 'RemoteMachineID')?.trim();
  if (machine !== undefined && machine !== '' && machine !== NULL_SID && machine !== '-') {
    r[`${side}DvcId`] = machine;
    r[`${side}DvcIdType`] = 'Other';
  }
}
