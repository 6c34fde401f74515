import { eventResultFor, type NetworkSession } from '@asimkit/schema';
import {
  cslProtocolKeyword,
  finishSession,
  intValue,
  ipVersion,
  isIpAddress,
  nonEmpty,
  RecordRejected,
  sessionTime,
  setDvcFromName,
  setIf,
  skip,
  usernameType,
  type CommonSecurityLogRow,
  type Skip,
} from '@asimkit/sdk';
import { isSessionMessage, messageText, parseMessage, type AsaEndpoint, type AsaMessage } from './message.js';
import { findTag } from './syslog-decoder.js';
import { ACTION_BY_ID, lookup, PORT_NAMES, SUBTYPE_BY_ID, TEARDOWN_REASONS, THREAT_LEVELS } from './vocabulary.js';

type DvcAction = NonNullable<NetworkSession['DvcAction']>;
type EventResult = NonNullable<NetworkSession['EventResult']>;
type ResultDetails = NonNullable<NetworkSession['EventResultDetails']>;
type Direction = NonNullable<NetworkSession['NetworkDirection']>;

/** One end, checked: an IP address, a port 0–65535, or nothing (the text goes to AdditionalFields). */
interface Side {
  ip?: string;
  port?: number;
  ifc?: string;
  natIp?: string;
  natPort?: number;
  user?: string;
}

/** What a row says, checked and in ASIM's terms: shared by the mapping and the detector's fast path. */
export interface AsaSession {
  readonly id: string;
  readonly product: 'ASA' | 'FTD';
  /** The parsed message; undefined when only the table's columns were usable. */
  readonly message: AsaMessage | undefined;
  readonly src: Side;
  readonly dst: Side;
  readonly protocol: string | undefined;
  readonly action: DvcAction | undefined;
  readonly result: EventResult;
  readonly resultDetails: ResultDetails | undefined;
  readonly direction: Direction | undefined;
  readonly appName: string | undefined;
  /** The message's counts, when they are safe integers (else in `dropped`). */
  readonly durationMs: number | undefined;
  readonly bytes: number | undefined;
  readonly eventCount: number;
  /** Values that could not be kept in their field (a name where an address goes, a port name we do not know). */
  readonly dropped: Record<string, string>;
}

/** Cisco's rows, ASA's and FTD's (the AMA connector writes DeviceProduct `FTD` for `%FTD-` lines). */
export function isAsaRow(row: { DeviceVendor?: unknown; DeviceProduct?: unknown }): boolean {
  return row.DeviceVendor === 'Cisco' && (row.DeviceProduct === 'ASA' || row.DeviceProduct === 'FTD');
}

/** CommunicationDirection as the agent stores it: a word, or CEF's digit (`0` inbound, `1` outbound). */
const COLUMN_DIRECTIONS: Readonly<Record<string, Direction>> = {
  '0': 'Inbound', '1': 'Outbound', inbound: 'Inbound', outbound: 'Outbound', local: 'Local', external: 'External', na: 'NA',
};

/** Reads a row: which message, what it says, checked. A Skip for ids that are no session; throws RecordRejected when unusable. */
export function interpret(row: CommonSecurityLogRow): AsaSession | Skip {
  const product = row.DeviceProduct === 'FTD' ? 'FTD' : 'ASA';
  const message = row.Message ?? '';
  const id = nonEmpty(row.DeviceEventClassID)?.trim() ?? findTag(message)?.id;
  if (id === undefined) throw new RecordRejected('no-message-id', 'the row has no DeviceEventClassID and its Message no %ASA- tag');
  return interpretMessage(id, product, message, messageText(message), row);
}

/**
 * `interpret` once the id and the text after the tag are known (the detector's fast path calls it
 * with the row's four columns a raw line fills: product, id, Message and the text).
 */
