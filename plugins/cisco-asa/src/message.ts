/**
 * The ASA message texts this plugin reads (spec §2.2, plus 313001/313004/313008 and 338001–338008),
 * one pattern and one reader per message id, → an `AsaMessage` whose `src` is the side that
 * initiated the connection and `dst` the responder (the service), whatever order the text uses.
 *
 * Values stay text here (addresses, ports, users as written); `mapping.ts` checks them. Patterns
 * are written with single spaces, which match any run of whitespace (ASA pads some fields: `flags
 * SYN  on interface`), and ` ?` for an optional one. They anchor at the start of the text and
 * ignore what follows the part they read, so fields later ASA releases append do not break them.
 */

/** One end of a connection, as the message names it. */
export interface AsaEndpoint {
  ip?: string;
  /** The port as written: digits, or a service name in the to-the-box messages (710xxx). */
  port?: string;
  ifc?: string;
  /** The mapped (NAT) address and port, where the message gives them (302013/302015, 302020, 338xxx). */
  natIp?: string;
  natPort?: string;
  user?: string;
}

export type AsaVerdict = 'Allow' | 'Deny' | 'Drop';

export interface AsaMessage {
  /** The device's action word: Built, Teardown, Deny, Denied, Dropping, permitted, denied, est-allowed, monitored, dropped... */
  readonly verb: string;
  /** Allow / Deny / Drop when the text decides it (106100's verb, 338xxx's monitored/dropped); else the id's default. */
  verdict?: AsaVerdict;
  protocol?: string;
  /** The message's own inbound/outbound word. */
  direction?: 'Inbound' | 'Outbound';
  src: AsaEndpoint;
  dst: AsaEndpoint;
  /** Src/Dst were ordered by the service port: the message does not say who initiated (teardowns). */
  orderInferred?: boolean;
  /** `on interface X`: the interface the packet arrived on. */
  ingress?: string;
  connectionId?: string;
  durationMs?: number;
  /** Total bytes, both directions, as written. */
  bytes?: string;
  teardownReason?: string;
  teardownInitiator?: string;
  /**
   * The AAA (cut-through proxy) user: 302013/302015 write it after the last tuple, separated by a
   * space (a tuple's own identity-firewall user is attached to it); 302014/302016 after the reason.
   */
  extraUser?: string;
  icmpType?: string;
  icmpCode?: string;
  rule?: string;
  hitCount?: string;
  tcpFlags?: string;
  /** 106007: what the DNS packet was (`DNS Query`, `DNS Response`). */
  dnsPacket?: string;
  threat?: { side: 'source' | 'destination'; resolvedFrom: string; address: string; level?: string; category?: string };
}

type Groups = Readonly<Record<string, string | undefined>>;
type Reader = (g: Groups) => AsaMessage;

// Pattern pieces. `n` names the group: a... for the first tuple written, b... for the second.
const ifc = (n: string) => `(?<${n}Ifc>[^\\s:]+)`;
const ip = (n: string) => `(?<${n}Ip>[^\\s/()]+)`;
const port = (n: string) => `(?<${n}Port>[^\\s/()]+)`;
/** An optional `(user)`, with or without a space before it; never the `(type t, code c)` group. */
const user = (n: string) => `(?: ?\\((?!type \\d)(?<${n}User>[^()]*)\\))?`;
/** A `(user)` written right after a tuple (the identity-firewall user of that host). */
const attachedUser = (n: string) => `(?:\\((?!type \\d)(?<${n}User>[^()]*)\\))?`;
const mapped = (n: string) => ` ?\\(${ip(`${n}Nat`)}/${port(`${n}Nat`)}\\)`;
const icmpParens = ` ?\\(type (?<icmpType>\\d+), code (?<icmpCode>\\d+)\\)`;
const protocolWord = `(?:protocol (?<protoNumber>\\d+)|(?<proto>\\S+))`;

/** Compiles a pattern: ` ?` → optional whitespace, ` ` → a run of it, anchored at the start. */
function pattern(source: string): RegExp {
  return new RegExp(`^${source.replace(/ \?/g, '\\s*').replace(/ /g, '\\s+')}`);
}

/** The group names of one tuple prefix, built once (no string building per record). */
const NAMES = new Map<string, { ip: string; port: string; ifc: string; natIp: string; natPort: string; user: string }>();
function namesOf(n: string) {
  let names = NAMES.get(n);
  if (names === undefined) {
    names = { ip: `${n}Ip`, port: `${n}Port`, ifc: `${n}Ifc`, natIp: `${n}NatIp`, natPort: `${n}NatPort`, user: `${n}User` };
    NAMES.set(n, names);
  }
  return names;
}

