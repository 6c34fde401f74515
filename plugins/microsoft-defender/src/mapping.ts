import { isIP } from 'node:net';
import type { NetworkSession } from '@asimkit/schema';
import { cslProtocolKeyword, finishSession, ipVersion, sessionTime, setDvcFromName, setIf, Skip, skip, usernameType } from '@asimkit/sdk';
import type { DefenderRow } from './row.js';

/** Which end opened the connection, as the ActionType tells it (README "Event selection"). */
type Orientation = 'outbound' | 'inbound' | 'listen' | 'found';

/** Connection ActionTypes (spec §2.4, §4). */
export const CONNECTION_ACTIONS: Readonly<Record<string, Orientation>> = {
  ConnectionSuccess: 'outbound',
  ConnectionFailed: 'outbound',
  ConnectionRequest: 'outbound',
  InboundConnectionAccepted: 'inbound',
  ConnectionAttempt: 'inbound', // a TCP SYN the device received (MS parser 0.4.1)
  ConnectionAcknowledged: 'inbound', // the device answered a SYN with a SYN/ACK
  ListeningConnectionCreated: 'listen',
  ConnectionFound: 'found', // an open connection found on the device: who opened it is not said
};

/** Inspection ActionTypes → the application protocol inspected (none for signatures, scans, ICMP). */
export const INSPECTION_ACTIONS: ReadonlyMap<string, string | undefined> = new Map([
  ['NetworkSignatureInspected', undefined],
  ['DnsConnectionInspected', 'DNS'],
  ['HttpConnectionInspected', 'HTTP'],
  ['SslConnectionInspected', 'SSL'],
  ['SshConnectionInspected', 'SSH'],
  ['SmtpConnectionInspected', 'SMTP'],
  ['FtpConnectionInspected', 'FTP'],
  ['IcmpConnectionInspected', undefined],
  ['NtlmAuthenticationInspected', 'NTLM'],
  ['InboundInternetScanInspected', undefined],
]);

export const NETWORK_DIRECTION = { outbound: 'Outbound', inbound: 'Inbound', listen: 'Listen', found: 'NA' } as const;

/** The field names of one end, built once: a computed `${end}IpAddr` per record costs a string build and lookup. */
function endFields(end: 'Src' | 'Dst') {
  return {
    AppId: `${end}AppId`,
    AppName: `${end}AppName`,
    AppType: `${end}AppType`,
    Domain: `${end}Domain`,
    DomainType: `${end}DomainType`,
    DvcId: `${end}DvcId`,
    DvcIdType: `${end}DvcIdType`,
    FQDN: `${end}FQDN`,
    Hostname: `${end}Hostname`,
    IpAddr: `${end}IpAddr`,
    PortNumber: `${end}PortNumber`,
    ProcessId: `${end}ProcessId`,
    ProcessName: `${end}ProcessName`,
    UserId: `${end}UserId`,
    UserIdType: `${end}UserIdType`,
    Username: `${end}Username`,
    UsernameType: `${end}UsernameType`,
  } as const;
}
type EndFields = ReturnType<typeof endFields>;
const END = { Src: endFields('Src'), Dst: endFields('Dst') };

/** The SID Defender reports when the account is unknown. */
const NULL_SID = 'S-1-0-0';

export interface DefenderMapOptions {
  /** Map the `*Inspected` ActionTypes as sessions instead of skipping them. */
  readonly inspections: boolean;
}

/** What the full and the lean record are both built from: the event's kind, time and ends. */
interface Connection {
  readonly action: string;
  readonly orientation: Orientation;
  readonly inspected: boolean;
  readonly time: string;
  readonly local?: string;
  readonly remote?: string;
  readonly remotePort?: number;
  /** The device's end is the destination (inbound, listening, or the service of a found connection). */
  readonly localIsDst: boolean;
  readonly additional: Record<string, unknown>;
}

