import type { NetworkSession } from '@asimkit/schema';
import type { AsaVerdict } from './message.js';

type DvcAction = NonNullable<NetworkSession['DvcAction']>;
type EventResult = NonNullable<NetworkSession['EventResult']>;
type ResultDetails = NonNullable<NetworkSession['EventResultDetails']>;

/** `table[key]` for the table's own keys only (`__proto__`, `constructor` from a record are no keys). */
export function lookup<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Per-id DvcAction when the text does not decide it (spec §5.3; 313xxx: denied ICMP). */
export const ACTION_BY_ID: Readonly<Record<string, AsaVerdict>> = {
  '106001': 'Deny', '106002': 'Deny', '106006': 'Deny', '106007': 'Deny', '106010': 'Deny', '106012': 'Deny', '106014': 'Deny',
  '106015': 'Deny', '106016': 'Deny', '106017': 'Deny', '106018': 'Deny', '106020': 'Deny', '106021': 'Deny', '106022': 'Deny',
  '106023': 'Deny', '710003': 'Deny', '313001': 'Deny', '313004': 'Deny', '313008': 'Deny',
  '106013': 'Drop', '710004': 'Drop', '710005': 'Drop',
  '302013': 'Allow', '302014': 'Allow', '302015': 'Allow', '302016': 'Allow', '302020': 'Allow', '302021': 'Allow', '710002': 'Allow',
};

/** EventSubType: Built starts a connection, Teardown ends it; the other messages are single packets (none). */
export const SUBTYPE_BY_ID: Readonly<Record<string, 'Start' | 'End'>> = {
  '302013': 'Start', '302015': 'Start', '302020': 'Start',
  '302014': 'End', '302016': 'End', '302021': 'End',
};

export interface TeardownOutcome {
  readonly action?: DvcAction;
  readonly result?: EventResult;
  readonly details?: ResultDetails;
}

/**
 * 302014 teardown reasons (spec §5.3, Microsoft's lookup), keyed lower-case. Where Microsoft
 * gives no DvcAction the connection was allowed and ended: `Allow`. Fixed: `Unauth Deny` is the
 * URL-filter denial and `Unknown` the catch-all (Cisco's meanings; Microsoft swapped them), and
 * `Flow terminated by TCP Intercept` is a Deny (Microsoft's `TCP Intercept` is no DvcAction).
 */