function endpoint(g: Groups, n: string): AsaEndpoint {
  const names = namesOf(n);
  const e: AsaEndpoint = {};
  const ipText = g[names.ip];
  if (ipText !== undefined) e.ip = ipText;
  const portText = g[names.port];
  if (portText !== undefined) e.port = portText;
  const ifcText = g[names.ifc];
  if (ifcText !== undefined) e.ifc = ifcText;
  const natIp = g[names.natIp];
  if (natIp !== undefined) e.natIp = natIp;
  const natPort = g[names.natPort];
  if (natPort !== undefined) e.natPort = natPort;
  const u = g[names.user]?.trim();
  if (u !== undefined && u !== '') e.user = u;
  return e;
}

const protocolOf = (g: Groups) => g.protoNumber ?? g.proto;
const directionOf = (word: string | undefined) => (word === undefined ? undefined : word.toLowerCase() === 'inbound' ? 'Inbound' : 'Outbound');

/** Who initiated a Built connection (spec §2.2 semantics): `for` is the foreign side; inbound means it initiated. */
function initiatorFirst(direction: 'Inbound' | 'Outbound' | undefined, foreign: AsaEndpoint, local: AsaEndpoint): [AsaEndpoint, AsaEndpoint] {
  return direction === 'Outbound' ? [local, foreign] : [foreign, local];
}

/**
 * Teardowns name no initiator. The responder is the side with the lower port (the service:
 * clients use ephemeral ports); equal or missing ports keep the written order (`for` first).
 */
function byServicePort(a: AsaEndpoint, b: AsaEndpoint): [AsaEndpoint, AsaEndpoint, boolean] {
  const pa = Number(a.port);
  const pb = Number(b.port);
  if (Number.isInteger(pa) && Number.isInteger(pb) && pa < pb) return [b, a, true];
  return [a, b, Number.isInteger(pa) && Number.isInteger(pb) && pa !== pb];
}

/** `H:MM:SS` with any number of hour digits → milliseconds. */
function durationMs(h: string, m: string, s: string): number {
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}

/** The end of a teardown: `[reason [from ifc]] [(user)]`. */
function teardownTail(message: AsaMessage, tail: string | undefined): void {
  let rest = (tail ?? '').trim();
  const userMatch = /\(([^()]*)\)$/.exec(rest);
  if (userMatch) {
    const u = userMatch[1]!.trim();
    if (u !== '') message.extraUser = u;
    rest = rest.slice(0, userMatch.index).trim();
  }
  const from = /\s+from\s+(\S+)$/.exec(rest);
  if (from) {
    message.teardownInitiator = from[1]!;
    rest = rest.slice(0, from.index).trim();
  }
  if (rest !== '') message.teardownReason = rest.replace(/\s+/g, ' ');
}

const TWO_IPS = `from ${ip('a')} to ${ip('b')}`;
const TWO_TUPLES = `from ${ip('a')}/${port('a')} to ${ip('b')}/${port('b')}`;
const ON_INTERFACE = ` on interface (?<ingress>\\S+)`;

/** A plain "from a to b" message: the first address sent the packet. */
function packet(verb: string, g: Groups, extra: Partial<AsaMessage> = {}): AsaMessage {
  const m: AsaMessage = { verb, src: endpoint(g, 'a'), dst: endpoint(g, 'b'), ...extra };
  if (protocolOf(g) !== undefined) m.protocol = protocolOf(g);
  if (g.ingress !== undefined) m.ingress = g.ingress;
  if (g.icmpType !== undefined) m.icmpType = g.icmpType;
  if (g.icmpCode !== undefined) m.icmpCode = g.icmpCode;
  return m;
}

const BUILT_TCP_UDP = pattern(
  `Built (?<dir>inbound|outbound) (?<proto>\\S+) connection (?<conn>\\d+) for ${ifc('a')}:${ip('a')}/${port('a')}${mapped('a')}${user('a')} ` +
    `to ${ifc('b')}:${ip('b')}/${port('b')}${mapped('b')}${attachedUser('b')}${user('extra')}`,
);
const TEARDOWN_TCP_UDP = pattern(
  `Teardown (?<proto>\\S+) connection (?<conn>\\d+) for ${ifc('a')}:${ip('a')}/${port('a')}${user('a')} to ${ifc('b')}:${ip('b')}/${port('b')}${user('b')} ` +
    `duration (?<h>\\d+):(?<m>\\d\\d):(?<s>\\d\\d) bytes (?<bytes>\\d+)(?<tail>.*)$`,
);
const ICMP_CONNECTION = pattern(
  `(?<verb>Built|Teardown) (?:(?<dir>inbound|outbound) )?(?<proto>\\S+) connection for faddr ${ip('f')}/${port('f')}${user('f')} ` +
    `gaddr ${ip('g')}/${port('g')} laddr ${ip('l')}/${port('l')}${user('l')}(?<tail>.*)$`,
);
const ICMP_TYPE_CODE = /\btype\s+(\d+)\s+code\s+(\d+)/;