/** The event selection (README "Event selection") and what every record of a selected event needs. */
function connectionOf(row: DefenderRow, options: DefenderMapOptions, receivedAt: string): Connection | Skip {
  const action = row.ActionType;
  let orientation: Orientation | undefined = CONNECTION_ACTIONS[action];
  const inspected = orientation === undefined && INSPECTION_ACTIONS.has(action);
  if (inspected) {
    if (!options.inspections) return skip(`inspection ${action} (inspections=true maps it)`);
    orientation = inspectionOrientation(row.additionalFields);
  }
  if (orientation === undefined) return skip(`ActionType ${action} is not a network connection event`);

  const additional: Record<string, unknown> = {};
  if (row.timeSource !== undefined) additional.TimeGeneratedSource = row.timeSource;
  const time = sessionTime(row.timeMs, undefined, receivedAt, additional).iso;
  const local = address(row.LocalIP, 'LocalIP', additional);
  let remote = address(row.RemoteIP, 'RemoteIP', additional);
  let remotePort = row.RemotePort;
  if (orientation === 'listen' && (remote === undefined || isUnspecified(remote))) {
    remote = undefined; // a listening socket has no peer: Defender fills in the wildcard address
    remotePort = undefined;
  }
  const localIsDst = orientation === 'inbound' || orientation === 'listen' || (orientation === 'found' && localIsService(row.LocalPort, remotePort));
  return { action, orientation, inspected, time, local, remote, remotePort, localIsDst, additional };
}

/** The fields every record has: event, device and protocol, and both ends' addresses and ports. */
function baseRecord(row: DefenderRow, c: Connection): NetworkSession {
  const rec = {
    TimeGenerated: c.time,
    Type: 'DeviceNetworkEvents',
    EventVendor: 'Microsoft',
    EventProduct: 'M365 Defender for Endpoint',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'EndpointNetworkSession',
    EventCount: 1,
    EventStartTime: c.time,
    EventEndTime: c.time,
    EventResult: c.action === 'ConnectionFailed' ? 'Failure' : 'Success',
    EventSeverity: 'Informational',
    EventOriginalResultDetails: c.action,
    NetworkDirection: NETWORK_DIRECTION[c.orientation],
  } as NetworkSession;
  if (row.ReportId !== undefined) rec.EventOriginalUid = row.ReportId;

  setDvcFromName(rec, row.DeviceName);
  if (row.DeviceId !== undefined) {
    rec.DvcId = row.DeviceId;
    rec.DvcIdType = 'MDEid';
  }
  if (c.local !== undefined && !isUnspecified(c.local)) rec.DvcIpAddr = c.local;
  rec.Dvc = rec.DvcFQDN ?? rec.DvcHostname ?? rec.DvcId ?? rec.DvcIpAddr ?? 'M365 Defender for Endpoint';

  const version = ipVersion(c.local ?? c.remote);
  if (version !== undefined) rec.NetworkProtocolVersion = version;
  const protocol = networkProtocol(row.Protocol, version === 'IPv6');
  if (protocol !== undefined) rec.NetworkProtocol = protocol;
  else if (row.Protocol !== undefined && row.Protocol !== 'Unknown') c.additional.Protocol = row.Protocol;
  const appProtocol = c.inspected ? INSPECTION_ACTIONS.get(c.action) : undefined;
  if (appProtocol !== undefined) rec.NetworkApplicationProtocol = appProtocol;

  const r = rec as unknown as Record<string, unknown>;
  const L = c.localIsDst ? END.Dst : END.Src;
  const R = c.localIsDst ? END.Src : END.Dst;
  if (c.local !== undefined) r[L.IpAddr] = c.local;
  if (row.LocalPort !== undefined) r[L.PortNumber] = row.LocalPort;
  if (c.remote !== undefined) r[R.IpAddr] = c.remote;
  if (c.remotePort !== undefined) r[R.PortNumber] = c.remotePort;
  return rec;
}

