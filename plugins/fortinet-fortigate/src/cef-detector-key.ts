import { isIP } from 'node:net';
import type { DetectorKey } from '@asimkit/schema';
import { cefKeyColumn, cefTimestampMs, cslProtocolKeyword, hasTerm, isCanonicalTimeMs, nonEmpty, type CefFields, type StreamContext, type SyslogTimeOptions } from '@asimkit/sdk';
import { activityAction, direction, durationOf, intOf, knownOutcome, placeholder } from './mapping.js';

/** The FortiOS fields the fast path reads from AdditionalExtensions (by their FortiOS name). */
const FORTI_FIELDS = ['cat', 'action', 'eventtime', 'date', 'time', 'start', 'duration', 'app', 'srcintfrole', 'dstintfrole', 'policyid', 'sentpkt', 'rcvdpkt'] as const;
type FortiField = (typeof FORTI_FIELDS)[number];

/**
 * Every key a FortiOS field can travel under (`fortiFields`), field by field: the three prefixes,
 * and its bare name unless that is a CEF key with a column of its own (`cat`, `app`, `start` fill
 * DeviceEventCategory, ApplicationProtocol, StartTime).
 */
const VARIANTS: readonly (readonly string[])[] = FORTI_FIELDS.map((f) => [`FTNTFGT${f}`, `FortinetFortiGate${f}`, `ad.${f}`, ...(cefKeyColumn(f) === undefined ? [f] : [])]);

/**
 * FortiOS 5.6's labelled custom fields (duration, packets, the policy id) stand in for absent
 * FortiOS fields by their labels; lines that carry them take the full path.
 */
const LABELLED = ['cn1', 'cn2', 'cn3', 'cs5'] as const;

/** The CEF keys the fast path reads: the six counted values, the selection, and what the type check tests. */
export const FORTIGATE_CEF_DETECTOR_KEYS = [
  'cat',
  'act',
  'rt',
  'start',
  'proto',
  'dpt',
  'src',
  'dst',
  'sourceTranslatedAddress',
  'destinationTranslatedAddress',
  'in',
  'out',
  ...LABELLED,
  ...VARIANTS.flat(),
];

/**
 * The detector's fast path over a FortiGate CEF line (the SDK's `cefDetectorKey`): the six counted
 * values as `mapFortiGate` gives them, from its own value functions (`knownOutcome`, `direction`,
 * `placeholder`, `activityAction`, `durationOf`) fed what the row and its AdditionalExtensions
 * would hold. It declines (the full path decides) a FortiOS field found under two keys (which one
 * `fortiFields` keeps depends on their order), FortiOS 5.6's labelled fields, the native `date` and
 * `time`, logs the mapping skips (not traffic, DNS), and every value the hot-path type check would
 * refuse in the record (an address that is none, a rule number or count out of its type's range,
 * a time that is no ASIM datetime).
 */
export function fortiGateCefDetectorKey(cef: CefFields, key: DetectorKey, ctx: StreamContext<unknown>, time: SyslogTimeOptions): boolean {
  for (const k of LABELLED) if (cef.text(k) !== undefined) return false;
  const forti = fortiValues(cef);
  if (forti === undefined || forti.date !== undefined || forti.time !== undefined) return false;

  // selection: a traffic log that is not a DNS session
  const categoryColumn = nonEmpty(cef.text('cat'));
  if (!hasTerm(categoryColumn, 'traffic') && !hasTerm(forti.cat, 'traffic')) return false;
  const action = nonEmpty(cef.text('act')) ?? forti.action ?? activityAction(cef.name);
  if (action?.toLowerCase() === 'dns' || hasTerm(cef.name, 'dns')) return false;

  // the syslog header is read whether its time is needed or not: an impossible date rejects the line
  const fallbackMs = cef.rowTimes(time, ctx).fallbackMs;
  const endMs = ownTimeMs(cef, forti, time) ?? fallbackMs;
  if (endMs === false || !Number.isInteger(endMs) || !isCanonicalTimeMs(endMs)) return false;
  if (!validStart(cef, forti, endMs, time)) return false;
  if (!validAddresses(cef) || !validCounts(cef, forti)) return false;

  key.timeMs = endMs;
  key.NetworkProtocol = cslProtocolKeyword(cef.text('proto')) ?? '';
  key.DstPortNumber = cef.int('dpt') ?? null;
  key.DstAppName = forti.app ?? '';
  key.NetworkDirection = direction(placeholder(forti.srcintfrole, 'undefined'), placeholder(forti.dstintfrole, 'undefined')) ?? '';
  key.DvcAction = (action === undefined ? undefined : knownOutcome(action)?.DvcAction) ?? '';
  return true;
}

