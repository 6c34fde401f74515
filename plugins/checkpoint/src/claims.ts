import { describeCslRow, skip, type Skip, type TableRow } from '@asimkit/sdk';

/**
 * The firewall blade's product names, compared without case, blanks or the `-1` suffixes:
 * `VPN-1 & FireWall-1` (Log Exporter up to R80.x, Microsoft's filter), `VPN & FireWall-1` and
 * `VPN & FireWall` (recent Log Exporter versions), and `Firewall` (the blade's name since R80).
 */
const FIREWALL_PRODUCTS: ReadonlySet<string> = new Set(['vpn&firewall', 'firewall']);

/** `VPN-1 & FireWall-1` → `vpn&firewall`: lower case, `-1` suffixes and blanks removed. */
export function productKey(product: string): string {
  return product.toLowerCase().replace(/-1\b/g, '').replace(/\s+/g, '');
}

/**
 * The row filter of Microsoft's ASIM Check Point parser in its newest form (ARM template, presumed
 * 1.2.1; spec §4, D1), `replace_string(DeviceVendor, " ", "") =~ "CheckPoint"` and `DeviceProduct
 * =~ "VPN-1 & FireWall-1"`, with the product widened to the spellings the firewall blade's logs
 * really carry (README: claim review). So both `Check Point` (real Log Exporter) and `CheckPoint`
 * (Microsoft's sample data) are claimed, and other blades (SmartDefense, Log Update, Application
 * Control, ...) are not.
 */
export function isCheckPointFirewall(row: TableRow): boolean {
  const vendor = row.DeviceVendor;
  const product = row.DeviceProduct;
  if (typeof vendor !== 'string' || typeof product !== 'string') return false;
  // routing asks this of every CEF row of a stream, which mostly repeats one vendor and product
  if (vendor !== last.vendor || product !== last.product) {
    last.claimed = vendor.replace(/ /g, '').toLowerCase() === 'checkpoint' && FIREWALL_PRODUCTS.has(productKey(product));
    last.vendor = vendor;
    last.product = product;
  }
  return last.claimed;
}

/** The vendor and product `isCheckPointFirewall` last looked at, and its answer. */
const last = { vendor: '', product: '', claimed: false };

/** The skip of a row that is not a Check Point firewall log, naming what it is. */
export function notCheckPointFirewall(row: TableRow): Skip {
  return skip(`not a Check Point firewall log (${describeCslRow(row)})`);
}
