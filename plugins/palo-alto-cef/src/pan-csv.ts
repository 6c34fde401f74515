import { isIP } from 'node:net';
import {
  CefRowDecoder,
  intValue,
  parseSyslogEnvelope,
  RecordRejected,
  type CommonSecurityLogRow,
  type SyslogTimeOptions,
} from '@asimkit/sdk';
import { VENDOR, PRODUCT } from './claims.js';

/**
 * PAN-OS native syslog (CSV) TRAFFIC records → the CommonSecurityLog row the PAN-OS CEF template
 * gives for the same log. Spec: palo-alto-cef.md §2.3.
 *
 * Each CSV position is translated to the key the PAN-OS CEF template uses for that field (§2.1:
 * `src`, `cs1` with `cs1Label=Rule`, `in` = bytes_sent, `PanOSPacketsSent`...), and the pairs go
 * through the shared CEF → CommonSecurityLog mapping. So the native and CEF forms share one row
 * shape and one ASIM mapping. The positional layout is append-only across PAN-OS versions: 6.x ends
 * at Packets Received (46 fields), later versions add fields after it (up to Cluster Name, position
 * 116, in 11.1); every known field is read when present, unknown later ones as `PanOSField<N>`.
 */

type Kind = 'string' | 'ip' | 'ip?' | 'port' | 'count' | 'time' | 'iso?' | 'mac?';

/** [CSV position, CEF template key, how the value is checked, label key/value when the template has one]. */
type Field = readonly [index: number, key: string, kind: Kind, label?: readonly [string, string]];

/**
 * Positions 1..116 (0 = FUTURE_USE `1`; 3 = type and 4 = subtype go to the header), with the PAN-OS
 * release that added each group: 7.0 device group hierarchy to device name (47–52), 7.1 action
 * source (53), 8.0 VM UUIDs, tunnel and parent session (54–60), 8.1 SCTP (61–64), 9.0 rule UUID
 * and HTTP/2 (65–66), 9.1 app flap count to dynamic user group (67–74), 10.0 XFF and device-ID
 * (75–91), 10.1 containers, EDLs, host ID, DAGs, session owner and the high-resolution time
 * (92–102), 10.2 network slice and app characteristics (103–113), 11.0 offloaded (114), 11.1 flow
 * type and cluster name (115–116). Keys without a CEF template equivalent use its `PanOS…` naming.
 */
