import { eventResultFor, eventSeverityFor, type NetworkSession } from '@asimkit/schema';
import { finishSession, hasTerm, RecordRejected, ipVersion, isIpAddress, setDvcFromName, setIf, skip, usernameType, type JsonObject, type Skip, type SyslogRow } from '@asimkit/sdk';
import { parseBody, type MerakiBody } from './body.js';
import { merakiHeaderOf, type MerakiHeader } from './header.js';
import { endpoint, macAddress, networkProtocol, portNumber, valueMap } from './values.js';

type DvcAction = NonNullable<NetworkSession['DvcAction']>;
type Severity = NonNullable<NetworkSession['EventSeverity']>;
type ResultDetails = NonNullable<NetworkSession['EventResultDetails']>;
type Additional = Record<string, unknown>;

/** A Syslog row (raw line or export), a meraki_CL row (its `Message` as the message), or a REST security event. */
export type MerakiRow = SyslogRow & {
  /** The table the row came from when it is not Syslog. */
  __table?: 'meraki_CL';
  /** A REST security event (raw JSON form); the row then carries no message. */
  __rest?: JsonObject;
};

/** What the mapping needs of the stream. */
export interface MerakiMapOptions {
  /** Lower-cased host names and addresses of the Meraki senders (the `hosts` option); absent: any host. */
  readonly hosts?: ReadonlySet<string>;
}

/** The log types of the firewall family (spec §2.2: `flows` before MX18.101, renamed after). */
export const FIREWALL_TYPES: ReadonlySet<string> = new Set(['flows', 'firewall', 'vpn_firewall', 'cellular_firewall', 'bridge_anyconnect_client_vpn_firewall']);

/**
 * A firewall decision word (spec §2.2, §8.1): the old `flows allow|deny` word, the sample's
 * `Blocked`, or the first word of `pattern:`. Meraki writes inbound rules' decisions as `0` (allow)
 * and `1` (deny), so those also say the session was inbound.
 */
export const FIREWALL_ACTIONS = valueMap<{ readonly action: DvcAction; readonly inbound?: true }>({
  allow: { action: 'Allow' },
  deny: { action: 'Deny' },
  blocked: { action: 'Deny' },
  '0': { action: 'Allow', inbound: true },
  '1': { action: 'Deny', inbound: true },
});

/** IDS `priority` (Snort: 1 highest … 4 lowest) → EventSeverity (spec §5.3). */
const IDS_SEVERITY = valueMap<Severity>({ '1': 'High', '2': 'Medium', '3': 'Low', '4': 'Informational' });
/** IDS `direction` → NetworkDirection. */
const IDS_DIRECTION = valueMap<NonNullable<NetworkSession['NetworkDirection']>>({ ingress: 'Inbound', egress: 'Outbound', unknown: 'NA' });
/** IDS `decision` → DvcAction (spec §5.3 [DECIDE]). */
const IDS_DECISION = valueMap<DvcAction>({ allowed: 'Allow', blocked: 'Deny' });

/** 802.11 disassociation `reason` codes → EventResultDetails, as Microsoft groups them (spec §5.4). */
const DISASSOCIATION_REASONS = valueMap<ResultDetails>((() => {
  const out: Record<string, ResultDetails> = {};
  const groups: [ResultDetails, number[]][] = [
    ['Unknown', [0, 1, 10, 12, 21, 25, 26, 27, 28, 29, 30, 31, 32, 36, 37, 38, 98, 99]],
    ['Timeout', [2, 4, 16, 39]],
    ['Terminated', [3, 8]],
    ['Invalid Tunnel', [6, 7, 9, 14, 17, 23, 24]],
    ['Invalid TCP', [11, 13, 15, 18, 19, 20, 22, 33, 34, 35, 40]],
  ];
  for (const [details, codes] of groups) for (const c of codes) out[String(c)] = details;
  return out;
})());

