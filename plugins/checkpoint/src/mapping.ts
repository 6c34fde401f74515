import type { NetworkSession } from '@asimkit/schema';
import {
  additionalExtension,
  cefTimestampToIso,
  cslProtocolKeyword,
  ipVersion,
  isIpAddress,
  labelIs,
  labelledCustomNumber,
  nonEmpty,
  usernameType,
  type CommonSecurityLogRow,
  type Skip,
  type SyslogTimeOptions,
  finishSession,
  setIf,
  setTranslatedAddresses,
} from '@asimkit/sdk';
import { isCheckPointFirewall, notCheckPointFirewall } from './claims.js';

type Outcome = { DvcAction?: NetworkSession['DvcAction']; EventResult: NonNullable<NetworkSession['EventResult']> };

/**
 * Check Point `act` → DvcAction / EventResult (spec §5.1, matched case-insensitively). Microsoft's
 * rows first, then ours (Δ): Prevent blocks, Detect / Inform / Ask User let the session through,
 * Key Install is not a verdict. Any other value: no DvcAction, EventResult NA.
 */
const ACTIONS: Readonly<Record<string, Outcome>> = {
  accept: { DvcAction: 'Allow', EventResult: 'Success' },
  allow: { DvcAction: 'Allow', EventResult: 'Success' },
  bypass: { DvcAction: 'Allow', EventResult: 'Success' },
  encrypt: { DvcAction: 'Encrypt', EventResult: 'Success' },
  decrypt: { DvcAction: 'Decrypt', EventResult: 'Success' },
  drop: { DvcAction: 'Drop', EventResult: 'Failure' },
  reject: { DvcAction: 'Deny', EventResult: 'Failure' },
  block: { DvcAction: 'Deny', EventResult: 'Failure' },
  prevent: { DvcAction: 'Deny', EventResult: 'Failure' },
  detect: { DvcAction: 'Allow', EventResult: 'Success' },
  inform: { DvcAction: 'Allow', EventResult: 'Success' },
  'ask user': { DvcAction: 'Allow', EventResult: 'Success' },
  'key install': { EventResult: 'NA' },
};
const NO_ACTION: Outcome = { EventResult: 'NA' };

/** `conn_direction` → NetworkDirection (MS, plus External Δ). */
const CONN_DIRECTION: Readonly<Record<string, NonNullable<NetworkSession['NetworkDirection']>>> = {
  Incoming: 'Inbound',
  Outgoing: 'Outbound',
  Internal: 'Local',
  External: 'External',
};

/** AdditionalExtensions keys copied to AdditionalFields under their Check Point names. */
const ADDITIONAL_KEYS = ['layer_name', 'rule_uid', 'service_id', 'ifname'] as const;

