import { describe, expect, it } from 'vitest';
import {
  APP_TYPES,
  DEVICE_TYPES,
  DOMAIN_TYPES,
  DVC_ACTIONS,
  DVC_ID_TYPES,
  EVENT_RESULT_DETAILS,
  EVENT_RESULTS,
  EVENT_SCHEMA,
  EVENT_SEVERITIES,
  EVENT_SUB_TYPES,
  EVENT_TYPES,
  EVENT_TYPES_TOLERATED,
  FIELDS,
  NETWORK_DIRECTIONS,
  NETWORK_DIRECTIONS_ENDPOINT,
  NETWORK_DIRECTIONS_SESSION,
  NETWORK_PROTOCOL_VERSIONS,
  SCHEMA_VERSION,
  THREAT_FIELDS,
  USER_ID_TYPES,
  USER_TYPES,
  USERNAME_TYPES,
  type DvcAction,
  type EventType,
} from '../src/index.js';

const allowedOf = (name: string) => FIELDS.find((f) => f.name === name)?.allowed;

describe('vocabularies', () => {
  it('schema constants', () => {
    expect(EVENT_SCHEMA).toBe('NetworkSession');
    expect(SCHEMA_VERSION).toBe('0.2.4');
  });

  it('EventType: only the three 0.2.4 values to emit; L2NetworkSession and IDS tolerated apart', () => {
    expect(EVENT_TYPES).toEqual(['NetworkSession', 'EndpointNetworkSession', 'Flow']);
    expect(EVENT_TYPES_TOLERATED).toEqual(['L2NetworkSession', 'IDS']);
    const t: EventType = 'Flow';
    expect(EVENT_TYPES).toContain(t);
  });

  it('lists match §5 of the spec', () => {
    expect(EVENT_SUB_TYPES).toEqual(['Start', 'End']);
    expect(EVENT_RESULTS).toEqual(['Success', 'Partial', 'Failure', 'NA']);
    expect(EVENT_RESULT_DETAILS).toHaveLength(11);
    expect(EVENT_RESULT_DETAILS).not.toContain('Transient error');
    expect(EVENT_SEVERITIES).toEqual(['Informational', 'Low', 'Medium', 'High']);
    const a: DvcAction = 'Drop ICMP';
    expect(DVC_ACTIONS).toContain(a);
    expect(DVC_ACTIONS).toHaveLength(10);
    expect(DVC_ACTIONS).toContain('Decrypt');
    expect(NETWORK_PROTOCOL_VERSIONS).toEqual(['IPv4', 'IPv6']);
    expect(DOMAIN_TYPES).toEqual(['FQDN', 'Windows']);
    expect(DEVICE_TYPES).toEqual(['Computer', 'Mobile Device', 'IOT Device', 'Other']);
    expect(USER_ID_TYPES).toEqual(['SID', 'UID', 'AADID', 'OktaId', 'AWSId']);
    expect(USERNAME_TYPES).toEqual(['UPN', 'Windows', 'DN', 'Simple']);
    expect(USER_TYPES).toContain('Service Principal');
    expect(APP_TYPES).toContain('SaaS application');
    expect(THREAT_FIELDS).toEqual(['SrcIpAddr', 'DstIpAddr']);
    expect(DVC_ID_TYPES).toContain('AwsVpcId');
  });

  it('come from FIELDS (one source of truth), identical on the Dvc/Src/Dst sides', () => {
    expect(allowedOf('EventType')).toBe(EVENT_TYPES);
    expect(allowedOf('DvcAction')).toBe(DVC_ACTIONS);
    expect(allowedOf('NetworkDirection')).toBe(NETWORK_DIRECTIONS);
    for (const side of ['Dvc', 'Src', 'Dst']) expect(allowedOf(`${side}DomainType`)).toEqual(DOMAIN_TYPES);
    for (const side of ['Dvc', 'SrcDvc', 'DstDvc']) expect(allowedOf(`${side}IdType`)).toEqual(DVC_ID_TYPES);
    for (const side of ['Src', 'Dst']) {
      expect(allowedOf(`${side}DeviceType`)).toEqual(DEVICE_TYPES);
      expect(allowedOf(`${side}UserIdType`)).toEqual(USER_ID_TYPES);
      expect(allowedOf(`${side}UsernameType`)).toEqual(USERNAME_TYPES);
      expect(allowedOf(`${side}UserType`)).toEqual(USER_TYPES);
      expect(allowedOf(`${side}AppType`)).toEqual(APP_TYPES);
    }
  });

  it('the per-EventType direction lists together make up the CSV list', () => {
    const union = new Set([...NETWORK_DIRECTIONS_SESSION, ...NETWORK_DIRECTIONS_ENDPOINT]);
    expect([...union].sort()).toEqual([...NETWORK_DIRECTIONS].sort());
  });
});