/** Air Marshal types Microsoft keeps (spec §4). */
const AIR_MARSHAL_KEPT: ReadonlySet<string> = new Set(['ssid_spoofing_detected', 'rogue_ssid_detected']);

const NO_HEADER = skip('not a Meraki log line (no "<epoch> <device> <type>" header)');
const NOT_FROM_HOSTS = skip('not from a Meraki host of the hosts option');
const URLS = skip('urls log: an HTTP request (ASIM WebSession, not NetworkSession)');

/** The message a row carries: the whole raw line, else the Syslog message (meraki_CL's Message was put there). */
export function messageOf(row: { readonly __line?: string; readonly SyslogMessage?: unknown }): string | undefined {
  if (row.__line !== undefined) return row.__line;
  return typeof row.SyslogMessage === 'string' ? row.SyslogMessage : undefined;
}

/** Maps one Meraki row to ASIM (README "Mapping"). */
export function mapMeraki(row: MerakiRow, options: MerakiMapOptions): NetworkSession | Skip {
  const text = messageOf(row);
  const h = text === undefined ? undefined : merakiHeaderOf(text);
  if (h === undefined) return NO_HEADER;
  if (options.hosts !== undefined && !fromHosts(row, h, options.hosts)) return NOT_FROM_HOSTS;
  const type = h.logType;
  if (FIREWALL_TYPES.has(type)) return mapFirewall(row, h, sessionBody(text!, h));
  if (type === 'ip_flow_start' || type === 'ip_flow_end') return mapIpFlow(row, h, sessionBody(text!, h));
  if (type === 'security_event') {
    const body = parseBody(text!, h.bodyStart);
    const subtype = body.words[0] ?? '';
    if (subtype !== 'ids_alerted' && subtype !== 'ids-alerted') return skip(`security_event ${subtype || '(no subtype)'}: not a network session`);
    return mapIds(row, h, withEndpoints(body, h), subtype);
  }
  if (type === 'ids-alerts') return mapIds(row, h, sessionBody(text!, h), undefined);
  if (type === 'events') return mapEvent(row, h, text!);
  if (type === 'airmarshal_events') return mapAirMarshal(row, h, parseBody(text!, h.bodyStart));
  if (type === 'urls') return URLS;
  return skip(`${type} log: not a network session`);
}

/** The body of a session line, which names at least one endpoint (else the line is cut short or garbled). */
function sessionBody(text: string, h: MerakiHeader): MerakiBody {
  return withEndpoints(parseBody(text, h.bodyStart), h);
}

function withEndpoints(body: MerakiBody, h: MerakiHeader): MerakiBody {
  if (body.kv.src === undefined && body.kv.dst === undefined) throw new RecordRejected('missing-field', `${h.logType} line without src= and dst=`);
  return body;
}

function fromHosts(row: MerakiRow, h: MerakiHeader, hosts: ReadonlySet<string>): boolean {
  for (const name of [row.Computer, row.HostName, row.HostIP, row.__syslog?.relayHost, h.device]) {
    if (name !== undefined && hosts.has(name.toLowerCase())) return true;
  }
  return false;
}

// --- the record kinds ---------------------------------------------------------------------------

/** flows, firewall, vpn_firewall, cellular_firewall, bridge_anyconnect_client_vpn_firewall (spec §5.2). */
function mapFirewall(row: MerakiRow, h: MerakiHeader, body: MerakiBody): NetworkSession {
  const additional: Additional = {};
  const rec = baseRecord(row, h, 'Flow');
  const pattern = body.marker === 'pattern' && body.free !== '' ? body.free : undefined;
  const decision = firewallDecision(body.words[0] ?? pattern);
  if (decision !== undefined) {
    rec.DvcAction = decision.action;
    rec.DvcOriginalAction = decision.original;
    if (decision.inbound) rec.NetworkDirection = 'Inbound';
  } else if (body.words.length > 0) rec.DvcOriginalAction = body.words.join(' ');
  setIf(rec, 'NetworkRuleName', pattern);
  setOutcome(rec, rec.DvcAction);
  setSession(rec, body, additional, FIREWALL_KEYS);
  return finishSession(rec, additional);
}