/** Maps one Check Point firewall row (CEF-decoded, native-decoded or exported) to ASIM. See README. */
export function mapCheckPoint(row: CommonSecurityLogRow, receivedAt: string, timeOptions: SyslogTimeOptions): NetworkSession | Skip {
  if (!isCheckPointFirewall(row)) return notCheckPointFirewall(row);
  const ext = (key: string) => nonEmpty(additionalExtension(row, key));
  const additional: Record<string, unknown> = {};

  let time = ownTime(row.ReceiptTime, row.__syslog?.timestamp ?? row.TimeGenerated, timeOptions);
  if (time === undefined) {
    time = receivedAt;
    additional.TimeGeneratedSource = 'receive time (the record has no time of its own)';
  }
  const durationSeconds = duration(row);
  const start = durationSeconds === undefined ? time : new Date(Date.parse(time) - durationSeconds * 1000).toISOString();

  const act = row.DeviceAction;
  const outcome = actionOutcome(act);
  const threatCategory = ext('alert') ?? ext('inspection_category');

  const origin = ext('origin');
  const dvcHostname = sicHostname(ext('originsicname'));

  const rec: NetworkSession = {
    TimeGenerated: time,
    Type: row.Type ?? 'CommonSecurityLog',
    EventVendor: 'Check Point',
    EventProduct: 'Firewall',
    EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4',
    EventType: 'NetworkSession',
    EventCount: 1,
    EventStartTime: start,
    EventEndTime: time,
    EventResult: outcome.EventResult,
    EventSeverity: threatCategory !== undefined ? 'High' : outcome.EventResult === 'Failure' ? 'Low' : 'Informational',
  } as NetworkSession;

  if (outcome.DvcAction !== undefined) rec.DvcAction = outcome.DvcAction;
  if (nonEmpty(act) !== undefined) rec.DvcOriginalAction = act;
  setIf(rec, 'EventOriginalSeverity', nonEmpty(row.LogSeverity));
  setIf(rec, 'EventOriginalUid', ext('loguid'));
  setIf(rec, 'EventOriginalType', nonEmpty(row.DeviceEventClassID));
  setIf(rec, 'EventOriginalResultDetails', ext('action_reason') ?? nonEmpty(row.Reason));
  setIf(rec, 'EventMessage', nonEmpty(row.Message));
  if (nonEmpty(row.DeviceVersion) !== undefined && row.DeviceVersion !== 'Check Point') rec.EventProductVersion = row.DeviceVersion;
  setIf(rec, 'EventUid', nonEmpty(row._ItemId));

  // Device: the gateway that logged (`origin`), its name from the SIC name.
  if (dvcHostname !== undefined) rec.DvcHostname = dvcHostname;
  if (isIpAddress(origin)) {
    rec.DvcIpAddr = origin;
    rec.Dvc = origin;
  } else if (origin !== undefined && dvcHostname === undefined) {
    rec.DvcHostname = origin;
  }
  const inbound = nonEmpty(row.DeviceInboundInterface);
  const outbound = nonEmpty(row.DeviceOutboundInterface);
  const ifname = ext('ifname');
  if (inbound !== undefined) rec.DvcInboundInterface = inbound;
  else if (ifname !== undefined && row.CommunicationDirection === '0') rec.DvcInboundInterface = ifname;
  if (outbound !== undefined) rec.DvcOutboundInterface = outbound;
  else if (ifname !== undefined && row.CommunicationDirection === '1') rec.DvcOutboundInterface = ifname;

  // Endpoints. IPv6 endpoints come in c6a2 / c6a3.
  const src = nonEmpty(row.SourceIP) ?? labelled(row.DeviceCustomIPv6Address2, row.DeviceCustomIPv6Address2Label, 'Source IPv6 Address');
  const dst = nonEmpty(row.DestinationIP) ?? labelled(row.DeviceCustomIPv6Address3, row.DeviceCustomIPv6Address3Label, 'Destination IPv6 Address');
  setIf(rec, 'SrcIpAddr', src);
  setIf(rec, 'DstIpAddr', dst);
  setIf(rec, 'SrcPortNumber', row.SourcePort);
  setIf(rec, 'DstPortNumber', row.DestinationPort);
  setTranslatedAddresses(rec, row);
  const inzone = ext('inzone');
  const outzone = ext('outzone');
  setIf(rec, 'SrcZone', inzone);
  setIf(rec, 'DstZone', outzone);
  const srcUser = nonEmpty(row.SourceUserName);
  const dstUser = nonEmpty(row.DestinationUserName);
  if (srcUser !== undefined) {
    rec.SrcUsername = srcUser;
    rec.SrcUsernameType = usernameType(srcUser);
  }
  if (dstUser !== undefined) {
    rec.DstUsername = dstUser;
    rec.DstUsernameType = usernameType(dstUser);
  }

  // Network.
  const protocol = cslProtocolKeyword(row.Protocol);
  if (protocol !== undefined) rec.NetworkProtocol = protocol;
  else if (nonEmpty(row.Protocol) !== undefined) additional.Protocol = row.Protocol;
  setIf(rec, 'NetworkProtocolVersion', ipVersion(src ?? dst));
  setIf(rec, 'NetworkDirection', direction(ext('conn_direction'), inzone, outzone));
  const service = ext('service_id') ?? nonEmpty(row.Activity);
  if (service !== undefined && !/^cp_/i.test(service)) rec.NetworkApplicationProtocol = service;
  if (durationSeconds !== undefined) rec.NetworkDuration = durationSeconds * 1000;
  const icmpType = labelledCustomNumber(row, 2, 'ICMP Type');
  const icmpCode = labelledCustomNumber(row, 3, 'ICMP Code');
  if (icmpType !== undefined) rec.NetworkIcmpType = String(icmpType);
  if (icmpCode !== undefined) rec.NetworkIcmpCode = icmpCode;

  // Rule: the name Log Exporter puts in cs2 (label "Rule Name"), else rule_name, else the rule's uid.
  setIf(rec, 'NetworkRuleName', labelled(row.DeviceCustomString2, row.DeviceCustomString2Label, 'Rule Name') ?? ext('rule_name') ?? ext('rule_uid'));

  // Threat.
  setIf(rec, 'ThreatCategory', threatCategory);
  setIf(rec, 'ThreatName', ext('inspection_item'));
  setIf(rec, 'ThreatOriginalRiskLevel', ext('cp_app_risk'));

  if (nonEmpty(row.CommunicationDirection) !== undefined) additional.CommunicationDirection = row.CommunicationDirection;
  for (const key of ADDITIONAL_KEYS) {
    const v = ext(key);
    if (v !== undefined) additional[key] = v;
  }
  setIf(rec, '_ResourceId', nonEmpty(row._ResourceId));
  return finishSession(rec, additional);
}