const FIELDS: readonly Field[] = [
  [1, 'rt', 'time'],
  [2, 'deviceExternalId', 'string'],
  [6, 'start', 'time'],
  [7, 'src', 'ip'],
  [8, 'dst', 'ip'],
  [9, 'sourceTranslatedAddress', 'ip?'],
  [10, 'destinationTranslatedAddress', 'ip?'],
  [11, 'cs1', 'string', ['cs1Label', 'Rule']],
  [12, 'suser', 'string'],
  [13, 'duser', 'string'],
  [14, 'app', 'string'],
  [15, 'cs3', 'string', ['cs3Label', 'Virtual System']],
  [16, 'cs4', 'string', ['cs4Label', 'Source Zone']],
  [17, 'cs5', 'string', ['cs5Label', 'Destination Zone']],
  [18, 'deviceInboundInterface', 'string'],
  [19, 'deviceOutboundInterface', 'string'],
  [20, 'cs6', 'string', ['cs6Label', 'LogProfile']],
  [22, 'cn1', 'count', ['cn1Label', 'SessionID']],
  [23, 'cnt', 'count'],
  [24, 'spt', 'port'],
  [25, 'dpt', 'port'],
  [26, 'sourceTranslatedPort', 'port'],
  [27, 'destinationTranslatedPort', 'port'],
  [28, 'flexString1', 'string', ['flexString1Label', 'Flags']],
  [29, 'proto', 'string'],
  [30, 'act', 'string'],
  [31, 'flexNumber1', 'count', ['flexNumber1Label', 'Total bytes']],
  [32, 'in', 'count'], // bytes_sent (client → server), as the CEF template puts it
  [33, 'out', 'count'], // bytes_received
  [34, 'cn2', 'count', ['cn2Label', 'Packets']],
  [35, 'PanOSSessionStartTime', 'time'], // session start; the CEF template has no key for it (CDL's name)
  [36, 'cn3', 'count', ['cn3Label', 'Elapsed time in seconds']],
  [37, 'cs2', 'string', ['cs2Label', 'URL Category']],
  [39, 'externalId', 'string'],
  [40, 'PanOSActionFlags', 'string'],
  [41, 'PanOSSourceLocation', 'string'],
  [42, 'PanOSDestinationLocation', 'string'],
  [44, 'PanOSPacketsSent', 'count'],
  [45, 'PanOSPacketsReceived', 'count'],
  [46, 'reason', 'string'],
  [47, 'PanOSDGl1', 'string'],
  [48, 'PanOSDGl2', 'string'],
  [49, 'PanOSDGl3', 'string'],
  [50, 'PanOSDGl4', 'string'],
  [51, 'PanOSVsysName', 'string'],
  [52, 'dvchost', 'string'],
  [53, 'cat', 'string'],
  [54, 'PanOSSrcUUID', 'string'],
  [55, 'PanOSDstUUID', 'string'],
  [56, 'PanOSTunnelID', 'string'],
  [57, 'PanOSMonitorTag', 'string'],
  [58, 'PanOSParentSessionID', 'string'],
  [59, 'PanOSParentStartTime', 'string'],
  [60, 'PanOSTunnelType', 'string'],
  [61, 'PanOSSCTPAssocID', 'string'],
  [62, 'PanOSSCTPChunks', 'string'],
  [63, 'PanOSSCTPChunkSent', 'string'],
  [64, 'PanOSSCTPChunkReceived', 'string'],
  [65, 'PanOSRuleUUID', 'string'],
  [66, 'PanOSHTTP2Con', 'string'],
  [67, 'PanOSAppFlapCount', 'string'],
  [68, 'PanOSPolicyID', 'string'],
  [69, 'PanOSLinkSwitches', 'string'],
  [70, 'PanOSSDWANCluster', 'string'],
  [71, 'PanOSSDWANDeviceType', 'string'],
  [72, 'PanOSSDWANClusterType', 'string'],
  [73, 'PanOSSDWANSite', 'string'],
  [74, 'PanOSDynamicUserGroupName', 'string'],
  [75, 'PanOSXForwardedForIP', 'string'],
  [76, 'PanOSSourceDeviceCategory', 'string'],
  [77, 'PanOSSourceDeviceProfile', 'string'],
  [78, 'PanOSSourceDeviceModel', 'string'],
  [79, 'PanOSSourceDeviceVendor', 'string'],
  [80, 'PanOSSourceDeviceOSFamily', 'string'],
  [81, 'PanOSSourceDeviceOSVersion', 'string'],
  [82, 'shost', 'string'], // Source Hostname (device-ID) → SourceHostName
  [83, 'smac', 'mac?'],
  [84, 'PanOSDestinationDeviceCategory', 'string'],
  [85, 'PanOSDestinationDeviceProfile', 'string'],
  [86, 'PanOSDestinationDeviceModel', 'string'],
  [87, 'PanOSDestinationDeviceVendor', 'string'],
  [88, 'PanOSDestinationDeviceOSFamily', 'string'],
  [89, 'PanOSDestinationDeviceOSVersion', 'string'],
  [90, 'dhost', 'string'],
  [91, 'dmac', 'mac?'],
  [92, 'PanOSContainerID', 'string'],
  [93, 'PanOSPODNamespace', 'string'],
  [94, 'PanOSPODName', 'string'],
  [95, 'PanOSSourceEDL', 'string'],
  [96, 'PanOSDestinationEDL', 'string'],
  [97, 'PanOSHostID', 'string'],
  [98, 'PanOSEndpointSerialNumber', 'string'],
  [99, 'PanOSSourceDAG', 'string'],
  [100, 'PanOSDestinationDAG', 'string'],
  [101, 'PanOSSessionOwner', 'string'],
  [102, 'PanOSTimeGeneratedHighResolution', 'iso?'],
  [103, 'PanOSNSSAINetworkSliceType', 'string'],
  [104, 'PanOSNSSAINetworkSliceDifferentiator', 'string'],
  [105, 'PanOSAppSubcategory', 'string'],
  [106, 'PanOSAppCategory', 'string'],
  [107, 'PanOSAppTechnology', 'string'],
  [108, 'PanOSAppRisk', 'string'],
  [109, 'PanOSAppCharacteristic', 'string'],
  [110, 'PanOSAppContainer', 'string'],
  [111, 'PanOSTunneledApp', 'string'],
  [112, 'PanOSAppIsSaaS', 'string'],
  [113, 'PanOSAppSanctionedState', 'string'],
  [114, 'PanOSOffloaded', 'string'],
  [115, 'PanOSFlowType', 'string'],
  [116, 'PanOSClusterName', 'string'],
];

