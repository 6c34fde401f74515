import { isIpAddress, RecordRejected } from '@asimkit/sdk';

/**
 * What the legacy `msg` sentence (AzureDiagnostics `msg_s`, raw `properties.msg`) says, as logged:
 * no value is normalised here (spec §2.2). Every variant of the spec's table (N1–N5, T1–T2, I1–I2,
 * D1–D3, A1–A7) parses into this shape; anything else is rejected as `msg-format`.
 */
export interface FirewallMessage {
  /** The protocol token without its ICMP type: `TCP`, `UDP`, `ICMP`, `HTTP`, `HTTPS`, `MSSQL`... */
  protocol: string;
  /** `ICMP Type=8` → 8. */
  icmpType?: number;
  src: string;
  srcPort?: number;
  /** Absent in A6 (`… request from 10.0.0.1:6065. Action: Deny. Reason: …`). An IP address or an FQDN. */
  dst?: string;
  dstPort?: number;
  /** `was DNAT'ed to {natDst}:{natDstPort}` (D1–D3); such messages have no action. */
  natDst?: string;
  natDstPort?: number;
  /** `Url: …` before the action (T2, A3, A7). */
  url?: string;
  /** The action word as logged: `Allow`, `Deny`, `Alert`, `alert`, `drop`, ... */
  action?: string;
  policy?: string;
  ruleCollectionGroup?: string;
  ruleCollection?: string;
  rule?: string;
  webCategory?: string;
  threatIntel?: string;
  signature?: string;
  ids?: string;
  priority?: string;
  classification?: string;
  /** `Reason: …`, or the unlabelled text after the action (`No rule matched. Proceeding with default action`). */
  reason?: string;
}

type LabelledField = 'policy' | 'ruleCollectionGroup' | 'ruleCollection' | 'rule' | 'webCategory' | 'threatIntel' | 'signature' | 'ids' | 'priority' | 'classification' | 'reason';

/** The labelled segments after the action, label text → field. */
const LABELS: Readonly<Record<string, LabelledField>> = {
  Policy: 'policy',
  'Rule Collection Group': 'ruleCollectionGroup',
  'Rule Collection': 'ruleCollection',
  Rule: 'rule',
  'Web Category': 'webCategory',
  ThreatIntel: 'threatIntel',
  Signature: 'signature',
  IDS: 'ids',
  Priority: 'priority',
  Classification: 'classification',
  Reason: 'reason',
};

/** A label starts the tail or follows `. `; longer labels first, so `Rule Collection:` is not `Rule`. */
const LABEL_PATTERN = /(?:^|\.\s+)(Policy|Rule Collection Group|Rule Collection|Rule|Web Category|ThreatIntel|Signature|IDS|Priority|Classification|Reason): /g;

const HEAD = ' request from ';
const DNAT = " was DNAT'ed to ";
const PROTOCOL_TOKEN = /^([A-Za-z][A-Za-z0-9_-]*)(?: Type=(\d{1,3}))?$/i;

const malformed = (detail: string, msg: string): RecordRejected =>
  new RecordRejected('msg-format', `${detail}: ${JSON.stringify(msg.length > 300 ? msg.slice(0, 300) + '…' : msg)}`);

/** Parses one `msg` sentence; throws `RecordRejected` (`msg-format`, `bad-port`) when it is none of the known shapes. */
export function parseFirewallMessage(msg: string): FirewallMessage {
  const at = msg.indexOf(HEAD);
  if (at <= 0) throw malformed('not "<protocol> request from …"', msg);
  const proto = splitProtocol(msg.slice(0, at).trim());
  if (!proto) throw malformed('unknown protocol token', msg);
  const icmp = isIcmp(proto.name);
  const out: FirewallMessage = { protocol: proto.name, src: '' };
  if (proto.icmpType !== undefined) out.icmpType = proto.icmpType;

  // the source endpoint, then ` to ` and the destination, each one space-free token
  let pos = at + HEAD.length;
  let end = tokenEnd(msg, pos);
  let token = msg.slice(pos, end);
  let headDone = token.endsWith('.');
  const src = endpoint(headDone ? token.slice(0, -1) : token, icmp, msg);
  out.src = src.addr;
  if (src.port !== undefined) out.srcPort = src.port;
  if (!headDone) {
    if (!msg.startsWith(' to ', end)) throw malformed('no " to " after the source', msg);
    pos = end + 4;
    end = tokenEnd(msg, pos);
    token = msg.slice(pos, end);
    headDone = token.endsWith('.');
    const dst = endpoint(headDone ? token.slice(0, -1) : token, icmp, msg);
    out.dst = dst.addr;
    if (dst.port !== undefined) out.dstPort = dst.port;
  }

  if (!headDone && msg.startsWith(DNAT, end)) {
    pos = end + DNAT.length;
    end = tokenEnd(msg, pos);
    token = msg.slice(pos, end);
    const nat = endpoint(token.endsWith('.') ? token.slice(0, -1) : token, icmp, msg);
    out.natDst = nat.addr;
    if (nat.port !== undefined) out.natDstPort = nat.port;
    labelledSegments(msg.slice(end).trimStart(), out);
    return out;
  }
  if (!headDone) throw malformed('no "." after the destination', msg);

  let rest = msg.slice(end).trimStart();
  if (rest.startsWith('Url: ')) {
    const urlEnd = rest.indexOf('. Action: ');
    if (urlEnd < 0) throw malformed('no "Action:" after the URL', msg);
    out.url = rest.slice(5, urlEnd);
    rest = rest.slice(urlEnd + 2);
  }
  if (!rest.startsWith('Action: ')) throw malformed('no "Action:"', msg);
  const dot = rest.indexOf('.', 8);
  const action = rest.slice(8, dot < 0 ? rest.length : dot).trim();
  if (action === '') throw malformed('empty action', msg);
  out.action = action;
  if (dot >= 0) labelledSegments(skipDots(rest, dot), out);
  return out;
}