const FIREWALL_KEYS: ReadonlySet<string> = new Set(['src', 'dst', 'sport', 'dport', 'mac', 'protocol', 'type']);

/** A firewall line's decision, and the words that said it (`allow`, `1`, `Group Policy Allow`). */
export interface FirewallDecision {
  readonly action: DvcAction;
  readonly inbound?: true;
  readonly original: string;
}

/** The decision of a firewall line: its first word, or the first word of its pattern (`Group Policy Allow` too). */
export function firewallDecision(text: string | undefined): FirewallDecision | undefined {
  if (text === undefined) return undefined;
  const space = text.indexOf(' ');
  const first = space < 0 ? text : text.slice(0, space);
  const direct = FIREWALL_ACTIONS[first.toLowerCase()];
  if (direct !== undefined) return decisionOf(direct, first);
  const m = /^group policy (allow|deny)\b/i.exec(text);
  return m === null ? undefined : decisionOf(FIREWALL_ACTIONS[m[1]!.toLowerCase()]!, m[0]);
}

/** One decision object per spelling (`allow`, `Allow`, `1`, ...): a few dozen at most, shared by every line. */
const DECISIONS = new Map<string, FirewallDecision>();

function decisionOf(d: { readonly action: DvcAction; readonly inbound?: true }, original: string): FirewallDecision {
  let out = DECISIONS.get(original);
  if (out === undefined) {
    out = { ...d, original };
    if (DECISIONS.size < 256) DECISIONS.set(original, out);
  }
  return out;
}

/** ip_flow_start / ip_flow_end: NAT flow tracking, a session's start and end (spec §2.2, §8.2). */
function mapIpFlow(row: MerakiRow, h: MerakiHeader, body: MerakiBody): NetworkSession {
  const additional: Additional = {};
  const rec = baseRecord(row, h, 'NetworkSession');
  rec.EventSubType = h.logType === 'ip_flow_start' ? 'Start' : 'End';
  setOutcome(rec, undefined);
  setSession(rec, body, additional, IP_FLOW_KEYS);
  const kv = body.kv;
  const srcNat = kv.translated_src_ip;
  const dstNat = kv.translated_dst_ip;
  const port = kv.translated_port === undefined ? undefined : portNumber(kv.translated_port);
  if (kv.translated_port !== undefined && port === undefined) dropped(additional, 'translated_port', `not a port: ${kv.translated_port}`);
  if (srcNat !== undefined && srcNat !== '') {
    if (isIpAddress(srcNat)) rec.SrcNatIpAddr = srcNat;
    else dropped(additional, 'translated_src_ip', `not an IP address: ${srcNat}`);
  }
  if (dstNat !== undefined && dstNat !== '') {
    if (isIpAddress(dstNat)) rec.DstNatIpAddr = dstNat;
    else dropped(additional, 'translated_dst_ip', `not an IP address: ${dstNat}`);
  }
  // one translation per line: the port belongs to it (with both, it stays in AdditionalFields)
  if (port !== undefined) {
    if (rec.SrcNatIpAddr !== undefined && rec.DstNatIpAddr === undefined) rec.SrcNatPortNumber = port;
    else if (rec.DstNatIpAddr !== undefined && rec.SrcNatIpAddr === undefined) rec.DstNatPortNumber = port;
    else additional.translated_port = kv.translated_port;
  }
  return finishSession(rec, additional);
}

const IP_FLOW_KEYS: ReadonlySet<string> = new Set([...FIREWALL_KEYS, 'translated_src_ip', 'translated_dst_ip', 'translated_port']);