export const TEARDOWN_REASONS: ReadonlyMap<string, TeardownOutcome> = new Map(
  (
    [
      ['Conn-timeout', undefined, 'Success', 'Timeout'],
      ['Deny Terminate', 'Deny', 'Failure', 'Terminated'],
      ['Failover primary closed', undefined, 'Success', 'Failover'],
      ['FIN Timeout', undefined, 'Success', 'Timeout'],
      ['Flow closed by inspection', 'Deny', 'Failure', 'Terminated'],
      ['Flow terminated by IPS', 'Deny', 'Failure', 'Terminated'],
      ['Flow reset by IPS', 'Reset', 'Failure', 'Terminated'],
      ['Flow terminated by TCP Intercept', 'Deny', 'Failure', 'Terminated'],
      ['Flow timed out', undefined, 'Success', 'Timeout'],
      ['Flow timed out with reset', 'Reset', 'Failure', 'Timeout'],
      ['Free the flow created as result of packet injection', undefined, 'Success', 'Simulation'],
      ['Invalid SYN', undefined, 'Failure', 'Invalid TCP'],
      ['IPS fail-close', 'Deny', 'Failure', 'Terminated'],
      ['No interfaces associated with zone', undefined, 'Failure', 'Routing issue'],
      ['No valid adjacency', 'Drop', 'Failure', 'Routing issue'],
      ['Pinhole Timeout', undefined, 'Failure', 'Timeout'],
      ['Probe maximum retries of retransmission exceeded', undefined, 'Failure', 'Maximum Retry'],
      ['Probe maximum retransmission time elapsed', undefined, 'Failure', 'Maximum Retry'],
      ['Probe received RST', undefined, 'Failure', 'Reset'],
      ['Probe received FIN', undefined, 'Success', undefined],
      ['Probe completed', undefined, 'Success', undefined],
      ['Route change', undefined, 'Success', undefined],
      ['SYN Control', undefined, 'Failure', 'Invalid TCP'],
      ['SYN Timeout', undefined, 'Failure', 'Timeout'],
      ['TCP bad retransmission', undefined, 'Success', 'Invalid TCP'],
      ['TCP FINs', undefined, 'Success', undefined],
      ['TCP Invalid SYN', undefined, 'Failure', 'Invalid TCP'],
      ['TCP Reset-APPLIANCE', undefined, 'Failure', 'Reset'],
      ['TCP Reset-I', undefined, 'Failure', 'Reset'],
      ['TCP Reset-O', undefined, 'Failure', 'Reset'],
      ['TCP segment partial overlap', undefined, 'Failure', 'Invalid TCP'],
      ['TCP unexpected window size variation', undefined, 'Failure', 'Invalid TCP'],
      ['Tunnel has been torn down', undefined, 'Failure', 'Invalid Tunnel'],
      ['Unauth Deny', 'Deny', 'Failure', 'Terminated'],
      ['Unknown', undefined, 'Failure', 'Unknown'],
      ['Xlate Clear', undefined, undefined, undefined],
    ] as const
  ).map(([reason, action, result, details]) => {
    const outcome: { action?: DvcAction; result?: EventResult; details?: ResultDetails } = {};
    if (action !== undefined) outcome.action = action;
    if (result !== undefined) outcome.result = result;
    if (details !== undefined) outcome.details = details;
    return [reason.toLowerCase(), outcome];
  }),
);

/**
 * Port names ASA writes instead of numbers (its port literals, e.g. `to inside:10.0.0.1/https`
 * in the 710xxx messages), → the port number.
 */
export const PORT_NAMES: Readonly<Record<string, number>> = {
  aol: 5190, bgp: 179, biff: 512, bootpc: 68, bootps: 67, chargen: 19, cifs: 3020, 'citrix-ica': 1494, cmd: 514, ctiqbe: 2748,
  daytime: 13, discard: 9, dnsix: 195, domain: 53, echo: 7, exec: 512, finger: 79, ftp: 21, 'ftp-data': 20, gopher: 70, h323: 1720,
  hostname: 101, http: 80, https: 443, ident: 113, imap4: 143, irc: 194, isakmp: 500, kerberos: 750, klogin: 543, kshell: 544,
  ldap: 389, ldaps: 636, login: 513, lotusnotes: 1352, lpd: 515, 'mobile-ip': 434, nameserver: 42, 'netbios-dgm': 138,
  'netbios-ns': 137, 'netbios-ssn': 139, nfs: 2049, nntp: 119, ntp: 123, 'pcanywhere-data': 5631, 'pcanywhere-status': 5632,
  'pim-auto-rp': 496, pop2: 109, pop3: 110, pptp: 1723, radius: 1645, 'radius-acct': 1646, rip: 520, rsh: 514, rtsp: 554,
  'secureid-udp': 5510, sip: 5060, smtp: 25, snmp: 161, snmptrap: 162, sqlnet: 1521, ssh: 22, sunrpc: 111, syslog: 514,
  tacacs: 49, talk: 517, telnet: 23, tftp: 69, time: 37, uucp: 540, vxlan: 4789, who: 513, whois: 43, www: 80, xdmcp: 177,
};

/** Botnet-filter threat levels (338xxx) → ThreatRiskLevel 0–100. */
export const THREAT_LEVELS: Readonly<Record<string, number>> = {
  none: 0, 'very-low': 20, low: 40, moderate: 60, high: 80, 'very-high': 100,
};
