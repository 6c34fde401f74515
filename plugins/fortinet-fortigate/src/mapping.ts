import { eventSeverityFor, type NetworkSession } from '@asimkit/schema';
import {
  cefTimestampMs,
  cslProtocolKeyword,
  hasTerm,
  intValue,
  ipVersion,
  isIpAddress,
  labelIs,
  labelledCustomNumber,
  nonEmpty,
  scanIsoTimestamp,
  skip,
  usernameType,
  type CommonSecurityLogRow,
  type Skip,
  type SyslogTimeOptions,
  finishSession,
  setIf,
  setTranslatedAddresses,
} from '@asimkit/sdk';
import { isFortiGate, notFortiGate } from './claims.js';
import { fortiFields } from './fields.js';

type Severity = NonNullable<NetworkSession['EventSeverity']>;

interface Outcome {
  readonly DvcAction?: NetworkSession['DvcAction'];
  readonly EventResult: NonNullable<NetworkSession['EventResult']>;
  readonly EventResultDetails?: NetworkSession['EventResultDetails'];
  readonly EventSubType: NonNullable<NetworkSession['EventSubType']>;
}

/**
 * FortiOS traffic-log `action` → ASIM (spec §5.1, "ours"; matched case-insensitively). The session
 * ending values (close, timeout, client-rst, server-rst) describe how an allowed session ended:
 * DvcAction Allow; timeouts and resets keep Microsoft's Failure, with the reason in
 * EventResultDetails. Any other value: no DvcAction, EventResult NA.
 */
const ACTIONS: Readonly<Record<string, Outcome>> = {
  accept: { DvcAction: 'Allow', EventResult: 'Success', EventSubType: 'End' },
  start: { DvcAction: 'Allow', EventResult: 'Success', EventSubType: 'Start' },
  close: { DvcAction: 'Allow', EventResult: 'Success', EventSubType: 'End' },
  pass: { DvcAction: 'Allow', EventResult: 'Success', EventSubType: 'End' },
  timeout: { DvcAction: 'Allow', EventResult: 'Failure', EventResultDetails: 'Timeout', EventSubType: 'End' },
  'client-rst': { DvcAction: 'Allow', EventResult: 'Failure', EventResultDetails: 'Reset', EventSubType: 'End' },
  'server-rst': { DvcAction: 'Allow', EventResult: 'Failure', EventResultDetails: 'Reset', EventSubType: 'End' },
  deny: { DvcAction: 'Deny', EventResult: 'Failure', EventSubType: 'End' },
  'ip-conn': { EventResult: 'Failure', EventResultDetails: 'Unknown', EventSubType: 'End' },
};
const UNKNOWN_ACTION: Outcome = { EventResult: 'NA', EventSubType: 'End' };

/** The outcome of an action in the table (case-insensitive); undefined for any other value (`__proto__` included). */
export function knownOutcome(action: string): Outcome | undefined {
  const a = action.toLowerCase();
  return Object.hasOwn(ACTIONS, a) ? ACTIONS[a] : undefined;
}

/** CEF severity strings (spec _cef §2) → ASIM. */
const SEVERITY_WORDS: Readonly<Record<string, Severity>> = { low: 'Low', medium: 'Medium', high: 'High', 'very-high': 'High' };
/** FortiOS `level` (native logs carry no CEF severity) → ASIM. */
const LEVELS: Readonly<Record<string, Severity>> = {
  emergency: 'High',
  alert: 'High',
  critical: 'High',
  error: 'Medium',
  warning: 'Low',
  notice: 'Informational',
  information: 'Informational',
  debug: 'Informational',
};
/** FortiOS `crlevel` → ThreatRiskLevel (spec §5.6). */
const CR_LEVELS: Readonly<Record<string, number>> = { low: 25, medium: 50, high: 75, critical: 100 };

/** Interface roles (`srcintfrole`/`dstintfrole`) inside / outside the organisation. */
const INSIDE_ROLES = new Set(['lan', 'dmz', 'internal']);
const OUTSIDE_ROLES = new Set(['wan', 'external']);

/** FortiOS fields copied to AdditionalFields under their FortiOS names. */
const ADDITIONAL_KEYS = ['vd', 'policytype', 'poluuid', 'trandisp', 'appcat', 'apprisk', 'applist', 'utmaction', 'craction', 'tz'] as const;