function builtTcpUdp(g: Groups): AsaMessage {
  const direction = directionOf(g.dir);
  const [src, dst] = initiatorFirst(direction, endpoint(g, 'a'), endpoint(g, 'b'));
  const m: AsaMessage = { verb: 'Built', protocol: g.proto!, src, dst, connectionId: g.conn! };
  if (direction !== undefined) m.direction = direction;
  if (g.extraUser !== undefined && g.extraUser.trim() !== '') m.extraUser = g.extraUser.trim();
  return m;
}

function teardownTcpUdp(g: Groups): AsaMessage {
  const [src, dst, inferred] = byServicePort(endpoint(g, 'a'), endpoint(g, 'b'));
  const m: AsaMessage = { verb: 'Teardown', protocol: g.proto!, src, dst, connectionId: g.conn!, durationMs: durationMs(g.h!, g.m!, g.s!), bytes: g.bytes! };
  if (inferred) m.orderInferred = true;
  teardownTail(m, g.tail);
  return m;
}

/**
 * 302020/302021: `faddr` is the foreign host, `laddr` the local host's real address and `gaddr`
 * its mapped one. Inbound: the foreign host initiated; outbound: the local one. A teardown says
 * neither, and keeps the written order (foreign first, as Microsoft reads it). The `/n` after each
 * address is the ICMP identifier, not a port: it is not kept.
 */
function icmpConnection(g: Groups): AsaMessage {
  const direction = directionOf(g.dir);
  const foreign: AsaEndpoint = { ip: g.fIp! };
  if (g.fUser?.trim()) foreign.user = g.fUser.trim();
  const local: AsaEndpoint = { ip: g.lIp!, natIp: g.gIp! };
  if (g.lUser?.trim()) local.user = g.lUser.trim();
  const [src, dst] = initiatorFirst(direction, foreign, local);
  const m: AsaMessage = { verb: g.verb!, protocol: g.proto!, src, dst };
  if (direction !== undefined) m.direction = direction;
  const tc = ICMP_TYPE_CODE.exec(g.tail ?? '');
  if (tc) {
    m.icmpType = tc[1]!;
    m.icmpCode = tc[2]!;
  }
  return m;
}

/** 106100: `access-list <acl> <verb> <proto> <ifc>/<ip>(<port>) -> <ifc>/<ip>(<port>) hit-cnt <n> ...`. */
const ACCESS_LIST = pattern(
  `access-list (?<acl>\\S+) (?<verb>permitted|denied|est-allowed) (?<proto>\\S+) (?<aIfc>[^\\s/]+)/(?<aIp>[^\\s(]+)\\((?<aPort>[^)]*)\\)${user('a')} ` +
    `-> (?<bIfc>[^\\s/]+)/(?<bIp>[^\\s(]+)\\((?<bPort>[^)]*)\\)${user('b')} hit-cnt (?<hits>\\d+)`,
);

/** For ICMP, 106100 writes the ICMP type and code where the ports go. */
function accessList(g: Groups): AsaMessage {
  const src = endpoint(g, 'a');
  const dst = endpoint(g, 'b');
  const m: AsaMessage = { verb: g.verb!, verdict: g.verb === 'denied' ? 'Deny' : 'Allow', protocol: g.proto!, src, dst, rule: g.acl!, hitCount: g.hits! };
  if (/^icmp/i.test(g.proto!)) {
    m.icmpType = src.port;
    m.icmpCode = dst.port;
    delete src.port;
    delete dst.port;
  }
  return m;
}

/** 338001–338008, the botnet traffic filter: `Dynamic filter {monitored|dropped} ...listed <proto> traffic from ... to ..., <side> malicious address resolved from <list> list: <what>, threat-level: <l>, category: <c>`. */
const DYNAMIC_FILTER = pattern(
  `Dynamic filter (?<verb>monitored|dropped) (?<list>\\S+) (?<proto>\\S+) traffic from ${ifc('a')}:${ip('a')}/${port('a')}(?:${mapped('a')})?,? ` +
    `to ${ifc('b')}:${ip('b')}/${port('b')},?(?:${mapped('b')})?,? (?<side>source|destination) malicious address resolved from (?<resolved>.+?) list: ` +
    `(?<what>[^,]+)(?:, threat-level: (?<level>[^,]+))?(?:, category: (?<category>.+?))?\\s*$`,
);

