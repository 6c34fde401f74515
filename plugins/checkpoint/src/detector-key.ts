import type { DetectorKey } from '@asimkit/schema';
import { cslProtocolKeyword, isIpAddress, labelledCustomNumber, nonEmpty, isCanonicalTimeMs, type CefFields, type CommonSecurityLogRow, type StreamContext, type SyslogTimeOptions } from '@asimkit/sdk';
import { actionOutcome, direction, duration, labelled, ownTime } from './mapping.js';

/** The CEF keys the fast path reads: the six counted values and every value that can make `mapCheckPoint`'s record invalid. */
export const CHECKPOINT_CEF_DETECTOR_KEYS = [
  'rt',
  'act',
  'proto',
  'dpt',
  'src',
  'dst',
  'c6a2',
  'c6a2Label',
  'c6a3',
  'c6a3Label',
  'sourceTranslatedAddress',
  'destinationTranslatedAddress',
  'cn1',
  'cn1Label',
  'cn2',
  'cn2Label',
  'cn3',
  'cn3Label',
  'conn_direction',
  'inzone',
  'outzone',
] as const;

/**
 * The detector's fast path over a Check Point firewall CEF line (the SDK's `cefDetectorKey`): the six
 * counted values as `mapCheckPoint` gives them, from its own value functions (`ownTime`,
 * `actionOutcome`, `direction`, `duration`) fed what the row's columns would hold. Declines every
 * record the hot-path type check would reject: an address that is none, a duration or ICMP code out
 * of the 32-bit range, a time past the year 9999; and a line without a time of its own.
 */
export function checkPointCefDetectorKey(cef: CefFields, key: DetectorKey, _ctx: StreamContext<unknown>, time: SyslogTimeOptions): boolean {
  const iso = ownTime(cef.text('rt'), cef.envelope(time)?.timestamp, time);
  if (iso === undefined) return false;
  const endMs = Date.parse(iso);
  if (!isCanonicalTimeMs(endMs)) return false;
  const numbers = customNumbers(cef);
  const seconds = duration(numbers);
  if (seconds !== undefined && (!isInt32(seconds * 1000) || !isCanonicalTimeMs(endMs - seconds * 1000))) return false;
  const icmpCode = labelledCustomNumber(numbers, 3, 'ICMP Code');
  if (icmpCode !== undefined && !isInt32(icmpCode)) return false;
  if (!validAddresses(cef)) return false;
  key.timeMs = endMs;
  key.NetworkProtocol = cslProtocolKeyword(cef.text('proto')) ?? '';
  key.DstPortNumber = cef.int('dpt') ?? null;
  key.DstAppName = '';
  key.NetworkDirection = direction(nonEmpty(cef.text('conn_direction')), nonEmpty(cef.text('inzone')), nonEmpty(cef.text('outzone'))) ?? '';
  key.DvcAction = actionOutcome(cef.text('act')).DvcAction ?? '';
  return true;
}

/** The custom-number columns `duration` and `labelledCustomNumber` read, as the codec fills them. */
function customNumbers(cef: CefFields): CommonSecurityLogRow {
  return {
    FieldDeviceCustomNumber1: cef.int('cn1'),
    DeviceCustomNumber1Label: cef.text('cn1Label'),
    FieldDeviceCustomNumber2: cef.int('cn2'),
    DeviceCustomNumber2Label: cef.text('cn2Label'),
    FieldDeviceCustomNumber3: cef.int('cn3'),
    DeviceCustomNumber3Label: cef.text('cn3Label'),
  };
}

/** The endpoint and translated addresses `mapCheckPoint` copies are addresses. */
function validAddresses(cef: CefFields): boolean {
  const src = nonEmpty(cef.text('src')) ?? labelled(cef.text('c6a2'), cef.text('c6a2Label'), 'Source IPv6 Address');
  const dst = nonEmpty(cef.text('dst')) ?? labelled(cef.text('c6a3'), cef.text('c6a3Label'), 'Destination IPv6 Address');
  return isAddressOrNone(src) && isAddressOrNone(dst) && isAddressOrNone(translated(cef.text('sourceTranslatedAddress'))) && isAddressOrNone(translated(cef.text('destinationTranslatedAddress')));
}

/** `setTranslatedAddresses`: empty and `0.0.0.0` are no translation. */
function translated(address: string | undefined): string | undefined {
  return address === undefined || address === '' || address === '0.0.0.0' ? undefined : address;
}

function isAddressOrNone(text: string | undefined): boolean {
  return text === undefined || isIpAddress(text);
}

function isInt32(n: number): boolean {
  return Number.isInteger(n) && n <= 2147483647 && n >= -2147483648;
}