/** security_event ids_alerted / ids-alerted, and the legacy ids-alerts (spec §5.3). */
function mapIds(row: MerakiRow, h: MerakiHeader, body: MerakiBody, subtype: string | undefined): NetworkSession {
  const additional: Additional = {};
  const rec = baseRecord(row, h, 'NetworkSession');
  const kv = body.kv;
  setIf(rec, 'EventOriginalSubType', subtype);
  const eventMs = kv.timestamp === undefined ? undefined : epochSecondsMs(kv.timestamp);
  if (eventMs === null) throw badTime('timestamp', kv.timestamp!);
  if (eventMs !== undefined) rec.EventStartTime = rec.EventEndTime = new Date(eventMs).toISOString();
  const decision = kv.decision;
  if (decision !== undefined) {
    rec.DvcOriginalAction = decision;
    setIf(rec, 'DvcAction', IDS_DECISION[decision.toLowerCase()]);
  }
  setOutcome(rec, rec.DvcAction);
  const priority = kv.priority;
  if (priority !== undefined && priority !== '') {
    rec.EventOriginalSeverity = priority;
    setIf(rec, 'EventSeverity', IDS_SEVERITY[priority]);
  }
  const direction = kv.direction;
  if (direction !== undefined && direction !== '') setIf(rec, 'NetworkDirection', IDS_DIRECTION[direction.toLowerCase()]);
  setSession(rec, body, additional, IDS_KEYS);
  setMac(rec, 'SrcMacAddr', kv.shost, 'shost', additional);
  setMac(rec, 'DstMacAddr', kv.dhost, 'dhost', additional);
  setIf(rec, 'EventMessage', body.marker === 'message' && body.free !== '' ? body.free : undefined);
  return finishSession(rec, additional);
}

const IDS_KEYS: ReadonlySet<string> = new Set(['src', 'dst', 'sport', 'dport', 'protocol', 'priority', 'timestamp', 'decision', 'direction', 'shost', 'dhost']);

/** `events`: the subtypes Microsoft keeps (spec §4, §5.4); every other event is skipped. */
function mapEvent(row: MerakiRow, h: MerakiHeader, text: string): NetworkSession | Skip {
  const bodyText = text.slice(h.bodyStart);
  if (bodyText.startsWith('type=')) {
    const body = parseBody(text, h.bodyStart);
    const type = body.kv.type ?? '';
    if (type !== 'association' && type !== 'disassociation') return skip(`events type=${type}: not a network session`);
    if (hasTerm(bodyText, 'auth_neg_failed') || hasTerm(bodyText, 'dhcp')) return skip(`events type=${type} with connection diagnostics (auth_neg_failed / dhcp): excluded, as Microsoft does`);
    return type === 'association' ? mapAssociation(row, h, body) : mapDisassociation(row, h, body);
  }
  const dhcp = /Blocked DHCP server response from (\S+) on VLAN (\S+)/.exec(bodyText);
  if (dhcp !== null) return mapBlockedDhcp(row, h, bodyText, dhcp[1]!, dhcp[2]!);
  if (/VRRP packet/.test(bodyText) && !/VRRP (?:passive|active)/.test(bodyText)) return mapVrrpCollision(row, h, bodyText);
  return skip('events message: not a network session');
}

function mapAssociation(row: MerakiRow, h: MerakiHeader, body: MerakiBody): NetworkSession {
  const additional: Additional = {};
  const rec = baseRecord(row, h, 'NetworkSession');
  const kv = body.kv;
  rec.EventOriginalSubType = 'association';
  setOutcome(rec, undefined);
  setMac(rec, 'SrcMacAddr', kv.client_mac, 'client_mac', additional);
  const ip = kv.last_known_client_ip;
  // 0.0.0.0: the AP did not know the client's address yet
  if (ip !== undefined && ip !== '' && ip !== '0.0.0.0') setAddress(rec, 'SrcIpAddr', ip, 'last_known_client_ip', additional);
  setUser(rec, kv.identity);
  rest(body, ASSOCIATION_KEYS, additional);
  return finishSession(rec, additional);
}