export function interpretMessage(
  id: string,
  product: 'ASA' | 'FTD',
  message: string,
  text: string,
  row: Pick<CommonSecurityLogRow, 'Protocol' | 'SourceIP' | 'SourcePort' | 'DestinationIP' | 'DestinationPort' | 'CommunicationDirection'>,
): AsaSession | Skip {
  if (!isSessionMessage(id)) return skip(`${product} message ${id} is not a network session`);
  const dropped: Record<string, string> = {};
  const parsed = parseMessage(id, text);
  let src: Side;
  let dst: Side;
  let protocolText: string | undefined;
  if (parsed !== undefined) {
    src = side(parsed.src, 'Src', dropped);
    dst = side(parsed.dst, 'Dst', dropped);
    protocolText = parsed.protocol ?? nonEmpty(row.Protocol);
  } else {
    // Microsoft's "parsed" branch: the agent filled the network columns; the text is not one we read
    if (!isIpAddress(nonEmpty(row.SourceIP))) {
      throw new RecordRejected('bad-message', `${product} ${id} message is not in its documented format: "${text.slice(0, 160)}"`);
    }
    src = side({ ip: row.SourceIP, port: columnPort(row.SourcePort) }, 'Src', dropped);
    dst = side({ ip: nonEmpty(row.DestinationIP), port: columnPort(row.DestinationPort) }, 'Dst', dropped);
    protocolText = nonEmpty(row.Protocol);
  }
  const protocol = networkProtocol(protocolText);
  if (protocol === undefined && protocolText !== undefined && protocolText.toUpperCase() !== 'IP') dropped.Protocol = protocolText;

  let action: DvcAction | undefined = parsed?.verdict ?? (id === '106100' ? (message.includes('denied') ? 'Deny' : 'Allow') : lookup(ACTION_BY_ID, id));
  let result: EventResult | undefined;
  let resultDetails: ResultDetails | undefined;
  const reason = parsed?.teardownReason;
  if (reason !== undefined) {
    const outcome = TEARDOWN_REASONS.get(reason.toLowerCase());
    if (outcome !== undefined) {
      action = outcome.action ?? action;
      result = outcome.result;
      resultDetails = outcome.details;
    }
  }
  const columnDirection = lookup(COLUMN_DIRECTIONS, nonEmpty(row.CommunicationDirection)?.toLowerCase() ?? '');
  const hits = safeCount(parsed?.hitCount, 'EventCount', dropped);
  return {
    id,
    product,
    message: parsed,
    src,
    dst,
    protocol,
    action,
    result: result ?? eventResultFor(action),
    resultDetails,
    direction: columnDirection ?? parsed?.direction,
    appName: id === '106007' ? 'DNS' : undefined,
    durationMs: safeCount(parsed?.durationMs, 'NetworkDuration', dropped),
    bytes: safeCount(parsed?.bytes, 'NetworkBytes', dropped),
    eventCount: hits === undefined || hits < 1 ? 1 : hits,
    dropped,
  };
}

/** The IANA keyword of a protocol as ASA writes it (`TCP`, `tcp`, `protocol 47` → `47`, `ICMPv6`, `icmp6`). */
export function networkProtocol(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const lower = text.toLowerCase();
  if (lower === 'icmpv6' || lower === 'icmp6') return 'IPv6-ICMP';
  return cslProtocolKeyword(text);
}

/** A count from the text, when it is a safe integer; else it is kept in `dropped`. */
function safeCount(value: number | string | undefined, field: string, dropped: Record<string, string>): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isSafeInteger(n)) return n;
  dropped[field] = String(value);
  return undefined;
}

function columnPort(port: number | undefined): string | undefined {
  return port === undefined ? undefined : String(port);
}

/** Checks one end: addresses must be IPs, ports 0–65535 (or an ASA port name); what fails is kept in `dropped`. */
function side(e: AsaEndpoint, prefix: 'Src' | 'Dst', dropped: Record<string, string>): Side {
  const s: Side = {};
  if (e.ip !== undefined) {
    if (isIp(e.ip)) s.ip = e.ip;
    else dropped[`${prefix}IpAddr`] = e.ip;
  }
  if (e.port !== undefined) {
    const p = portNumber(e.port);
    if (p !== undefined) s.port = p;
    else dropped[`${prefix}PortNumber`] = e.port;
  }
  if (e.ifc !== undefined) s.ifc = e.ifc;
  if (e.natIp !== undefined && e.natIp !== e.ip) {
    // mapped = real: no translation (ASA always writes the mapped address)
    if (isIp(e.natIp)) s.natIp = e.natIp;
    else dropped[`${prefix}NatIpAddr`] = e.natIp;
  }
  if (e.natPort !== undefined && (s.natIp !== undefined || e.natPort !== e.port)) {
    const p = portNumber(e.natPort);
    if (p !== undefined) {
      s.natPort = p;
      s.natIp ??= s.ip; // port translation only: the address is the real one
    } else dropped[`${prefix}NatPortNumber`] = e.natPort;
  }
  if (e.user !== undefined) s.user = e.user;
  return s;
}

