import { isIP } from 'node:net';
import type { DetectorKey } from '@asimkit/schema';
import { cefTimestampMs, cslProtocolKeyword, epochMillisToIso, optionalInt, isCanonicalTimeMs, type CefFields, type StreamContext, type SyslogTimeOptions } from '@asimkit/sdk';
import { dvcAction, natAddress, panStartMs, panTimes } from './mapping.js';

/** The CEF keys the fast path reads: the six counted values and every value that can make `mapTraffic`'s record invalid. */
export const PAN_CEF_DETECTOR_KEYS = [
  'rt',
  'start',
  'act',
  'proto',
  'dpt',
  'src',
  'dst',
  'sourceTranslatedAddress',
  'destinationTranslatedAddress',
  'cn2',
  'cn3',
  'in',
  'out',
  'flexNumber1',
  'PanOSPacketsSent',
  'PanOSPacketsReceived',
  'PanOSTimeGeneratedHighResolution',
  'PanOSSessionStartTime',
] as const;

/**
 * The detector's fast path over a PAN-OS CEF line (the SDK's `cefDetectorKey`): the six counted
 * values as `mapTraffic` gives them, from the same value functions (`panTimes`, `dvcAction`,
 * `cslProtocolKeyword`) fed what the row's columns would hold. Declines what normalize would skip
 * (a log that is not TRAFFIC) and every record the hot-path type check would reject (an address
 * that is none, a duration or byte count out of its type's range, a time past the year 9999).
 */
export function panCefDetectorKey(cef: CefFields, key: DetectorKey, ctx: StreamContext<unknown>, time: SyslogTimeOptions): boolean {
  if (cef.name !== 'TRAFFIC') return false;
  const start = cef.text('start');
  // the StartTime column as the codec fills it; a text it cannot hold stays in AdditionalExtensions
  let startColumn: string | undefined;
  let startText: string | undefined;
  if (start !== undefined && start !== '') {
    const ms = cefTimestampMs(start, time);
    if (ms === undefined) startText = start;
    else startColumn = epochMillisToIso(ms);
  }
  const row = cef.rowTimes(time, ctx);
  const times = panTimes(
    {
      highResolution: cef.text('PanOSTimeGeneratedHighResolution'),
      startColumn,
      startText,
      receipt: cef.text('rt'),
      elapsedSeconds: cef.int('cn3'),
      sessionStart: cef.text('PanOSSessionStartTime'),
    },
    row.options,
  );
  const endMs = times.ownMs ?? row.fallbackMs;
  if (!Number.isInteger(endMs) || !isCanonicalTimeMs(endMs) || !isCanonicalTimeMs(panStartMs(times, endMs)) || (times.duration !== undefined && !isInt32(times.duration))) return false;
  if (!validAddresses(cef) || !validCounts(cef)) return false;
  key.timeMs = endMs;
  key.NetworkProtocol = cslProtocolKeyword(cef.text('proto')) ?? '';
  key.DstPortNumber = cef.int('dpt') ?? null;
  key.DstAppName = '';
  key.NetworkDirection = '';
  key.DvcAction = dvcAction(cef.text('act')) ?? '';
  return true;
}

/** The addresses `mapTraffic` copies are addresses (or absent). */
function validAddresses(cef: CefFields): boolean {
  return (
    isAddressOrNone(cef.text('src')) &&
    isAddressOrNone(cef.text('dst')) &&
    isAddressOrNone(natAddress(cef.text('sourceTranslatedAddress'))) &&
    isAddressOrNone(natAddress(cef.text('destinationTranslatedAddress')))
  );
}

/** Byte and packet counts, and their sums `mapTraffic` makes, are safe integers. */
function validCounts(cef: CefFields): boolean {
  const received = cef.int('in');
  const sent = cef.int('out');
  const total = optionalInt(cef.text('flexNumber1'));
  if (!isSafeOrNone(received) || !isSafeOrNone(sent) || !isSafeOrNone(total)) return false;
  if (total === undefined && received !== undefined && sent !== undefined && !Number.isSafeInteger(received + sent)) return false;
  const srcPackets = optionalInt(cef.text('PanOSPacketsSent'));
  const dstPackets = optionalInt(cef.text('PanOSPacketsReceived'));
  const packets = cef.int('cn2');
  if (!isSafeOrNone(srcPackets) || !isSafeOrNone(dstPackets) || !isSafeOrNone(packets)) return false;
  return packets !== undefined || srcPackets === undefined || dstPackets === undefined || Number.isSafeInteger(srcPackets + dstPackets);
}

function isAddressOrNone(text: string | undefined): boolean {
  return text === undefined || text === '' || isIP(text) !== 0;
}

function isSafeOrNone(n: number | undefined): boolean {
  return n === undefined || Number.isSafeInteger(n);
}

function isInt32(n: number): boolean {
  return Number.isInteger(n) && n <= 2147483647 && n >= -2147483648;
}