const ASSOCIATION_KEYS: ReadonlySet<string> = new Set(['type', 'client_mac', 'last_known_client_ip', 'identity']);

function mapDisassociation(row: MerakiRow, h: MerakiHeader, body: MerakiBody): NetworkSession {
  const additional: Additional = {};
  const rec = baseRecord(row, h, 'NetworkSession');
  const kv = body.kv;
  rec.EventOriginalSubType = 'disassociation';
  rec.EventResult = 'Failure';
  rec.EventSeverity = 'Low';
  const reason = kv.reason;
  if (reason !== undefined && reason !== '') {
    rec.EventOriginalResultDetails = reason;
    rec.EventResultDetails = DISASSOCIATION_REASONS[reason] ?? 'Unknown';
  }
  setMac(rec, 'SrcMacAddr', kv.client_mac, 'client_mac', additional);
  const ip = kv.ip_src;
  if (ip !== undefined && ip !== '' && ip !== '0.0.0.0') setAddress(rec, 'SrcIpAddr', ip, 'ip_src', additional);
  setUser(rec, kv.identity);
  const duration = kv.duration;
  if (duration !== undefined && duration !== '') {
    const seconds = /^\d+(?:\.\d+)?$/.test(duration) ? Number(duration) : Number.NaN;
    if (Number.isFinite(seconds) && seconds * 1000 <= 2147483647) rec.NetworkDuration = Math.trunc(seconds * 1000);
    else dropped(additional, 'duration', `not a duration in seconds: ${duration}`);
  }
  rest(body, DISASSOCIATION_KEYS, additional);
  return finishSession(rec, additional);
}

const DISASSOCIATION_KEYS: ReadonlySet<string> = new Set(['type', 'client_mac', 'ip_src', 'identity', 'reason', 'duration']);

/** `Blocked DHCP server response from <mac | ip:port> on VLAN <n>`: the MX dropped a rogue DHCP server's answer. */
function mapBlockedDhcp(row: MerakiRow, h: MerakiHeader, bodyText: string, from: string, vlan: string): NetworkSession {
  const additional: Additional = {};
  const rec = baseRecord(row, h, 'NetworkSession');
  rec.EventOriginalSubType = 'Blocked DHCP server response';
  rec.DvcAction = 'Deny';
  setOutcome(rec, 'Deny');
  const mac = macAddress(from);
  if (typeof mac === 'string') rec.SrcMacAddr = mac;
  else setEndpoint(rec, 'Src', from, 'from', additional);
  rec.SrcVlanId = vlan;
  rec.EventMessage = bodyText;
  return finishSession(rec, additional);
}

/** `... VRRP packet ... from <ip> on VLAN <n> ...`: another router claims the MX's virtual router. */
function mapVrrpCollision(row: MerakiRow, h: MerakiHeader, bodyText: string): NetworkSession {
  const additional: Additional = {};
  const rec = baseRecord(row, h, 'NetworkSession');
  rec.EventOriginalSubType = 'Virtual router collision';
  rec.EventResult = 'Failure';
  rec.EventSeverity = 'Low';
  const from = /\bfrom (\S+)/.exec(bodyText);
  if (from !== null) setEndpoint(rec, 'Src', from[1]!, 'from', additional);
  const vlan = /\bon VLAN (\S+)/.exec(bodyText);
  if (vlan !== null) rec.SrcVlanId = vlan[1]!;
  rec.EventMessage = bodyText;
  return finishSession(rec, additional);
}

