import type { NetworkSession } from './fields.generated.js';
import type { IanaProtocolKeyword } from './iana-protocols.js';

/**
 * Stricter shapes of a NetworkSession for a mapping to build, so the compiler catches what the
 * validator would only find at run time. Opt-in: `NetworkSession` stays as it is, and a value of
 * these types is a `NetworkSession` (`defineSession` returns it as one).
 * - NetworkProtocol is an IANA keyword (R9), not any string.
 * - EventType picks the rules: a `Flow` record has no EventSubType (R4) and an EventCount of its
 *   aggregated flows; the mandatory fields (EventCount, EventStartTime/EndTime, EventResult,
 *   EventVendor/Product, EventSchema/Version, Dvc) are required by the type itself.
 */
type Common = Omit<NetworkSession, 'EventType' | 'EventSubType' | 'NetworkProtocol' | 'EventSchema' | 'EventSchemaVersion'> & {
  NetworkProtocol?: IanaProtocolKeyword;
  EventSchema: 'NetworkSession';
  EventSchemaVersion: '0.2.4';
};

/** A NetFlow-style record aggregating several sessions: no EventSubType (R4). */
export type FlowSession = Common & { EventType: 'Flow'; EventSubType?: never };

/** One session seen by an intermediary (NetworkSession) or an endpoint (EndpointNetworkSession). */
export type SingleSession = Common & { EventType: 'NetworkSession' | 'EndpointNetworkSession'; EventSubType?: 'Start' | 'End' };

export type StrictNetworkSession = FlowSession | SingleSession;

/** Checks a record literal against the strict shapes at compile time; at run time it returns it as is. */
export function defineSession(rec: StrictNetworkSession): NetworkSession {
  return rec as NetworkSession;
}