/**
 * `isIpAddress` (node's `isIP`), with dotted-quad IPv4 checked by hand first: four decimal octets
 * 0–255 without leading zeros, as `isIP` accepts them. Anything else is left to `isIpAddress`.
 */
export function isIp(s: string): boolean {
  const n = s.length;
  if (n < 7 || n > 15) return isIpAddress(s);
  let octets = 0;
  let i = 0;
  while (i <= n) {
    const start = i;
    let value = 0;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) value = value * 10 + (s.charCodeAt(i++) - 48);
    const digits = i - start;
    if (digits === 0 || digits > 3 || value > 255 || (digits > 1 && s.charCodeAt(start) === 48)) return isIpAddress(s);
    octets++;
    if (i === n) break;
    if (s.charCodeAt(i) !== 46 /* . */) return isIpAddress(s);
    i++;
  }
  return octets === 4 || isIpAddress(s);
}

function portNumber(text: string): number | undefined {
  const n = intValue(text);
  if (!Number.isNaN(n)) return n >= 0 && n <= 65535 ? n : undefined;
  return lookup(PORT_NAMES, text.toLowerCase());
}

const FOUR_DIGIT_YEAR = /^\d{4}-/;
const YEAR_0 = Date.parse('0000-01-01T00:00:00.000Z');

/** Maps one Cisco ASA/FTD row (decoded from a raw line, or exported) to ASIM. See README. */
export function mapAsa(row: CommonSecurityLogRow, receivedAt: string): NetworkSession | Skip {
  const s = interpret(row);
  if (!('id' in s)) return s;
  const m = s.message;
  const additional: Record<string, unknown> = {};
  if (row.TimeGenerated !== undefined && !FOUR_DIGIT_YEAR.test(row.TimeGenerated)) {
    throw new RecordRejected('bad-value', `TimeGenerated "${row.TimeGenerated}" is outside the years 0000-9999`);
  }
  const time = sessionTime(undefined, row.TimeGenerated, receivedAt, additional);
  const subType = lookup(SUBTYPE_BY_ID, s.id);

  const rec = {
    TimeGenerated: time.iso,
    Type: row.Type ?? 'CommonSecurityLog',
    EventVendor: 'Cisco',
    EventProduct: s.product,
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'NetworkSession',
    EventCount: s.eventCount,
    EventStartTime: s.durationMs !== undefined && time.ms - s.durationMs >= YEAR_0 ? new Date(time.ms - s.durationMs).toISOString() : time.iso,
    EventEndTime: time.iso,
    EventResult: s.result,
    EventSeverity: s.result === 'Failure' ? 'Low' : 'Informational',
    EventOriginalType: s.id,
  } as NetworkSession;
  setIf(rec, 'EventSubType', subType);
  setIf(rec, 'EventResultDetails', s.resultDetails);
  setIf(rec, 'EventOriginalResultDetails', m?.teardownReason ?? m?.dnsPacket);
  setIf(rec, 'EventOriginalSeverity', nonEmpty(row.OriginalLogSeverity) ?? nonEmpty(row.LogSeverity));
  setIf(rec, 'EventMessage', nonEmpty(row.Message));
  setIf(rec, 'EventProductVersion', nonEmpty(row.DeviceVersion));
  setIf(rec, 'EventUid', nonEmpty(row._ItemId));
  setIf(rec, 'DvcAction', s.action);
  setIf(rec, 'DvcOriginalAction', m?.verb ?? nonEmpty(row.DeviceAction));
  setDvcFromName(rec, nonEmpty(row.Computer));

  setEndpoints(rec, s);
  setIf(rec, 'NetworkProtocol', s.protocol);
  setIf(rec, 'NetworkProtocolVersion', ipVersion(s.dst.ip ?? s.src.ip));
  setIf(rec, 'NetworkDirection', s.direction);
  if (s.appName !== undefined) {
    rec.DstAppName = s.appName;
    rec.DstAppType = 'Service';
    rec.NetworkApplicationProtocol = s.appName;
  }
  setIf(rec, 'NetworkDuration', s.durationMs);
  setIf(rec, 'NetworkBytes', s.bytes);
  if (m !== undefined) setMessageFields(rec, m, additional);
  setIf(rec, 'NetworkRuleName', m?.rule ?? nonEmpty(row.DeviceCustomString2));
  if (s.id === '106017') rec.ThreatName = 'Land Attack';

  for (const key in s.dropped) {
    additional.NotKept ??= {};
    (additional.NotKept as Record<string, string>)[key] = s.dropped[key]!;
  }
  if (m === undefined) additional.MessageNotParsed = `the Message is not in the ${s.product} ${s.id} format: the network columns were used`;
  setIf(rec, '_ResourceId', nonEmpty(row._ResourceId));
  return finishSession(rec, additional);
}

