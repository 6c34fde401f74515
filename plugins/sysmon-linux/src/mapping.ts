import type { NetworkSession } from '@asimkit/schema';
import {
  eventXmlInMessage,
  hostEventFromXml,
  LINUX_SYSMON_PROVIDER,
  mapSysmonNetworkConnect,
  notSysmonNetworkEvent,
  skip,
  type Skip,
  type SyslogRow,
  type TableRow,
} from '@asimkit/sdk';

/**
 * The Syslog rows of Sysmon for Linux: those the daemon wrote (`ProcessName` `sysmon`, its syslog
 * ident; the connector's filter), and, whatever the process name a relay gave them, those whose
 * message is a Linux-Sysmon event (Microsoft's parser's filter, `<Provider Name="Linux-Sysmon"`).
 */
export function claimsSysmonLinuxRow(row: TableRow): boolean {
  const process = row.ProcessName;
  if (typeof process === 'string' && process.toLowerCase() === 'sysmon') return true;
  const message = row.SyslogMessage;
  return typeof message === 'string' && message.includes(LINUX_SYSMON_PROVIDER) && message.includes('<Event');
}

/** A raw syslog line carrying a Linux-Sysmon event (for the sniff). */
export function isSysmonLinuxLine(line: string): boolean {
  return line.includes('<Event') && line.includes(LINUX_SYSMON_PROVIDER);
}

const EVENT_ID = /<(?:\w+:)?EventID(?:\s[^>]*)?>\s*(\d{1,5})\s*</;

/**
 * A Syslog row → the event's XML → Sysmon event 3 through the SDK's one mapping (shared with
 * sysmon-windows). Other Sysmon events (process, file, ...) are skipped by their id before the XML
 * is parsed; a message without event XML is skipped; a cut-short or malformed event 3 is rejected.
 */
export function mapSysmonLinux(row: SyslogRow, receivedAt: string): NetworkSession | Skip {
  const message = row.SyslogMessage;
  if (message.indexOf('<Event') < 0) return skip('not a Sysmon event (no <Event> XML in the message)');
  // a non-network event is skipped even when a relay cut it short (long command lines are)
  const id = EVENT_ID.exec(message)?.[1];
  if (id !== undefined && id !== '3') return notSysmonNetworkEvent(Number(id));
  const xml = eventXmlInMessage(message);
  if (xml === undefined) return skip('not a Sysmon event (no <Event> XML in the message)');
  const ev = hostEventFromXml(xml);
  if (ev.provider !== undefined && ev.provider !== LINUX_SYSMON_PROVIDER) return skip(`not a Sysmon for Linux event (provider ${ev.provider})`);
  const hostIp = row.HostIP;
  return mapSysmonNetworkConnect(ev, { product: 'Sysmon for Linux', os: 'Linux', receivedAt, ...(hostIp !== undefined ? { hostIp } : {}) });
}