/** `act` → DvcAction / EventResult (`ACTIONS`, own keys only); NA for anything else. */
export function actionOutcome(act: string | undefined): Outcome {
  if (act === undefined || act === '') return NO_ACTION;
  const key = act.toLowerCase();
  return Object.hasOwn(ACTIONS, key) ? ACTIONS[key]! : NO_ACTION;
}

/** Time: rt (the gateway's log time), else the syslog header, else the table's TimeGenerated (ISO). */
export function ownTime(receipt: string | undefined, headerTime: string | undefined, timeOptions: SyslogTimeOptions): string | undefined {
  return cefTimestampToIso(nonEmpty(receipt), timeOptions) ?? headerTime;
}

/** A custom string field's value when its label says what we expect (labels vary by blade). */
export function labelled(value: string | undefined, label: string | undefined, expected: string): string | undefined {
  return nonEmpty(value) !== undefined && labelIs(label, expected) ? value : undefined;
}

/** Session duration in seconds: cn2 "Duration in Seconds" or cn1 "Elapsed Time in Seconds". */
export function duration(row: CommonSecurityLogRow): number | undefined {
  const d = labelledCustomNumber(row, 2, 'Duration in Seconds') ?? labelledCustomNumber(row, 1, 'Elapsed Time in Seconds');
  return d !== undefined && d >= 0 ? d : undefined;
}

/** The gateway's name from its SIC name: `CN=fw1,O=mgmt..abc`, `CN\=fw1,...` or `cn=fw1,...` → `fw1`. */
export function sicHostname(sic: string | undefined): string | undefined {
  if (sic === undefined) return undefined;
  const m = /(?:^|,)\s*cn\\?=([^,]+)/i.exec(sic);
  return m ? m[1]!.trim() || undefined : undefined;
}

/**
 * NetworkDirection: `conn_direction` when present, else the zones (spec §5.3): Internal→Internal or
 * Local is Local, Internal/Local→External Outbound, External→Internal/Local Inbound; ours also
 * Local→Internal/Local Local and External→External External.
 */
export function direction(conn: string | undefined, inzone: string | undefined, outzone: string | undefined): NetworkSession['NetworkDirection'] {
  if (conn !== undefined && Object.hasOwn(CONN_DIRECTION, conn)) return CONN_DIRECTION[conn];
  const inside = (z: string | undefined) => z === 'Internal' || z === 'Local';
  if (inside(inzone) && inside(outzone)) return 'Local';
  if (inside(inzone) && outzone === 'External') return 'Outbound';
  if (inzone === 'External' && inside(outzone)) return 'Inbound';
  if (inzone === 'External' && outzone === 'External') return 'External';
  return undefined;
}
