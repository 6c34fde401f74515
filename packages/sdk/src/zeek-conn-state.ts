import type { NetworkSession } from '@asimkit/schema';

/**
 * Zeek's connection states (`conn_state`) and locality flags (`local_orig`, `local_resp`), shared
 * by the sources that report them: Zeek/Corelight conn logs and Vectra Stream `isession` records
 * (Vectra's sensors use Zeek's state codes). One table, so both sources read a state alike.
 */
export type ConnStateResult = Pick<NetworkSession, 'EventResult' | 'EventResultDetails' | 'EventSeverity'>;

const SUCCESS: ConnStateResult = { EventResult: 'Success', EventSeverity: 'Informational' };
const failure = (details: NetworkSession['EventResultDetails']): ConnStateResult => ({ EventResult: 'Failure', EventResultDetails: details, EventSeverity: 'Low' });

/**
 * conn_state → EventResult / EventResultDetails / EventSeverity: Microsoft's Corelight table
 * (ASimNetworkSessionCorelightZeek), with REJ's misspelt `Rejeced` replaced by `Reset` (a SYN
 * answered by a RST; neither spelling of "Rejected" is an ASIM value).
 */
export const ZEEK_CONN_STATE_RESULT: Readonly<Record<string, ConnStateResult>> = {
  S0: SUCCESS,
  S1: SUCCESS,
  SF: { ...SUCCESS, EventResultDetails: 'Terminated' },
  REJ: failure('Reset'),
  S2: failure('Terminated'),
  S3: failure('Terminated'),
  RSTO: failure('Reset'),
  RSTR: failure('Reset'),
  RSTOS0: failure('Reset'),
  RSTRH: failure('Reset'),
  SH: failure('Timeout'),
  SHR: failure('Timeout'),
  OTH: SUCCESS,
};

/** The result of a conn_state, or undefined for an absent or unknown state. */
export function zeekConnStateResult(state: string | undefined): ConnStateResult | undefined {
  return state === undefined ? undefined : ZEEK_CONN_STATE_RESULT[state];
}

/**
 * (local_orig, local_resp) → NetworkDirection: outside → inside Inbound, inside → outside
 * Outbound, both inside Local, both outside External (ASIM's meaning; Microsoft's Corelight parser
 * says Local here, its Vectra parser External). Undefined when either flag is unknown.
 */
export function localFlagsDirection(localOrig: boolean | undefined, localResp: boolean | undefined): NetworkSession['NetworkDirection'] {
  if (localOrig === undefined || localResp === undefined) return undefined;
  if (localOrig) return localResp ? 'Local' : 'Outbound';
  return localResp ? 'Inbound' : 'External';
}