/** The first position no release names yet: kept as `PanOSField<N>`. */
const FIRST_UNNAMED = FIELDS[FIELDS.length - 1]![0] + 1;

/** Keys the CEF template always writes, even empty (`suser= duser=`); other empty fields are left out. */
const TEMPLATE_KEYS = new Set(FIELDS.filter(([i]) => i <= 39).map(([, key]) => key));

/** PAN-OS 6.1 and later TRAFFIC records have at least positions 0..45. */
export const MIN_TRAFFIC_FIELDS = 46;

/** The log types PAN-OS writes (field 3); anything else is reported as "other". */
export const PAN_LOG_TYPES: ReadonlySet<string> = new Set([
  'TRAFFIC', 'THREAT', 'URL', 'DATA', 'WILDFIRE', 'CONFIG', 'SYSTEM', 'HIP-MATCH', 'GLOBALPROTECT', 'USERID', 'DECRYPTION',
  'TUNNEL', 'GTP', 'SCTP', 'AUTHENTICATION', 'IPTAG', 'CORRELATION', 'AUDIT',
]);

/** Outcome of decoding one native line: a TRAFFIC row, or the type of a non-TRAFFIC log. */
export type PanCsvResult = { row: CommonSecurityLogRow } | { notTraffic: string };

/**
 * Decodes native PAN-OS syslog lines. One per stream (holds the shared CEF row builder).
 */
export class PanCsvDecoder {
  private readonly rows: CefRowDecoder;
  private readonly pairs: [string, string][] = [];

  constructor(private readonly time: SyslogTimeOptions) {
    this.rows = new CefRowDecoder(time);
  }

  decode(line: string): PanCsvResult {
    const { envelope, messageStart } = parseSyslogEnvelope(line, this.time);
    const f = splitPanCsv(line, messageStart);
    if (f.length < 5 || !isPanDate(f[1]!)) {
      throw new RecordRejected('not-pan-os', 'neither CEF nor a PAN-OS syslog record (expected "1,yyyy/mm/dd hh:mm:ss,serial,TYPE,subtype,...")');
    }
    const type = f[3]!;
    if (type !== 'TRAFFIC') return { notTraffic: type };
    if (f.length < MIN_TRAFFIC_FIELDS) {
      throw new RecordRejected('field-count', `PAN-OS TRAFFIC record has ${f.length} comma-separated fields; at least ${MIN_TRAFFIC_FIELDS} expected (PAN-OS 6.1+)`);
    }
    const pairs = this.pairs;
    pairs.length = 0;
    for (const [i, key, kind, label] of FIELDS) {
      if (i >= f.length) break;
      const value = f[i]!;
      if (value === '' && !TEMPLATE_KEYS.has(key)) continue;
      if (label !== undefined) pairs.push(label as [string, string]);
      pairs.push([key, this.checked(value, kind, i, key)]);
    }
    for (let i = FIRST_UNNAMED; i < f.length; i++) if (f[i] !== '') pairs.push([`PanOSField${i}`, f[i]!]);
    return {
      row: this.rows.fromPairs({ deviceVendor: VENDOR, deviceProduct: PRODUCT, signatureId: f[4]!, name: type }, pairs, envelope),
    };
  }

  private checked(value: string, kind: Kind, index: number, key: string): string {
    switch (kind) {
      case 'string':
        return value;
      case 'ip':
        if (isIP(value) === 0) throw bad(index, key, value, 'an IP address');
        return value;
      case 'ip?':
        if (value !== '' && isIP(value) === 0) throw bad(index, key, value, 'an IP address');
        return value;
      case 'port': {
        const n = intValue(value);
        if (value !== '' && !(n >= 0 && n <= 65535)) throw bad(index, key, value, 'a port number');
        return value;
      }
      case 'count': {
        const n = intValue(value);
        if (value !== '' && !(n >= 0)) throw bad(index, key, value, 'a non-negative integer');
        return value;
      }
      case 'time': {
        if (value === '') return value;
        const ms = panDateMs(value, this.time);
        if (ms === undefined) throw bad(index, key, value, 'a yyyy/mm/dd hh:mm:ss time');
        return new Date(ms).toISOString();
      }
      case 'iso?': {
        if (value === '') return value;
        const ms = isoTimeMs(value);
        if (ms === undefined) throw bad(index, key, value, 'an ISO 8601 time with zone (2021-03-04T10:00:01.123-08:00)');
        return new Date(ms).toISOString();
      }
      case 'mac?':
        if (value === '') return value;
        if (!MAC.test(value)) throw bad(index, key, value, 'a MAC address');
        return value.toLowerCase().replace(/-/g, ':');
    }
  }
}

