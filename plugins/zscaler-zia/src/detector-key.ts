import { isIP } from 'node:net';
import type { DetectorKey } from '@asimkit/schema';
import { cslProtocolKeyword, optionalInt, isCanonicalTimeMs, type CefFields, type StreamContext, type SyslogTimeOptions } from '@asimkit/sdk';
import { address, dvcAction, labelled, networkDirection, ownTimeMs } from './mapping.js';

/** The CEF keys the fast path reads: the six counted values and every value that can make `mapFirewall`'s record invalid. */
export const ZIA_CEF_DETECTOR_KEYS = [
  'rt',
  'epochtime',
  'cn1',
  'cn2',
  'act',
  'proto',
  'deviceDirection',
  'dpt',
  'cs3',
  'cs3Label',
  'src',
  'dst',
  'deviceTranslatedAddress',
  'deviceTranslatedPort',
  'destinationTranslatedAddress',
  'in',
  'out',
] as const;

/**
 * The detector's fast path over a ZIA firewall CEF line (the SDK's `cefDetectorKey`): the six
 * counted values as `mapFirewall` gives them, from its own value functions (`ownTimeMs`,
 * `dvcAction`, `networkDirection`, `labelled`) fed what the row's columns would hold. Declines
 * every record the hot-path type check would reject: an address that is none, a duration, session
 * count or NAT port out of the 32-bit range, byte sums past the safe integers, a time past the year 9999.
 */
export function ziaCefDetectorKey(cef: CefFields, key: DetectorKey, ctx: StreamContext<unknown>, time: SyslogTimeOptions): boolean {
  const row = cef.rowTimes(time, ctx);
  const endMs = ownTimeMs(cef.text('rt'), cef.text('epochtime'), row.options) ?? row.fallbackMs;
  const duration = cef.int('cn1');
  if (!Number.isInteger(endMs) || !isCanonicalTimeMs(endMs) || !isInt32OrNone(duration) || !isCanonicalTimeMs(duration !== undefined && duration > 0 ? endMs - duration : endMs)) return false;
  if (!isInt32OrNone(cef.int('cn2')) || !validAddresses(cef) || !validCounts(cef)) return false;
  key.timeMs = endMs;
  key.NetworkProtocol = cslProtocolKeyword(cef.text('proto')) ?? '';
  key.DstPortNumber = cef.int('dpt') ?? null;
  key.DstAppName = labelled(cef.text('cs3'), cef.text('cs3Label'), 'nwApp') ?? '';
  key.NetworkDirection = networkDirection(cef.text('deviceDirection')) ?? '';
  key.DvcAction = dvcAction(cef.text('act')) ?? '';
  return true;
}

/** The addresses `mapFirewall` copies are addresses; the egress NAT port it copies with one is a 32-bit int. */
function validAddresses(cef: CefFields): boolean {
  const srcNat = address(cef.text('deviceTranslatedAddress'));
  if (srcNat !== undefined && !isInt32OrNone(optionalInt(cef.text('deviceTranslatedPort')))) return false;
  return isAddressOrNone(address(cef.text('src'))) && isAddressOrNone(address(cef.text('dst'))) && isAddressOrNone(srcNat) && isAddressOrNone(address(cef.text('destinationTranslatedAddress')));
}

/** NetworkBytes, the sum `mapFirewall` makes, is a safe integer. */
function validCounts(cef: CefFields): boolean {
  const received = cef.int('in');
  const sent = cef.int('out');
  return received === undefined || sent === undefined || Number.isSafeInteger(received + sent);
}

function isAddressOrNone(text: string | undefined): boolean {
  return text === undefined || isIP(text) !== 0;
}

function isInt32OrNone(n: number | undefined): boolean {
  return n === undefined || (Number.isInteger(n) && n <= 2147483647 && n >= -2147483648);
}