/** airmarshal_events: rogue and spoofed SSIDs seen on the air (spec §5.4); other types are skipped. */
function mapAirMarshal(row: MerakiRow, h: MerakiHeader, body: MerakiBody): NetworkSession | Skip {
  const kv = body.kv;
  const type = kv.type ?? '';
  if (!AIR_MARSHAL_KEPT.has(type)) return skip(`airmarshal_events type=${type}: not a network session`);
  const additional: Additional = {};
  const rec = baseRecord(row, h, 'NetworkSession');
  rec.EventOriginalSubType = type;
  rec.EventResult = 'Success';
  rec.EventSeverity = 'High';
  setMac(rec, 'SrcMacAddr', kv.src, 'src', additional);
  setMac(rec, 'DstMacAddr', kv.dst, 'dst', additional);
  setMac(rec, 'DvcMacAddr', kv.wired_mac, 'wired_mac', additional);
  setIf(rec, 'SrcVlanId', kv.vlan_id === '' ? undefined : kv.vlan_id);
  rest(body, AIR_MARSHAL_KEYS, additional);
  return finishSession(rec, additional);
}

const AIR_MARSHAL_KEYS: ReadonlySet<string> = new Set(['type', 'src', 'dst', 'wired_mac', 'vlan_id']);

// --- shared pieces ------------------------------------------------------------------------------

/** The fields every Meraki record has: time from the header's epoch, the device, the log type. */
function baseRecord(row: MerakiRow, h: MerakiHeader, eventType: 'Flow' | 'NetworkSession'): NetworkSession {
  const time = isoOf(h.epochMs);
  const rec = {
    TimeGenerated: time,
    Type: row.__table ?? 'Syslog',
    EventVendor: 'Cisco',
    EventProduct: 'Meraki',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: eventType,
    EventCount: 1,
    EventStartTime: time,
    EventEndTime: time,
    EventOriginalType: h.logType,
  } as NetworkSession;
  setDvcFromName(rec, h.device);
  // the Syslog table's Computer is the sender; meraki_CL's is the collecting agent's machine
  if (rec.DvcIpAddr === undefined && row.__table === undefined) {
    if (isIpAddress(row.Computer)) rec.DvcIpAddr = row.Computer;
    else if (isIpAddress(row.HostIP)) rec.DvcIpAddr = row.HostIP;
  }
  setIf(rec, '_ResourceId', row._ResourceId);
  return rec;
}

/** EventResult and EventSeverity from the action (R6, R7), unless the kind set them. */
function setOutcome(rec: NetworkSession, action: DvcAction | undefined): void {
  rec.EventResult ??= eventResultFor(action);
  rec.EventSeverity ??= eventSeverityFor(action);
}

/** Endpoints, ports, protocol, MAC and ICMP type of a flow-like body; other keys to AdditionalFields. */
function setSession(rec: NetworkSession, body: MerakiBody, additional: Additional, mapped: ReadonlySet<string>): void {
  const kv = body.kv;
  if (kv.src !== undefined && kv.src !== '') setEndpoint(rec, 'Src', kv.src, 'src', additional);
  if (kv.dst !== undefined && kv.dst !== '') setEndpoint(rec, 'Dst', kv.dst, 'dst', additional);
  setPort(rec, 'SrcPortNumber', kv.sport, 'sport', additional);
  setPort(rec, 'DstPortNumber', kv.dport, 'dport', additional);
  if (kv.mac !== undefined) setMac(rec, 'SrcMacAddr', kv.mac, 'mac', additional);
  const protocol = kv.protocol;
  if (protocol !== undefined && protocol !== '') {
    const keyword = networkProtocol(protocol);
    if (keyword !== undefined) rec.NetworkProtocol = keyword;
    else additional.protocol = protocol;
  }
  const icmp = rec.NetworkProtocol === 'ICMP' || rec.NetworkProtocol === 'IPv6-ICMP';
  const icmpType = kv.type;
  if (icmpType !== undefined && icmpType !== '') {
    if (icmp && /^\d{1,3}$/.test(icmpType) && Number(icmpType) <= 255) rec.NetworkIcmpType = String(Number(icmpType));
    else additional.type = icmpType;
  }
  const version = ipVersion(rec.DstIpAddr ?? rec.SrcIpAddr) ?? (rec.NetworkProtocol === 'IPv6-ICMP' ? 'IPv6' : rec.NetworkProtocol === 'ICMP' ? 'IPv4' : undefined);
  setIf(rec, 'NetworkProtocolVersion', version);
  rest(body, mapped, additional);
}

