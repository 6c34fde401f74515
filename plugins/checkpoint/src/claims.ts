import { describeCslRow, skip, type Skip, type TableRow } from '@asimkit/sdk';

const FIREWALL_PRODUCT = 'vpn-1 & firewall-1';

/**
 * The row filter of Microsoft's ASIM Check Point parser in its newest form (ARM template, presumed
 * 1.2.1; spec §4, D1): `replace_string(DeviceVendor, " ", "") =~ "CheckPoint"` and
 * `DeviceProduct =~ "VPN-1 & FireWall-1"`. So both `Check Point` (real Log Exporter) and
 * `CheckPoint` (Microsoft's sample data) are claimed, and other blades (SmartDefense, Log Update,
 * Application Control, ...) are not.
 */
export function isCheckPointFirewall(row: TableRow): boolean {
  const vendor = row.DeviceVendor;
  const product = row.DeviceProduct;
  return (
    typeof vendor === 'string' &&
    typeof product === 'string' &&
    vendor.replace(/ /g, '').toLowerCase() === 'checkpoint' &&
    product.toLowerCase() === FIREWALL_PRODUCT
  );
}

/** The skip of a row that is not a Check Point firewall log, naming what it is. */
export function notCheckPointFirewall(row: TableRow): Skip {
  return skip(`not a Check Point firewall log (${describeCslRow(row)})`);
}
