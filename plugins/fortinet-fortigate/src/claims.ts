import { describeCslRow, skip, type Skip, type TableRow } from '@asimkit/sdk';

/**
 * Part 1 of the row filter of Microsoft's ASIM FortiGate parser (spec §4): `DeviceVendor ==
 * "Fortinet"` (case-sensitive) and `DeviceProduct startswith "FortiGate"` (case-insensitive:
 * `Fortigate`, `FortiGate`, `FortiGate-VM64`, `FortiGate-60F`). Parts 2 and 3 (a traffic log, not a
 * DNS session) are applied by the mapping as skips with their reason, so a FortiGate UTM or DNS log
 * is reported as what it is rather than as "no parser for Fortinet/Fortigate".
 */
export function isFortiGate(row: TableRow): boolean {
  const vendor = row.DeviceVendor;
  const product = row.DeviceProduct;
  return vendor === 'Fortinet' && typeof product === 'string' && product.slice(0, 9).toLowerCase() === 'fortigate';
}

/** The skip of a row that is not a FortiGate log, naming what it is. */
export function notFortiGate(row: TableRow): Skip {
  return skip(`not a FortiGate log (${describeCslRow(row)})`);
}