type FortiValues = Partial<Record<FortiField, string>>;

/** Each FortiOS field's value as `get` reads it (non-empty), or undefined when one is under two keys. */
function fortiValues(cef: CefFields): FortiValues | undefined {
  const values: FortiValues = {};
  for (let i = 0; i < FORTI_FIELDS.length; i++) {
    let found: string | undefined;
    for (const k of VARIANTS[i]!) {
      const v = cef.text(k);
      if (v === undefined) continue;
      if (found !== undefined) return undefined;
      found = v;
    }
    const value = nonEmpty(found);
    if (value !== undefined) values[FORTI_FIELDS[i]!] = value;
  }
  return values;
}

/**
 * The mapping's end time, ms: FortiOS `eventtime`, then the ReceiptTime column (`rt`); undefined
 * when neither is there (the syslog header's time or the receive time then stands in), false when
 * one is there in a form the fast path leaves to the full path.
 */
function ownTimeMs(cef: CefFields, forti: FortiValues, time: SyslogTimeOptions): number | undefined | false {
  if (forti.eventtime !== undefined) {
    const ms = cefTimestampMs(forti.eventtime, time);
    if (ms !== undefined) return ms;
  }
  const receipt = cef.text('rt');
  if (receipt === undefined || receipt === '') return undefined;
  const ms = cefTimestampMs(receipt, time);
  // a receipt time the column cannot hold stays in AdditionalExtensions, where the mapping does not look
  return ms === undefined ? undefined : isCanonicalTimeMs(ms) ? ms : false;
}

/** EventStartTime is a datetime: the StartTime column, FortiOS `start`, or the end less the duration. */
function validStart(cef: CefFields, forti: FortiValues, endMs: number, time: SyslogTimeOptions): boolean {
  const startColumn = cef.text('start');
  if (startColumn !== undefined && startColumn !== '') {
    const ms = cefTimestampMs(startColumn, time);
    // a text the column cannot hold is read as FortiOS `start` by the mapping: left to it
    return ms !== undefined && isCanonicalTimeMs(ms);
  }
  if (forti.start !== undefined) {
    const ms = cefTimestampMs(forti.start, time);
    if (ms !== undefined) return isCanonicalTimeMs(ms);
  }
  const seconds = durationOf(intOf(forti.duration));
  return typeof seconds !== 'number' || isCanonicalTimeMs(endMs - seconds * 1000);
}

/** The addresses the mapping copies are addresses (or absent); a NAT address of `0.0.0.0` is not copied. */
function validAddresses(cef: CefFields): boolean {
  const nat = (k: string) => {
    const v = nonEmpty(cef.text(k));
    return v === '0.0.0.0' ? undefined : v;
  };
  return isAddressOrNone(nonEmpty(cef.text('src'))) && isAddressOrNone(nonEmpty(cef.text('dst'))) && isAddressOrNone(nat('sourceTranslatedAddress')) && isAddressOrNone(nat('destinationTranslatedAddress'));
}

/** The rule number is a 32-bit int; byte and packet counts, and their sums, safe integers. */
function validCounts(cef: CefFields, forti: FortiValues): boolean {
  const rule = intOf(forti.policyid);
  if (rule !== undefined && !(Number.isInteger(rule) && rule <= 2147483647 && rule >= -2147483648)) return false;
  const sent = cef.int('out');
  const received = cef.int('in');
  const srcPackets = intOf(forti.sentpkt);
  const dstPackets = intOf(forti.rcvdpkt);
  for (const n of [sent, received, srcPackets, dstPackets]) if (n !== undefined && !Number.isSafeInteger(n)) return false;
  return (sent === undefined || received === undefined || Number.isSafeInteger(sent + received)) && (srcPackets === undefined || dstPackets === undefined || Number.isSafeInteger(srcPackets + dstPackets));
}

function isAddressOrNone(text: string | undefined): boolean {
  return text === undefined || isIP(text) !== 0;
}