/** Maps one DeviceNetworkEvents event to ASIM. See the plugin README for every decision and deviation. */
export function mapEvent(row: DefenderRow, options: DefenderMapOptions, receivedAt: string): NetworkSession | Skip {
  const c = connectionOf(row, options, receivedAt);
  if (c instanceof Skip) return c;
  const rec = baseRecord(row, c);
  const r = rec as unknown as Record<string, unknown>;
  const L = c.localIsDst ? END.Dst : END.Src;
  const R = c.localIsDst ? END.Src : END.Dst;
  const additional = c.additional;

  // the device's own end: host name, device, account and process
  if (c.local !== undefined && rec.DvcHostname !== undefined) {
    r[L.Hostname] = rec.DvcHostname;
    if (rec.DvcDomain !== undefined) {
      r[L.Domain] = rec.DvcDomain;
      r[L.DomainType] = 'FQDN';
      r[L.FQDN] = rec.DvcFQDN;
    }
  }
  if (row.DeviceId !== undefined) {
    r[L.DvcId] = row.DeviceId;
    r[L.DvcIdType] = 'MDEid';
  }
  setUser(r, L, row);
  setProcess(r, L, row);

  // the peer's name
  if (c.remote !== undefined) setRemoteHost(r, R, row.RemoteUrl, additional);
  else if (row.RemoteUrl !== undefined) additional.RemoteUrl = row.RemoteUrl;

  // the leading identifiers are the addresses, as in Microsoft's parser (not the 40-hex device id)
  setIf(rec, 'Src', rec.SrcIpAddr ?? rec.SrcHostname ?? rec.SrcDvcId);
  setIf(rec, 'Dst', rec.DstIpAddr ?? rec.DstHostname ?? rec.DstDvcId);
  for (const key in row.extra) additional[key] = row.extra[key];
  if (row.additionalFields !== undefined) additional.AdditionalFields = row.additionalFields;
  return finishSession(rec, additional);
}

/** The fields `mapEventLean` fills (with mapEvent's values): the mandatory ones and what the detector counts. */
export const LEAN_FIELDS: ReadonlySet<string> = new Set([
  'TimeGenerated', 'Type', 'EventVendor', 'EventProduct', 'EventSchema', 'EventSchemaVersion', 'EventType', 'EventCount',
  'EventStartTime', 'EventEndTime', 'EventResult', 'EventSeverity', 'EventOriginalResultDetails', 'EventOriginalUid',
  'NetworkDirection', 'NetworkProtocol', 'NetworkProtocolVersion', 'NetworkApplicationProtocol', 'DvcAction',
  'Dvc', 'DvcHostname', 'DvcDomain', 'DvcDomainType', 'DvcFQDN', 'DvcId', 'DvcIdType', 'DvcIpAddr',
  'SrcIpAddr', 'SrcPortNumber', 'DstIpAddr', 'DstPortNumber', 'DstAppName',
]);

/**
 * The record when the consumer needs only LEAN_FIELDS (`asim detect`'s projection,
 * StreamContext.fields): the same values as `mapEvent` for those fields, without the host names,
 * accounts, aliases and AdditionalFields nothing reads. The same events are skipped.
 */
export function mapEventLean(row: DefenderRow, options: DefenderMapOptions, receivedAt: string): NetworkSession | Skip {
  const c = connectionOf(row, options, receivedAt);
  if (c instanceof Skip) return c;
  const rec = baseRecord(row, c);
  if (c.localIsDst && row.InitiatingProcessFileName !== undefined) rec.DstAppName = row.InitiatingProcessFileName;
  return rec;
}

/** Inspection events say the direction in AdditionalFields.direction (`In`/`Out`). */
function inspectionOrientation(fields: unknown): Orientation {
  const direction = typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>).direction : undefined;
  if (typeof direction === 'string') {
    if (/^in(bound)?$/i.test(direction)) return 'inbound';
    if (/^out(bound)?$/i.test(direction)) return 'outbound';
  }
  return 'found';
}

/**
 * For a connection whose opener is not reported: the local end is the service (Dst) when its
 * port is the lower one, as listening ports are below the ephemeral range the opener's port comes
 * from. Without both ports, the local end is Dst (Microsoft's choice for ConnectionFound).
 */
export function localIsService(localPort: number | undefined, remotePort: number | undefined): boolean {
  if (localPort === undefined || remotePort === undefined) return true;
  return localPort <= remotePort;
}

/**
 * An address column: `-` and empty are absent; an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, a
 * dual-stack socket's view of an IPv4 peer) becomes the IPv4 address; text that is not an IP
 * address is dropped, and AdditionalFields keeps the original either way.
 */
export function address(value: string | undefined, column: string, additional: Record<string, unknown>): string | undefined {
  if (value === undefined || value === '-') return undefined;
  const kind = isIP(value);
  if (kind === 4) return value;
  if (kind === 0) {
    additional[column] = value;
    additional[`${column}Dropped`] = 'not an IP address';
    return undefined;
  }
  const v4 = ipv4Mapped(value);
  if (v4 === undefined) return value;
  additional[column] = value;
  return v4;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, `::ffff:102:304`, full forms), else undefined. */