function setEndpoints(rec: NetworkSession, s: AsaSession): void {
  const { src, dst } = s;
  setIf(rec, 'SrcIpAddr', src.ip);
  setIf(rec, 'SrcPortNumber', src.port);
  setIf(rec, 'DstIpAddr', dst.ip);
  setIf(rec, 'DstPortNumber', dst.port);
  setIf(rec, 'SrcNatIpAddr', src.natIp);
  setIf(rec, 'SrcNatPortNumber', src.natPort);
  setIf(rec, 'DstNatIpAddr', dst.natIp);
  setIf(rec, 'DstNatPortNumber', dst.natPort);
  if (src.user !== undefined) {
    rec.SrcUsername = src.user;
    rec.SrcUsernameType = usernameType(src.user);
  }
  if (dst.user !== undefined) {
    rec.DstUsername = dst.user;
    rec.DstUsernameType = usernameType(dst.user);
  }
}

/** What only the message text tells: interfaces, session, duration, bytes, ICMP, TCP flags, threat. */
function setMessageFields(rec: NetworkSession, m: AsaMessage, additional: Record<string, unknown>): void {
  const srcIfc = m.src.ifc ?? m.ingress;
  setIf(rec, 'SrcInterfaceName', srcIfc);
  setIf(rec, 'DstInterfaceName', m.dst.ifc);
  // the interface traffic from Src enters by, and the one towards Dst (to-the-box messages: Dst's own)
  setIf(rec, 'DvcInboundInterface', srcIfc ?? m.dst.ifc);
  if (srcIfc !== undefined) setIf(rec, 'DvcOutboundInterface', m.dst.ifc);
  setIf(rec, 'NetworkSessionId', m.connectionId);

  setIf(rec, 'NetworkIcmpType', m.icmpType);
  if (m.icmpCode !== undefined) rec.NetworkIcmpCode = Number(m.icmpCode);
  if (m.tcpFlags !== undefined) setTcpFlags(rec, m.tcpFlags);
  if (m.extraUser !== undefined) {
    if (rec.SrcUsername === undefined) {
      rec.SrcUsername = m.extraUser;
      rec.SrcUsernameType = usernameType(m.extraUser);
    } else if (rec.SrcUsername !== m.extraUser) additional.AaaUsername = m.extraUser;
  }
  if (m.teardownInitiator !== undefined) additional.TeardownInitiator = m.teardownInitiator;
  if (m.orderInferred) additional.SrcDstFrom = 'service port (the teardown names no initiator)';
  if (m.threat !== undefined) setThreat(rec, m.threat, additional);
}

const TCP_FLAGS = { SYN: 'TcpFlagsSyn', ACK: 'TcpFlagsAck', FIN: 'TcpFlagsFin', RST: 'TcpFlagsRst', PSH: 'TcpFlagsPsh', URG: 'TcpFlagsUrg', ECE: 'TcpFlagsEce', CWR: 'TcpFlagsCwr', NS: 'TcpFlagsNs' } as const;

/** `flags SYN ACK` (106001, 106015) → the TcpFlags booleans (0.2.4) of the flags present. */
function setTcpFlags(rec: NetworkSession, flags: string): void {
  const r = rec as unknown as Record<string, unknown>;
  for (const word of flags.split(/\s+/)) {
    const field = lookup<string>(TCP_FLAGS, word.toUpperCase());
    if (field !== undefined) r[field] = true;
  }
}

/** 338xxx: the listed address or domain is the threat; the side it was seen on is ThreatField. */
function setThreat(rec: NetworkSession, threat: NonNullable<AsaMessage['threat']>, additional: Record<string, unknown>): void {
  const field = threat.side === 'source' ? 'SrcIpAddr' : 'DstIpAddr';
  const ip = rec[field];
  if (ip !== undefined) {
    rec.ThreatIpAddr = ip;
    rec.ThreatField = field;
  }
  rec.ThreatName = threat.address;
  additional.ThreatList = threat.resolvedFrom;
  setIf(rec, 'ThreatCategory', threat.category);
  if (threat.level !== undefined) {
    rec.ThreatOriginalRiskLevel = threat.level;
    setIf(rec, 'ThreatRiskLevel', lookup(THREAT_LEVELS, threat.level.toLowerCase()));
  }
}
