import type { NetworkSession } from '@asimkit/schema';
import { isIP } from 'node:net';

/**
 * `<side>Hostname` from a host name, split like Microsoft's parsers split device names: a dotted
 * name (`WORKSTATION5.theshire.local`) gives Hostname `WORKSTATION5`, Domain `theshire.local`,
 * DomainType `FQDN` and FQDN the whole name. Nothing for undefined, empty, `-` or an IP address.
 */
export function setHostnameFields(rec: NetworkSession, side: 'Src' | 'Dst', name: string | undefined): void {
  if (name === undefined || name === '' || name === '-' || isIP(name) !== 0) return;
  const r = rec as unknown as Record<string, unknown>;
  const dot = name.indexOf('.');
  if (dot <= 0 || dot === name.length - 1) {
    r[`${side}Hostname`] = name;
    return;
  }
  r[`${side}Hostname`] = name.slice(0, dot);
  r[`${side}Domain`] = name.slice(dot + 1);
  r[`${side}DomainType`] = 'FQDN';
  r[`${side}FQDN`] = name;
}