/** Maps one FortiGate row (CEF-decoded, native-decoded or exported) to ASIM. See README. */
export function mapFortiGate(row: CommonSecurityLogRow, receivedAt: string, timeOptions: SyslogTimeOptions): NetworkSession | Skip {
  if (!isFortiGate(row)) return notFortiGate(row);
  const f = fortiFields(row);
  const get = (key: string) => nonEmpty(f.get(key));

  // Event selection, parts 2 and 3 of Microsoft's filter.
  const category = nonEmpty(row.DeviceEventCategory) ?? get('cat');
  if (!hasTerm(row.DeviceEventCategory, 'traffic') && !hasTerm(get('cat'), 'traffic')) {
    return skip(`not a traffic log (${category === undefined ? 'no category' : `category ${category}`})`);
  }
  const action = nonEmpty(row.DeviceAction) ?? get('action') ?? activityAction(row.Activity);
  if (action?.toLowerCase() === 'dns' || hasTerm(row.Activity, 'dns')) return skip('DNS session log (action dns)');

  // Time: the log's own time, then the syslog header, then the table's TimeGenerated.
  const additional: Record<string, unknown> = {};
  let end = epochIso(get('eventtime'), timeOptions) ?? epochIso(nonEmpty(row.ReceiptTime), timeOptions) ?? nativeTime(get('date'), get('time'), get('tz'), timeOptions);
  end ??= row.__syslog?.timestamp ?? row.TimeGenerated;
  if (end === undefined) {
    end = receivedAt;
    additional.TimeGeneratedSource = 'receive time (the record has no time of its own)';
  }
  const durationSeconds = durationOf(intOf(get('duration')) ?? labelledCustomNumber(row, 1, 'Duration'));
  if (durationSeconds === TOO_LONG) additional.duration = get('duration') ?? String(labelledCustomNumber(row, 1, 'Duration'));
  const start =
    nonEmpty(row.StartTime) ??
    epochIso(get('start'), timeOptions) ??
    (typeof durationSeconds === 'number' ? new Date(Date.parse(end) - durationSeconds * 1000).toISOString() : end);

  const outcome = (action === undefined ? undefined : knownOutcome(action)) ?? UNKNOWN_ACTION;
  const utm = get('utmaction')?.toLowerCase();
  const eventResult = utm === 'block' || utm === 'reset' ? 'Failure' : outcome.EventResult;

  const rec: NetworkSession = {
    TimeGenerated: end,
    Type: row.Type ?? 'CommonSecurityLog',
    EventVendor: 'Fortinet',
    EventProduct: 'Fortigate',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'NetworkSession',
    EventSubType: outcome.EventSubType,
    EventCount: 1,
    EventStartTime: start,
    EventEndTime: end,
    EventResult: eventResult,
    EventSeverity: severity(row.LogSeverity, get('level')) ?? eventSeverityFor(outcome.DvcAction),
  } as NetworkSession;

  if (outcome.DvcAction !== undefined) rec.DvcAction = outcome.DvcAction;
  if (action !== undefined) rec.DvcOriginalAction = action;
  if (outcome.EventResultDetails !== undefined) {
    rec.EventResultDetails = outcome.EventResultDetails;
    rec.EventOriginalResultDetails = action;
  }
  setIf(rec, 'EventOriginalSeverity', nonEmpty(row.LogSeverity) ?? get('level'));
  setIf(rec, 'EventMessage', nonEmpty(row.Activity) ?? nonEmpty(row.Message));
  setIf(rec, 'EventProductVersion', nonEmpty(row.DeviceVersion));
  setIf(rec, 'EventOriginalType', get('logid') ?? nonEmpty(row.DeviceEventClassID));
  setIf(rec, 'EventOriginalSubType', category);
  setIf(rec, 'EventUid', nonEmpty(row._ItemId));

  // Device: the FortiGate. Computer is the syslog host; devname the FortiGate's own name.
  const computer = nonEmpty(row.Computer);
  const name = nonEmpty(row.DeviceName) ?? get('devname');
  const dvcId = nonEmpty(row.DeviceExternalID) ?? get('devid');
  for (const h of [computer, name]) {
    if (h === undefined) continue;
    if (isIpAddress(h)) rec.DvcIpAddr ??= h;
    else rec.DvcHostname ??= h;
  }
  if (dvcId !== undefined) {
    rec.DvcId = dvcId;
    rec.DvcIdType = 'Other';
  }
  rec.Dvc = computer ?? name ?? dvcId ?? 'Fortigate';
  const inbound = nonEmpty(row.DeviceInboundInterface);
  const outbound = nonEmpty(row.DeviceOutboundInterface);
  setIf(rec, 'DvcInboundInterface', inbound);
  setIf(rec, 'DvcOutboundInterface', outbound);
  setIf(rec, 'SrcInterfaceName', inbound);
  setIf(rec, 'DstInterfaceName', outbound);

  // Endpoints.
  const src = nonEmpty(row.SourceIP);
  const dst = nonEmpty(row.DestinationIP);
  setIf(rec, 'SrcIpAddr', src);
  setIf(rec, 'DstIpAddr', dst);
  setIf(rec, 'SrcPortNumber', row.SourcePort);
  setIf(rec, 'DstPortNumber', row.DestinationPort);
  const srcHost = nonEmpty(row.SourceHostName);
  const dstHost = nonEmpty(row.DestinationHostName);
  if (srcHost !== undefined && !isIpAddress(srcHost) && src !== undefined) rec.SrcHostname = srcHost;
  if (dstHost !== undefined && !isIpAddress(dstHost) && dst !== undefined) rec.DstHostname = dstHost;
  setIf(rec, 'SrcMacAddr', nonEmpty(row.SourceMACAddress) ?? get('srcmac'));
  setIf(rec, 'DstMacAddr', nonEmpty(row.DestinationMACAddress) ?? get('dstmac'));
  setTranslatedAddresses(rec, row);
  const srcRole = placeholder(get('srcintfrole'), 'undefined');
  const dstRole = placeholder(get('dstintfrole'), 'undefined');
  setIf(rec, 'SrcZone', srcRole);
  setIf(rec, 'DstZone', dstRole);
  setIf(rec, 'SrcGeoCountry', placeholder(get('srccountry'), 'Reserved'));
  setIf(rec, 'DstGeoCountry', placeholder(get('dstcountry'), 'Reserved'));
  const srcUser = placeholder(nonEmpty(row.SourceUserName) ?? get('user') ?? get('unauthuser'), 'N/A');
  const dstUser = placeholder(nonEmpty(row.DestinationUserName), 'N/A');
  if (srcUser !== undefined) {
    rec.SrcUsername = srcUser;
    rec.SrcUsernameType = usernameType(srcUser);
  }
  if (dstUser !== undefined) {
    rec.DstUsername = dstUser;
    rec.DstUsernameType = usernameType(dstUser);
  }
  const app = get('app');
  if (app !== undefined) {
    rec.DstAppName = app;
    setIf(rec, 'DstAppId', get('appid'));
    rec.DstAppType = 'Service';
  }

  // Network.
  const protocol = cslProtocolKeyword(row.Protocol);
  if (protocol !== undefined) rec.NetworkProtocol = protocol;
  else if (nonEmpty(row.Protocol) !== undefined) additional.Protocol = row.Protocol;
  setIf(rec, 'NetworkProtocolVersion', ipVersion(dst ?? src));
  setIf(rec, 'NetworkApplicationProtocol', nonEmpty(row.ApplicationProtocol));
  setIf(rec, 'NetworkDirection', direction(srcRole, dstRole));
  if (typeof durationSeconds === 'number') rec.NetworkDuration = durationSeconds * 1000;
  setIf(rec, 'NetworkSessionId', nonEmpty(row.ExtID) ?? (row.ExternalID !== undefined ? String(row.ExternalID) : undefined) ?? get('externalID') ?? get('externalId'));
  const policyId = intOf(get('policyid')) ?? (labelIs(row.DeviceCustomString5Label, 'Policy Id') ? intOf(nonEmpty(row.DeviceCustomString5)) : undefined);
  setIf(rec, 'NetworkRuleNumber', policyId);
  setIf(rec, 'NetworkRuleName', get('policyname'));

  const srcBytes = row.SentBytes;
  const dstBytes = row.ReceivedBytes;
  setIf(rec, 'SrcBytes', srcBytes);
  setIf(rec, 'DstBytes', dstBytes);
  if (srcBytes !== undefined && dstBytes !== undefined) rec.NetworkBytes = srcBytes + dstBytes;
  const srcPackets = intOf(get('sentpkt')) ?? labelledCustomNumber(row, 2, 'Packets Sent');
  const dstPackets = intOf(get('rcvdpkt')) ?? labelledCustomNumber(row, 3, 'Packets Received');
  setIf(rec, 'SrcPackets', srcPackets);
  setIf(rec, 'DstPackets', dstPackets);
  if (srcPackets !== undefined && dstPackets !== undefined) rec.NetworkPackets = srcPackets + dstPackets;

  // Threat: FortiOS client reputation.
  setIf(rec, 'ThreatOriginalRiskLevel', get('crscore'));
  const crLevel = get('crlevel');
  if (crLevel !== undefined && CR_LEVELS[crLevel.toLowerCase()] !== undefined) rec.ThreatRiskLevel = CR_LEVELS[crLevel.toLowerCase()];

  for (const key of ADDITIONAL_KEYS) {
    const v = get(key);
    if (v !== undefined) additional[key] = v;
  }
  setIf(rec, '_ResourceId', nonEmpty(row._ResourceId));
  return finishSession(rec, additional);
}

