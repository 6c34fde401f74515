import { claimsByVendorProduct } from '@asimkit/sdk';

/** CEF header values of the ZIA NSS firewall feed. */
export const VENDOR = 'Zscaler';
export const PRODUCT = 'NSSFWlog';

/**
 * Microsoft's filter, case-sensitive: `DeviceVendor == "Zscaler" and DeviceProduct == "NSSFWlog"`.
 * `NSSWeblog` (web proxy) and `NSSDNSlog` rows share the vendor and belong to other ASIM schemas.
 */
export const claimsZiaFirewall = claimsByVendorProduct(VENDOR, PRODUCT);