function setEndpoint(rec: NetworkSession, side: 'Src' | 'Dst', value: string, key: string, additional: Additional): void {
  const e = endpoint(value);
  if (e.ip !== undefined) rec[`${side}IpAddr`] = e.ip;
  if (e.port !== undefined) rec[`${side}PortNumber`] = e.port;
  if (e.dropped !== undefined) dropped(additional, key, e.dropped);
}

function setAddress(rec: NetworkSession, field: 'SrcIpAddr' | 'DstIpAddr', value: string, key: string, additional: Additional): void {
  if (isIpAddress(value)) rec[field] = value;
  else dropped(additional, key, `not an IP address: ${value}`);
}

/** An explicit `sport` / `dport` wins over a port inside the address. */
function setPort(rec: NetworkSession, field: 'SrcPortNumber' | 'DstPortNumber', value: string | undefined, key: string, additional: Additional): void {
  if (value === undefined || value === '') return;
  const port = portNumber(value);
  if (port !== undefined) rec[field] = port;
  else dropped(additional, key, `not a port: ${value}`);
}

function setMac(rec: NetworkSession, field: 'SrcMacAddr' | 'DstMacAddr' | 'DvcMacAddr', value: string | undefined, key: string, additional: Additional): void {
  const mac = macAddress(value);
  if (typeof mac === 'string') rec[field] = mac;
  else if (mac === null) dropped(additional, key, `not a MAC address: ${value!}`);
}

function setUser(rec: NetworkSession, identity: string | undefined): void {
  if (identity === undefined || identity === '') return;
  rec.SrcUsername = identity;
  rec.SrcUsernameType = usernameType(identity);
}

/** The keys no field took, under their Meraki names. */
function rest(body: MerakiBody, mapped: ReadonlySet<string>, additional: Additional): void {
  for (const key of body.keys) if (!mapped.has(key) && body.kv[key] !== '') additional[key] = body.kv[key];
}

/** A value that could not go to its field, kept with the reason (`AdditionalFields.Dropped.<key>`). */
function dropped(additional: Additional, key: string, reason: string): void {
  const bag = (additional.Dropped ??= {}) as Record<string, string>;
  bag[key] = reason;
}

/** Epoch seconds with an optional fraction (`1637691198.330873`) → ms; null when not one. */
function epochSecondsMs(text: string): number | null {
  if (!/^\d{1,11}(?:\.\d+)?$/.test(text)) return null;
  const dot = text.indexOf('.');
  const seconds = Number(dot < 0 ? text : text.slice(0, dot));
  const fraction = dot < 0 ? 0 : Number(`0.${text.slice(dot + 1, dot + 4)}`);
  const ms = seconds * 1000 + Math.round(fraction * 1000);
  return ms <= 253402300799999 ? ms : null;
}

function badTime(key: string, value: string): RecordRejected {
  return new RecordRejected('bad-time', `${key}=${value} is not an epoch time`);
}

let lastSecond = Number.NaN;
let secondPrefix = '';

/** ISO-8601 of an epoch ms: the `YYYY-MM-DDTHH:mm:ss.` of its second is formatted once per second. */
function isoOf(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    const iso = new Date(second * 1000).toISOString();
    if (iso.length !== 24) return new Date(ms).toISOString();
    secondPrefix = iso.slice(0, 20);
    lastSecond = second;
  }
  const milli = ms - second * 1000;
  return `${secondPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