/** `TCP` → {name: TCP}; `ICMP Type=8` → {name: ICMP, icmpType: 8} (the structured `Protocol` column too); undefined when neither. */
export function splitProtocol(text: string): { name: string; icmpType?: number } | undefined {
  const m = PROTOCOL_TOKEN.exec(text);
  if (!m) return undefined;
  return m[2] === undefined ? { name: m[1]! } : { name: m[1]!, icmpType: Number(m[2]) };
}

export const isIcmp = (protocol: string): boolean => protocol.length >= 4 && protocol.slice(0, 4).toUpperCase() === 'ICMP';

function tokenEnd(msg: string, from: number): number {
  const space = msg.indexOf(' ', from);
  return space < 0 ? msg.length : space;
}

/** After the action: `.` (N1), `..` (N4) or `. ` then the segments. */
function skipDots(rest: string, dot: number): string {
  let i = dot;
  while (i < rest.length && (rest.charCodeAt(i) === 46 || rest.charCodeAt(i) === 32)) i++;
  return rest.slice(i);
}

/**
 * `Policy: p. Rule Collection Group: g. Rule Collection: c. Rule: r` and the like: each value runs to
 * the next known label, so values may hold dots and commas (`Rule: Azure-to-AllowedServices, HTTP`).
 * Text before the first label is an unlabelled reason.
 */
function labelledSegments(tail: string, out: FirewallMessage): void {
  if (tail === '') return;
  LABEL_PATTERN.lastIndex = 0;
  let field: LabelledField | undefined;
  let valueStart = 0;
  let m: RegExpExecArray | null;
  while ((m = LABEL_PATTERN.exec(tail)) !== null) {
    setSegment(out, field ?? 'reason', tail.slice(valueStart, m.index));
    field = LABELS[m[1]!]!;
    valueStart = m.index + m[0].length;
  }
  setSegment(out, field ?? 'reason', tail.slice(valueStart));
}

function setSegment(out: FirewallMessage, field: LabelledField, raw: string): void {
  let value = raw.trim();
  if (value.endsWith('.')) value = value.slice(0, -1).trimEnd();
  if (value !== '' && out[field] === undefined) out[field] = value;
}

/**
 * `addr:port`, split on the last colon (IPv6 is logged unbracketed). ICMP endpoints may have no
 * port at all (N5) or an empty one (I2); an ICMP endpoint that is a whole IPv6 address has none.
 */
function endpoint(token: string, icmp: boolean, msg: string): { addr: string; port?: number } {
  if (token === '') throw malformed('empty address', msg);
  if (icmp && isIpAddress(token)) return { addr: token };
  const colon = token.lastIndexOf(':');
  if (colon < 0) return { addr: unbracket(token) };
  const addr = unbracket(token.slice(0, colon));
  if (addr === '') throw malformed('empty address', msg);
  const portText = token.slice(colon + 1);
  if (portText === '') return { addr };
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new RecordRejected('bad-port', `port "${portText}" of "${token}" is not 0-65535`);
  }
  return { addr, port: Number(portText) };
}

function unbracket(addr: string): string {
  return addr.length > 2 && addr.startsWith('[') && addr.endsWith(']') ? addr.slice(1, -1) : addr;
}
