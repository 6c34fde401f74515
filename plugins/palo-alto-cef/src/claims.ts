import { claimsByVendorProduct, equalsIgnoreCase } from '@asimkit/sdk';

/** CEF header values PAN-OS writes. */
export const VENDOR = 'Palo Alto Networks';
export const PRODUCT = 'PAN-OS';

/**
 * Rows this plugin claims: `DeviceVendor == "Palo Alto Networks"` and `DeviceProduct =~ "PAN-OS"`
 * (Microsoft's filter, with the product compared case-insensitively as the spec recommends, §4).
 * Cortex Data Lake's `LF` product has a different layout and is not claimed. The `Activity ==
 * "TRAFFIC"` part of Microsoft's filter is applied in `fromTableRow`, so THREAT and other PAN-OS
 * logs are skipped with what they are instead of "no enabled parser".
 */
export const claimsPanOs = claimsByVendorProduct(VENDOR, equalsIgnoreCase(PRODUCT));
