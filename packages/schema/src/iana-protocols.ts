// IANA protocol numbers → keywords, as ASIM's _ASIM_LookupNetworkProtocol (S10) and the AWS VPC
// parser table (shared/spec/sources/aws-vpc-flow.md §5.1) map them: 0–143 and 255.
// Keywords are verbatim, including IANA's " (deprecated)" suffix and mixed case (IPv6-ICMP).
// Numbers whose keyword is empty in the registry (61, 63, 68, 99, 114, 253, 254) and the
// unassigned range 144–252 have no name.
// Decision: 84 has two registry rows (TTP and IPTM); we return TTP, the first, and accept both.

const KEYWORDS_0_143 = [
  'HOPOPT', 'ICMP', 'IGMP', 'GGP', 'IPv4', 'ST', 'TCP', 'CBT', 'EGP', 'IGP',                       // 0-9
  'BBN-RCC-MON', 'NVP-II', 'PUP', 'ARGUS (deprecated)', 'EMCON', 'XNET', 'CHAOS', 'UDP', 'MUX', 'DCN-MEAS', // 10-19
  'HMP', 'PRM', 'XNS-IDP', 'TRUNK-1', 'TRUNK-2', 'LEAF-1', 'LEAF-2', 'RDP', 'IRTP', 'ISO-TP4',     // 20-29
  'NETBLT', 'MFE-NSP', 'MERIT-INP', 'DCCP', '3PC', 'IDPR', 'XTP', 'DDP', 'IDPR-CMTP', 'TP++',       // 30-39
  'IL', 'IPv6', 'SDRP', 'IPv6-Route', 'IPv6-Frag', 'IDRP', 'RSVP', 'GRE', 'DSR', 'BNA',             // 40-49
  'ESP', 'AH', 'I-NLSP', 'SWIPE (deprecated)', 'NARP', 'MOBILE', 'TLSP', 'SKIP', 'IPv6-ICMP', 'IPv6-NoNxt', // 50-59
  'IPv6-Opts', '', 'CFTP', '', 'SAT-EXPAK', 'KRYPTOLAN', 'RVD', 'IPPC', '', 'SAT-MON',             // 60-69
  'VISA', 'IPCV', 'CPNX', 'CPHB', 'WSN', 'PVP', 'BR-SAT-MON', 'SUN-ND', 'WB-MON', 'WB-EXPAK',      // 70-79
  'ISO-IP', 'VMTP', 'SECURE-VMTP', 'VINES', 'TTP', 'NSFNET-IGP', 'DGP', 'TCF', 'EIGRP', 'OSPFIGP', // 80-89
  'Sprite-RPC', 'LARP', 'MTP', 'AX.25', 'IPIP', 'MICP (deprecated)', 'SCC-SP', 'ETHERIP', 'ENCAP', '', // 90-99
  'GMTP', 'IFMP', 'PNNI', 'PIM', 'ARIS', 'SCPS', 'QNX', 'A/N', 'IPComp', 'SNP',                    // 100-109
  'Compaq-Peer', 'IPX-in-IP', 'VRRP', 'PGM', '', 'L2TP', 'DDX', 'IATP', 'STP', 'SRP',              // 110-119
  'UTI', 'SMP', 'SM (deprecated)', 'PTP', 'ISIS over IPv4', 'FIRE', 'CRTP', 'CRUDP', 'SSCOPMCE', 'IPLT', // 120-129
  'SPS', 'PIPE', 'SCTP', 'FC', 'RSVP-E2E-IGNORE', 'Mobility Header', 'UDPLite', 'MPLS-in-IP', 'manet', 'HIP', // 130-139
  'Shim6', 'WESP', 'ROHC', 'Ethernet',                                                              // 140-143
] as const;

/** An IANA protocol keyword: the values NetworkProtocol may take (R9), for mappings that want the compiler to check them. */
export type IanaProtocolKeyword = Exclude<(typeof KEYWORDS_0_143)[number], ''> | 'Reserved' | 'IPTM' | 'Unassigned';

/** Index = protocol number; '' = no keyword. */
const KEYWORDS: readonly string[] = (() => {
  const table = new Array<string>(256).fill('');
  KEYWORDS_0_143.forEach((name: string, n) => (table[n] = name));
  table[255] = 'Reserved';
  return table;
})();

/**
 * IANA keyword for an IP protocol number (6 → TCP, 58 → IPv6-ICMP), or undefined when the number
 * is out of range, unassigned or has an empty keyword. R9 maps unknown numbers to `Unassigned`:
 * use `ianaProtocolName(n) ?? 'Unassigned'` for that.
 */
export function ianaProtocolName(n: number): string | undefined {
  return Number.isInteger(n) && n >= 0 && n <= 255 ? KEYWORDS[n] || undefined : undefined;
}

/** Every valid NetworkProtocol value: all keywords above, IPTM (84's second keyword) and `Unassigned`. */
export const IANA_PROTOCOL_NAMES: ReadonlySet<string> = new Set([
  ...KEYWORDS.filter((name) => name !== ''),
  'IPTM',
  'Unassigned',
]);