/** A FortiOS placeholder value (`undefined`, `Reserved`, `N/A`) means "no value". */
export function placeholder(value: string | undefined, none: string): string | undefined {
  return value === undefined || value.toLowerCase() === none.toLowerCase() ? undefined : value;
}

export function intOf(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = intValue(s.trim());
  return Number.isNaN(n) ? undefined : n;
}

/** The action word of a traffic log's CEF Name when `act` is missing: `traffic:forward close` → `close`. */
export function activityAction(activity: string | undefined): string | undefined {
  if (activity === undefined || !activity.toLowerCase().startsWith('traffic:')) return undefined;
  const words = activity.trim().split(/\s+/);
  return words.length >= 2 ? words[words.length - 1] : undefined;
}

/** `eventtime` (epoch s, ms, µs or ns: FortiOS builds differ), `rt` or an ISO `start` → ISO-8601. */
function epochIso(text: string | undefined, time: SyslogTimeOptions): string | undefined {
  if (text === undefined) return undefined;
  const ms = cefTimestampMs(text, time);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** Native `date=2020-04-23 time=12:11:51 tz="-0500"`; without `tz` the timezone option applies. */
function nativeTime(date: string | undefined, time: string | undefined, tz: string | undefined, opts: SyslogTimeOptions): string | undefined {
  if (date === undefined || time === undefined) return undefined;
  const text = `${date}T${time}${tz ?? ''}`;
  const out = { t: 0 };
  return scanIsoTimestamp(text, 0, opts.clock, out) === text.length ? new Date(out.t).toISOString() : undefined;
}

/** A duration NetworkDuration cannot hold (ASIM's 32-bit milliseconds, 24.8 days): kept in AdditionalFields.duration instead. */
const TOO_LONG = 'too-long';

/** Duration in seconds, from the `duration` field (6.x), else cn1 labelled `Duration` (5.6): none when negative. */
export function durationOf(d: number | undefined): number | typeof TOO_LONG | undefined {
  if (d === undefined || d < 0) return undefined;
  return d * 1000 > 2147483647 ? TOO_LONG : d;
}

/** CEF severity (0–10 or a word) → ASIM (spec §5.2 ours: 0–3 Informational, 4–5 Low, 6–7 Medium, 8–10 High); else FortiOS `level`. */
function severity(logSeverity: string | undefined, level: string | undefined): Severity | undefined {
  const s = nonEmpty(logSeverity)?.trim();
  if (s !== undefined) {
    const n = intValue(s);
    if (!Number.isNaN(n) && n >= 0 && n <= 10) return n <= 3 ? 'Informational' : n <= 5 ? 'Low' : n <= 7 ? 'Medium' : 'High';
    const word = SEVERITY_WORDS[s.toLowerCase()];
    if (word !== undefined) return word;
  }
  return level === undefined ? undefined : LEVELS[level.toLowerCase()];
}

/** From the interface roles: lan/dmz inside, wan outside (spec §5.4 option). */
export function direction(srcRole: string | undefined, dstRole: string | undefined): NetworkSession['NetworkDirection'] {
  if (srcRole === undefined || dstRole === undefined) return undefined;
  const s = srcRole.toLowerCase();
  const d = dstRole.toLowerCase();
  const srcIn = INSIDE_ROLES.has(s);
  const dstIn = INSIDE_ROLES.has(d);
  const srcOut = OUTSIDE_ROLES.has(s);
  const dstOut = OUTSIDE_ROLES.has(d);
  if (srcIn && dstOut) return 'Outbound';
  if (srcOut && dstIn) return 'Inbound';
  if (srcIn && dstIn) return 'Local';
  if (srcOut && dstOut) return 'External';
  return undefined;
}