export function ipv4Mapped(v6: string): string | undefined {
  const m = /^(?:(?:0{1,4}:){5}|::(?:0{1,4}:)?)ffff:(.+)$/i.exec(v6);
  if (!m) return undefined;
  const tail = m[1]!;
  if (isIP(tail) === 4) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
  if (!hex) return undefined;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

function isUnspecified(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::' || /^[0:]+$/.test(ip);
}

/** `Tcp*` → TCP, `Udp*` → UDP, `Icmp*` → ICMP (IPv6-ICMP over IPv6), other IANA keywords as such; `Unknown` and anything else → undefined. */
export function networkProtocol(protocol: string | undefined, overIpv6: boolean): string | undefined {
  if (protocol === undefined) return undefined;
  const p = protocol.toLowerCase();
  if (p.startsWith('tcp')) return 'TCP';
  if (p.startsWith('udp')) return 'UDP';
  if (p.startsWith('icmpv6')) return 'IPv6-ICMP';
  if (p.startsWith('icmp')) return overIpv6 ? 'IPv6-ICMP' : 'ICMP';
  if (p === 'unknown') return undefined;
  return cslProtocolKeyword(protocol);
}

/** The initiating process's account on the device's end: `Domain\Name` (Windows) or the name, and its SID. */
function setUser(r: Record<string, unknown>, side: EndFields, row: DefenderRow): void {
  const name = row.InitiatingProcessAccountName;
  if (name !== undefined) {
    const domain = row.InitiatingProcessAccountDomain;
    r[side.Username] = domain !== undefined ? `${domain}\\${name}` : name;
    r[side.UsernameType] = domain !== undefined ? 'Windows' : usernameType(name);
  }
  const sid = row.InitiatingProcessAccountSid;
  if (sid !== undefined && sid !== NULL_SID) {
    r[side.UserId] = sid;
    r[side.UserIdType] = 'SID';
  }
}

/** The initiating process: name (also the app), and its id unless 0 (no process attributed). */
function setProcess(r: Record<string, unknown>, side: EndFields, row: DefenderRow): void {
  const id = row.InitiatingProcessId;
  const name = row.InitiatingProcessFileName;
  if (id !== undefined && id !== 0) {
    r[side.ProcessId] = String(id);
    r[side.AppId] = String(id);
    r[side.AppType] = 'Process';
  }
  if (name !== undefined) {
    r[side.ProcessName] = name;
    r[side.AppName] = name;
    r[side.AppType] = 'Process';
  }
}

/**
 * The peer's name from RemoteUrl: scheme, user info, port, path and query removed, then split on
 * the first dot like DeviceName. An address literal names no host. AdditionalFields keeps a
 * RemoteUrl that is more than the host name.
 */
function setRemoteHost(r: Record<string, unknown>, side: EndFields, url: string | undefined, additional: Record<string, unknown>): void {
  if (url === undefined) return;
  const host = urlHost(url);
  if (host !== url) additional.RemoteUrl = url;
  if (host === undefined) return;
  const dot = host.indexOf('.');
  if (dot <= 0) {
    r[side.Hostname] = host;
    return;
  }
  r[side.Hostname] = host.slice(0, dot);
  r[side.Domain] = host.slice(dot + 1);
  r[side.DomainType] = 'FQDN';
  r[side.FQDN] = host;
}

/** The host part of a URL or bare host name; undefined for an address literal or nothing. */
export function urlHost(url: string): string | undefined {
  let s = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const end = s.search(/[/?#]/);
  if (end >= 0) s = s.slice(0, end);
  const at = s.lastIndexOf('@');
  if (at >= 0) s = s.slice(at + 1);
  if (s.startsWith('[')) return undefined; // [v6]:port
  s = s.replace(/:\d*$/, '').replace(/\.$/, '');
  if (s === '' || isIP(s) !== 0 || !/^[A-Za-z0-9_*-]+(\.[A-Za-z0-9_-]+)*$/.test(s)) return undefined;
  return s;
}
