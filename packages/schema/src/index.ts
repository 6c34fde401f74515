export {
  ALLOWED_VALUES,
  FIELDS,
  type FieldClass,
  type FieldSpec,
  type FieldType,
  type NetworkSession,
} from './fields.generated.js';
export * from './vocabularies.js';
export {
  ALIAS_SOURCES,
  applyAliases,
  eventResultFor,
  eventSeverityFor,
  FAILURE_ACTIONS,
  LOCAL_REMOTE_SUFFIXES,
  localRemoteSide,
} from './derive.js';
export { IANA_PROTOCOL_NAMES, ianaProtocolName } from './iana-protocols.js';
export { isValid, type Violation, type ViolationRule, type ViolationSeverity } from './violation.js';
export { isPlainIPv4, typeViolation, validateNetworkSession } from './validate.js';
export { networkSessionSchema, zodViolations } from './network-session-schema.js';
export { DETECTOR_FIELDS, detectorKeyAt, emptyDetectorKey, type DetectorCombination, type DetectorKey, type DetectorKeyColumns } from './detector-key.js';
export { type IanaProtocolKeyword } from './iana-protocols.js';
export { defineSession, type FlowSession, type SingleSession, type StrictNetworkSession } from './typed-session.js';
export { tokenize, has, hasTerms, type Terms, type HasOptions } from './kql-has.js';
export { compileSessionFilter, FILTER_PARAMETERS, type AsimFilterParameters, type SessionFilter } from './filter.js';