const MAC = /^[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 time with an explicit zone (PAN-OS's high-resolution timestamp) → epoch ms; undefined otherwise. */
export function isoTimeMs(s: string): number | undefined {
  if (!ISO_WITH_ZONE.test(s)) return undefined;
  const [y, mo, d, h, mi, sec] = [s.slice(0, 4), s.slice(5, 7), s.slice(8, 10), s.slice(11, 13), s.slice(14, 16), s.slice(17, 19)].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || sec > 59) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

function bad(index: number, key: string, value: string, what: string): RecordRejected {
  return new RecordRejected('bad-value', `field ${index} (${key}) "${value.slice(0, 60)}" is not ${what}`);
}

/**
 * Splits the CSV payload starting at `start`: RFC 4180 double quotes (`""` inside quotes is `"`),
 * and commas inside `{...}` kept (the Link Switches field). Trailing whitespace of the line is
 * dropped. Throws RecordRejected for an unterminated quote.
 */
export function splitPanCsv(s: string, start: number): string[] {
  let end = s.length;
  while (end > start && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 13 || s.charCodeAt(end - 1) === 9)) end--;
  const out: string[] = [];
  let i = start;
  for (;;) {
    if (i < end && s.charCodeAt(i) === 34 /* " */) {
      let v = '';
      let seg = ++i;
      for (;;) {
        if (i >= end) throw new RecordRejected('csv-quote', `unterminated quoted field ${out.length}`);
        if (s.charCodeAt(i) === 34) {
          if (s.charCodeAt(i + 1) === 34 && i + 1 < end) {
            v += s.slice(seg, i + 1);
            i += 2;
            seg = i;
            continue;
          }
          v += s.slice(seg, i);
          i++;
          break;
        }
        i++;
      }
      // anything between the closing quote and the next comma is kept (lenient)
      const rest = i;
      while (i < end && s.charCodeAt(i) !== 44) i++;
      out.push(rest === i ? v : v + s.slice(rest, i));
    } else {
      const fs = i;
      let depth = 0;
      while (i < end) {
        const c = s.charCodeAt(i);
        if (c === 44 && depth === 0) break;
        if (c === 123 /* { */) depth++;
        else if (c === 125 /* } */ && depth > 0) depth--;
        i++;
      }
      out.push(s.slice(fs, i));
    }
    if (i >= end) return out;
    i++; // the comma
  }
}

/** `yyyy/mm/dd hh:mm:ss` (PAN-OS CSV times: the firewall's local time, no zone). */
export function isPanDate(s: string): boolean {
  if (s.length !== 19) return false;
  for (let i = 0; i < 19; i++) {
    const c = s.charCodeAt(i);
    const want = i === 4 || i === 7 ? 47 : i === 10 ? 32 : i === 13 || i === 16 ? 58 : -1;
    if (want >= 0 ? c !== want : c < 48 || c > 57) return false;
  }
  return true;
}

/** A PAN-OS CSV time → epoch ms in the configured zone (default UTC); undefined when invalid. */
export function panDateMs(s: string, time: SyslogTimeOptions): number | undefined {
  if (!isPanDate(s)) return undefined;
  const y = Number(s.slice(0, 4));
  const mo = Number(s.slice(5, 7)) - 1;
  const d = Number(s.slice(8, 10));
  const h = Number(s.slice(11, 13));
  const mi = Number(s.slice(14, 16));
  const sec = Number(s.slice(17, 19));
  if (mo > 11 || d < 1 || d > new Date(Date.UTC(y, mo + 1, 0)).getUTCDate() || h > 23 || mi > 59 || sec > 59) return undefined;
  return time.clock.toEpoch(y, mo, d, h, mi, sec, 0);
}

/** Whether a line looks like native PAN-OS syslog: `...1,yyyy/mm/dd hh:mm:ss,serial,TYPE,` after the envelope. */
export function looksLikePanCsv(line: string): boolean {
  const comma = line.indexOf(',');
  if (comma < 0 || comma > 256) return false;
  if (!isPanDate(line.slice(comma + 1, comma + 20)) || line.charCodeAt(comma + 20) !== 44) return false;
  const serialEnd = line.indexOf(',', comma + 21);
  if (serialEnd < 0) return false;
  const typeEnd = line.indexOf(',', serialEnd + 1);
  return typeEnd > serialEnd + 1 && PAN_LOG_TYPES.has(line.slice(serialEnd + 1, typeEnd));
}
