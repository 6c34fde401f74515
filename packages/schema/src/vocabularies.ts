// Enumerations of ASIM NetworkSession 0.2.4. The lists come from the generated field table
// (ALLOWED_VALUES), so the CSV stays the single source of truth; only the values that 0.2.4
// consumers tolerate but emitters must not produce are written here by hand.

import { ALLOWED_VALUES } from './fields.generated.js';

export const EVENT_SCHEMA = 'NetworkSession' as const;
export const SCHEMA_VERSION = '0.2.4' as const;

/** The three EventType values of 0.2.4: the only ones to emit. */
export const EVENT_TYPES = ALLOWED_VALUES.EventType;
export type EventType = (typeof EVENT_TYPES)[number];

/** EventType values a 0.2.4 consumer tolerates (later docs) but must not emit (R2). Not in EVENT_TYPES. */
export const EVENT_TYPES_TOLERATED = ['L2NetworkSession', 'IDS'] as const;
export type ToleratedEventType = (typeof EVENT_TYPES_TOLERATED)[number];

export const EVENT_SUB_TYPES = ALLOWED_VALUES.EventSubType;
export type EventSubType = (typeof EVENT_SUB_TYPES)[number];

export const EVENT_RESULTS = ALLOWED_VALUES.EventResult;
export type EventResult = (typeof EVENT_RESULTS)[number];

export const EVENT_RESULT_DETAILS = ALLOWED_VALUES.EventResultDetails;
export type EventResultDetails = (typeof EVENT_RESULT_DETAILS)[number];

export const EVENT_SEVERITIES = ALLOWED_VALUES.EventSeverity;
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

export const DVC_ACTIONS = ALLOWED_VALUES.DvcAction;
export type DvcAction = (typeof DVC_ACTIONS)[number];

/** Union of both contexts, as in the CSV. See the two per-EventType lists below. */
export const NETWORK_DIRECTIONS = ALLOWED_VALUES.NetworkDirection;
export type NetworkDirection = (typeof NETWORK_DIRECTIONS)[number];

/** NetworkDirection for NetworkSession and Flow: relative to the organization boundary (R11). */
export const NETWORK_DIRECTIONS_SESSION = ['Inbound', 'Outbound', 'Local', 'External', 'NA'] as const;
/** NetworkDirection for EndpointNetworkSession: relative to the reporting endpoint (R11). */
export const NETWORK_DIRECTIONS_ENDPOINT = ['Inbound', 'Outbound', 'Local', 'Listen', 'NA'] as const;
/** Accepted by the ASIM tester, not part of 0.2.4. */
export const NETWORK_DIRECTIONS_TOLERATED = ['Unknown'] as const;

export const NETWORK_PROTOCOL_VERSIONS = ALLOWED_VALUES.NetworkProtocolVersion;
export type NetworkProtocolVersion = (typeof NETWORK_PROTOCOL_VERSIONS)[number];

/** For DvcDomainType, SrcDomainType, DstDomainType. */
export const DOMAIN_TYPES = ALLOWED_VALUES.DvcDomainType;
export type DomainType = (typeof DOMAIN_TYPES)[number];
/** Accepted by the ASIM tester (the Azure NSG parser emits it), not part of 0.2.4. */
export const DOMAIN_TYPES_TOLERATED = ['ResourceGroup'] as const;

/** For DvcIdType, SrcDvcIdType, DstDvcIdType. */
export const DVC_ID_TYPES = ALLOWED_VALUES.DvcIdType;
export type DvcIdType = (typeof DVC_ID_TYPES)[number];

/** For SrcDeviceType, DstDeviceType. */
export const DEVICE_TYPES = ALLOWED_VALUES.SrcDeviceType;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** For SrcUserIdType, DstUserIdType. */
export const USER_ID_TYPES = ALLOWED_VALUES.SrcUserIdType;
export type UserIdType = (typeof USER_ID_TYPES)[number];

/** For SrcUsernameType, DstUsernameType. */
export const USERNAME_TYPES = ALLOWED_VALUES.SrcUsernameType;
export type UsernameType = (typeof USERNAME_TYPES)[number];

/** For SrcUserType, DstUserType. */
export const USER_TYPES = ALLOWED_VALUES.SrcUserType;
export type UserType = (typeof USER_TYPES)[number];

/** For SrcAppType, DstAppType. */
export const APP_TYPES = ALLOWED_VALUES.SrcAppType;
export type AppType = (typeof APP_TYPES)[number];

export const THREAT_FIELDS = ALLOWED_VALUES.ThreatField;
export type ThreatField = (typeof THREAT_FIELDS)[number];

/**
 * Values outside a field's 0.2.4 list that validators report as a warning instead of an error,
 * with the reason. Everything else outside the list is an error.
 */
export const TOLERATED_VALUES: Readonly<Record<string, { readonly values: readonly string[]; readonly reason: string }>> = {
  EventType: { values: EVENT_TYPES_TOLERATED, reason: 'tolerated, not 0.2.4' },
  NetworkDirection: { values: NETWORK_DIRECTIONS_TOLERATED, reason: 'accepted by the ASIM tester, not 0.2.4' },
  DvcDomainType: { values: DOMAIN_TYPES_TOLERATED, reason: 'accepted by the ASIM tester, not 0.2.4' },
  SrcDomainType: { values: DOMAIN_TYPES_TOLERATED, reason: 'accepted by the ASIM tester, not 0.2.4' },
  DstDomainType: { values: DOMAIN_TYPES_TOLERATED, reason: 'accepted by the ASIM tester, not 0.2.4' },
};