function dynamicFilter(g: Groups): AsaMessage {
  const threat: NonNullable<AsaMessage['threat']> = { side: g.side as 'source' | 'destination', resolvedFrom: g.resolved!, address: g.what!.trim() };
  if (g.level !== undefined) threat.level = g.level.trim();
  if (g.category !== undefined) threat.category = g.category.trim();
  return { verb: g.verb!, verdict: g.verb === 'dropped' ? 'Drop' : 'Allow', protocol: g.proto!, src: endpoint(g, 'a'), dst: endpoint(g, 'b'), threat };
}

/** To-the-box messages (710xxx): the destination is the ASA's own address on `ifc`. */
const TO_THE_BOX = (lead: string) => pattern(`${lead} from ${ip('a')}/${port('a')} to ${ifc('b')}:${ip('b')}/${port('b')}`);

interface Grammar {
  readonly pattern: RegExp;
  readonly read: Reader;
}

const g = (p: RegExp, read: Reader): Grammar => ({ pattern: p, read });

/** Message id → its grammar. */
export const GRAMMARS: Readonly<Record<string, Grammar>> = {
  '106001': g(pattern(`Inbound (?<proto>\\S+) connection denied ${TWO_TUPLES} flags (?<flags>.*?)${ON_INTERFACE}`), (x) =>
    packet('Deny', x, { direction: 'Inbound', tcpFlags: x.flags!.trim() }),
  ),
  '106002': g(pattern(`(?<proto>\\S+) Connection denied by outbound list (?<acl>\\S+) src ${ip('a')} dest ${ip('b')}`), (x) =>
    packet('Deny', x, { direction: 'Outbound', rule: x.acl! }),
  ),
  '106006': g(pattern(`Deny inbound (?<proto>\\S+) ${TWO_TUPLES}${ON_INTERFACE}`), (x) => packet('Deny', x, { direction: 'Inbound' })),
  '106007': g(pattern(`Deny inbound (?<proto>\\S+) ${TWO_TUPLES} due to (?<why>.+?)\\s*$`), (x) =>
    packet('Deny', x, { direction: 'Inbound', dnsPacket: x.why! }),
  ),
  '106010': g(
    pattern(`Deny inbound ${protocolWord} src ${ifc('a')}:${ip('a')}(?:/${port('a')})?${user('a')} dst ${ifc('b')}:${ip('b')}(?:/${port('b')})?${user('b')}(?:${icmpParens})?`),
    (x) => packet('Deny', x, { direction: 'Inbound' }),
  ),
  '106012': g(pattern(`Deny IP from ${ip('a')} to (?<bIp>[^\\s,/()]+)`), (x) => packet('Deny', x)),
  '106013': g(pattern(`Dropping echo request from ${ip('a')} to PAT address ${ip('b')}`), (x) =>
    packet('Dropping', x, { protocol: 'ICMP', icmpType: '8' }),
  ),
  '106014': g(pattern(`Deny (?<dir>inbound|outbound) (?<proto>\\S+) src ${ifc('a')}:${ip('a')}${user('a')} dst ${ifc('b')}:${ip('b')}${user('b')}${icmpParens}`), (x) =>
    packet('Deny', x, { direction: directionOf(x.dir)! }),
  ),
  '106015': g(pattern(`Deny (?<proto>\\S+) \\(no connection\\) ${TWO_TUPLES} flags (?<flags>.*?)${ON_INTERFACE}`), (x) =>
    packet('Deny', x, { tcpFlags: x.flags!.trim() }),
  ),
  '106016': g(pattern(`Deny IP spoof from \\(${ip('a')}\\) to ${ip('b')}${ON_INTERFACE}`), (x) => packet('Deny', x)),
  '106017': g(pattern(`Deny IP due to Land Attack ${TWO_IPS}`), (x) => packet('Deny', x)),
  '106018': g(pattern(`ICMP packet type (?<icmpType>\\S+) denied by outbound list (?<acl>\\S+) src ${ip('a')} dest ${ip('b')}`), (x) =>
    packet('denied', x, { protocol: 'ICMP', direction: 'Outbound', rule: x.acl! }),
  ),
  '106020': g(pattern(`Deny IP teardrop fragment \\(size = \\d+, offset = \\d+\\) ${TWO_IPS}`), (x) => packet('Deny', x)),
  '106021': g(pattern(`Deny (?<proto>\\S+) reverse path check ${TWO_IPS}${ON_INTERFACE}`), (x) => packet('Deny', x)),
  '106022': g(pattern(`Deny (?<proto>\\S+) connection spoof ${TWO_IPS}${ON_INTERFACE}`), (x) => packet('Deny', x)),
  '106023': g(
    pattern(
      `Deny ${protocolWord} src ${ifc('a')}:${ip('a')}(?:/${port('a')})?${user('a')} dst ${ifc('b')}:${ip('b')}(?:/${port('b')})?${user('b')}` +
        `(?:${icmpParens})? ?by access-group "(?<acl>[^"]*)"`,
    ),
    (x) => packet('Deny', x, { rule: x.acl! }),
  ),
  '106100': g(ACCESS_LIST, accessList),
  '302013': g(BUILT_TCP_UDP, builtTcpUdp),
  '302014': g(TEARDOWN_TCP_UDP, teardownTcpUdp),
  '302015': g(BUILT_TCP_UDP, builtTcpUdp),
  '302016': g(TEARDOWN_TCP_UDP, teardownTcpUdp),
  '302020': g(ICMP_CONNECTION, icmpConnection),
  '302021': g(ICMP_CONNECTION, icmpConnection),
  '313001': g(pattern(`Denied ICMP type=(?<icmpType>\\d+), code=(?<icmpCode>\\d+) from ${ip('a')}${ON_INTERFACE}`), (x) =>
    packet('Denied', x, { protocol: 'ICMP' }),
  ),
  '313004': g(pattern(`Denied ICMP type=(?<icmpType>\\d+), from (?:laddr|faddr) ${ip('a')}${ON_INTERFACE} to (?<bIp>[^\\s/()]+?):? no matching session`), (x) =>
    packet('Denied', x, { protocol: 'ICMP' }),
  ),
  '313008': g(pattern(`Denied IPv6-ICMP type=(?<icmpType>\\d+), code=(?<icmpCode>\\d+) from ${ip('a')}${ON_INTERFACE}`), (x) =>
    packet('Denied', x, { protocol: 'IPv6-ICMP' }),
  ),
  '338001': g(DYNAMIC_FILTER, dynamicFilter),
  '338002': g(DYNAMIC_FILTER, dynamicFilter),
  '338003': g(DYNAMIC_FILTER, dynamicFilter),
  '338004': g(DYNAMIC_FILTER, dynamicFilter),
  '338005': g(DYNAMIC_FILTER, dynamicFilter),
  '338006': g(DYNAMIC_FILTER, dynamicFilter),
  '338007': g(DYNAMIC_FILTER, dynamicFilter),
  '338008': g(DYNAMIC_FILTER, dynamicFilter),
  '710002': g(TO_THE_BOX(`(?<proto>\\S+) access permitted`), (x) => packet('permitted', x)),
  '710003': g(TO_THE_BOX(`(?<proto>\\S+) access denied by ACL`), (x) => packet('denied', x)),
  '710004': g(TO_THE_BOX(`(?<proto>\\S+) connection limit exceeded`), (x) => packet('exceeded', x)),
  '710005': g(TO_THE_BOX(`(?<proto>\\S+) request discarded`), (x) => packet('discarded', x)),
};

/** Whether this plugin reads messages with this id. */
export function isSessionMessage(id: string): boolean {
  return Object.hasOwn(GRAMMARS, id);
}

/**
 * The text after the tag: Message holds `%ASA-6-302013: Built ...` (the agent keeps the tag), and
 * some exports `302013: Built ...`; both are read, as is a bare text.
 */
export function messageText(message: string): string {
  let i = 0;
  while (i < message.length && message.charCodeAt(i) === 32) i++;
  if (message.charCodeAt(i) === 37 /* % */) {
    const colon = message.indexOf(':', i);
    if (colon > 0 && colon < i + 24) i = colon + 1;
  } else if (/^\d{6}:/.test(message.slice(i, i + 7))) i += 7;
  return message.slice(i).trim();
}

/** The message's fields, or undefined when the text is not in the id's format. */
export function parseMessage(id: string, text: string): AsaMessage | undefined {
  if (!Object.hasOwn(GRAMMARS, id)) return undefined;
  const grammar = GRAMMARS[id]!;
  const m = grammar.pattern.exec(text);
  return m === null ? undefined : grammar.read(m.groups ?? {});
}
