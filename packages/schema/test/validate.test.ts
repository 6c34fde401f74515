import { describe, expect, it } from 'vitest';
import {
  isValid,
  networkSessionSchema,
  validateNetworkSession,
  type Violation,
  zodViolations,
} from '../src/index.js';
import { validEndpoint, validFlow } from './records.js';

type Rec = Record<string, unknown>;

/** A record built from a valid one; `null` in `patch` deletes the key. */
function flow(patch: Rec): Rec {
  return withPatch(validFlow() as unknown as Rec, patch);
}
function endpoint(patch: Rec): Rec {
  return withPatch(validEndpoint() as unknown as Rec, patch);
}
function withPatch(rec: Rec, patch: Rec): Rec {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete rec[k];
    else rec[k] = v;
  }
  return rec;
}

const keys = (vs: Violation[]) => vs.map((v) => `${v.field}|${v.rule}|${v.severity}`).sort();

/** [case, record, expected violations as field|rule|severity]. */
const CORPUS: [string, unknown, string[]][] = [
  // valid
  ['valid Flow', flow({}), []],
  ['valid EndpointNetworkSession with Local/Remote', endpoint({}), []],
  ['null and "" are absent', flow({ SrcPortNumber: null, DstPortNumber: '', EventMessage: '' }), []],
  ['keys starting with _ are ignored', flow({ _Lineage: { x: 1 }, _ItemId: 5 }), []],
  ['_ResourceId is a string field', flow({ _ResourceId: 42 }), ['_ResourceId|type|error']],
  ['extra-ID field DvcAzureResourceId', flow({ DvcAzureResourceId: '/subscriptions/x' }), []],
  ['Dvc may be EventProduct', flow({ Dvc: 'VPC' }), []],
  ['datetime with offset', flow({ EventEndTime: '2024-05-01T14:00:00+02:00' }), []],
  ['datetime on Feb 29 of a leap year', flow({ EventStartTime: '2024-02-29T00:00:00Z' }), []],
  ['IPv6 and IPv4-mapped addresses', flow({ DstIpAddr: '::ffff:10.0.0.5', SrcNatIpAddr: 'fe80::1' }), []],
  ['any IANA keyword', flow({ NetworkProtocol: 'IPv6-ICMP' }), []],
  ['Unassigned protocol', flow({ NetworkProtocol: 'Unassigned' }), []],
  ['Local/Remote on a Flow follow the direction', flow({ LocalIpAddr: '10.0.0.5', RemotePortNumber: 51000 }), []],
  ['Rule from NetworkRuleName', flow({ NetworkRuleName: 'AnyAnyDrop', Rule: 'AnyAnyDrop' }), []],

  // missing
  ['missing EventCount', flow({ EventCount: null }), ['EventCount|missing|error']],
  ['missing TimeGenerated', flow({ TimeGenerated: null }), ['TimeGenerated|missing|error']],
  ['empty EventVendor', flow({ EventVendor: '' }), ['EventVendor|missing|error']],
  ['null Dvc', flow({ Dvc: undefined }), ['Dvc|missing|error']],
  ['empty record', {}, [
    'Dvc|missing|error', 'EventCount|missing|error', 'EventEndTime|missing|error', 'EventProduct|missing|error',
    'EventResult|missing|error', 'EventSchema|missing|error', 'EventSchemaVersion|missing|error',
    'EventStartTime|missing|error', 'EventType|missing|error', 'EventVendor|missing|error', 'TimeGenerated|missing|error',
  ]],

  // type
  ['not an object: string', 'hello', ['|type|error']],
  ['not an object: null', null, ['|type|error']],
  ['not an object: array', [flow({})], ['|type|error']],
  ['int: fraction', flow({ DstPortNumber: 22.5 }), ['DstPortNumber|type|error']],
  ['int: beyond 32 bits', flow({ NetworkIcmpCode: 2 ** 31 }), ['NetworkIcmpCode|type|error']],
  ['int: numeric string', flow({ EventCount: '3' }), ['EventCount|type|error']],
  ['mandatory with wrong type is a type error', flow({ EventResult: 1 }), ['EventResult|type|error']],
  ['long: beyond safe integers', flow({ NetworkPackets: 2 ** 53 }), ['NetworkPackets|type|error']],
  ['long: fraction (also breaks R16)', flow({ SrcBytes: 1.5 }), ['SrcBytes|type|error', 'NetworkBytes|rule|warning']],
  ['real: Infinity', flow({ SrcGeoLatitude: Infinity }), ['SrcGeoLatitude|type|error']],
  ['real: NaN', flow({ SrcGeoLongitude: Number.NaN }), ['SrcGeoLongitude|type|error']],
  ['real: latitude out of range', flow({ SrcGeoLatitude: 91 }), ['SrcGeoLatitude|type|error']],
  ['int 0-100: risk level out of range', flow({ ThreatRiskLevel: 101 }), ['ThreatRiskLevel|type|error']],
  ['bool: string "true"', flow({ TcpFlagsSyn: 'true' }), ['TcpFlagsSyn|type|error']],
  ['bool: 1', flow({ TcpFlagsAck: 1 }), ['TcpFlagsAck|type|error']],
  ['datetime: space separator', flow({ EventStartTime: '2024-05-01 11:59:00Z' }), ['EventStartTime|type|error']],
  ['datetime: Feb 30', flow({ EventStartTime: '2024-02-30T00:00:00Z' }), ['EventStartTime|type|error']],
  ['datetime: Feb 29 of a common year', flow({ EventStartTime: '2023-02-29T00:00:00Z' }), ['EventStartTime|type|error']],
  ['datetime: no seconds', flow({ EventStartTime: '2024-05-01T12:00Z' }), ['EventStartTime|type|error']],
  ['datetime: no zone', flow({ TimeGenerated: '2024-05-01T12:00:00' }), ['TimeGenerated|type|error']],
  ['datetime: Date object', flow({ ThreatFirstReportedTime: new Date() }), ['ThreatFirstReportedTime|type|error']],
  ['datetime: epoch number', flow({ EventEndTime: 1714564800000 }), ['EventEndTime|type|error']],
  ['dynamic: array', flow({ AdditionalFields: ['a'] }), ['AdditionalFields|type|error']],
  ['dynamic: JSON string', flow({ AdditionalFields: '{"a":1}' }), ['AdditionalFields|type|error']],
  ['string: number', flow({ DstHostname: 5, Dst: 5, Hostname: 5 }), ['DstHostname|type|error', 'Dst|type|error', 'Hostname|type|error']],
  ['IP: bad IPv4', flow({ DstIpAddr: '10.0.0.256' }), ['DstIpAddr|type|error']],
  ['IP: hostname in an IP field', flow({ DvcIpAddr: 'fw01' }), ['DvcIpAddr|type|error']],
  ['MAC: dashes → warning', flow({ DvcMacAddr: '0a-1b-2c-3d-4e-5f' }), ['DvcMacAddr|type|warning']],
  ['Local alias typed as its Src field', endpoint({ LocalPortNumber: 'x' }), ['LocalPortNumber|type|error', 'LocalPortNumber|alias|error']],

  // allowed
  ['invalid EventType', flow({ EventType: 'Session' }), ['EventType|allowed|error']],
  ['EventType IDS tolerated', flow({ EventType: 'IDS' }), ['EventType|allowed|warning']],
  ['EventType L2NetworkSession tolerated', flow({ EventType: 'L2NetworkSession' }), ['EventType|allowed|warning']],
  ['NetworkDirection Unknown tolerated', flow({ NetworkDirection: 'Unknown', LocalIpAddr: 'x' }), ['NetworkDirection|allowed|warning', 'LocalIpAddr|type|error']],
  ['invalid NetworkDirection', flow({ NetworkDirection: 'Sideways' }), ['NetworkDirection|allowed|error']],
  ['Listen on a Flow', flow({ NetworkDirection: 'Listen' }), ['NetworkDirection|allowed|warning']],
  ['External on an endpoint', endpoint({ NetworkDirection: 'External' }), ['NetworkDirection|allowed|warning']],
  ['NetworkProtocol lower case', flow({ NetworkProtocol: 'tcp' }), ['NetworkProtocol|allowed|error']],
  ['invalid DvcAction', flow({ DvcAction: 'Block' }), ['DvcAction|allowed|error']],
  ['invalid EventResultDetails (later version)', flow({ EventResultDetails: 'Transient error' }), ['EventResultDetails|allowed|error']],
  ['invalid DvcIdType', flow({ DvcIdType: 'VpcId' }), ['DvcIdType|allowed|error']],
  ['DomainType ResourceGroup tolerated', endpoint({ SrcDomainType: 'ResourceGroup' }), ['SrcDomainType|allowed|warning']],
  ['invalid ThreatField', flow({ ThreatField: 'Src' }), ['ThreatField|allowed|error']],
  ['enumerated with wrong type is a type error', flow({ EventSeverity: 3 }), ['EventSeverity|type|error']],

  // rule
  ['R1 EventSchema', flow({ EventSchema: 'Network' }), ['EventSchema|rule|error']],
  ['R1 EventSchemaVersion', flow({ EventSchemaVersion: '0.2.3' }), ['EventSchemaVersion|rule|error']],
  ['R3 EventCount 0', flow({ EventCount: 0 }), ['EventCount|rule|error']],
  ['R4 EventSubType on a Flow', flow({ EventSubType: 'End' }), ['EventSubType|rule|error']],
  ['R12 DstHostname without DstIpAddr', flow({ DstIpAddr: null }), ['DstIpAddr|rule|error']],
  ['R16 NetworkBytes', flow({ NetworkBytes: 5000 }), ['NetworkBytes|rule|warning']],
  ['R16 NetworkPackets', flow({ SrcPackets: 5, DstPackets: 6 }), ['NetworkPackets|rule|warning']],
  ['deprecated DstUserDomain', flow({ DstUserDomain: 'CORP' }), ['DstUserDomain|rule|warning']],
  ['deprecated ThreatRiskLevelOriginal', flow({ ThreatRiskLevelOriginal: 'high' }), ['ThreatRiskLevelOriginal|rule|warning']],

  // conditional (R14)
  ['DvcDomain without DvcDomainType', flow({ DvcDomain: 'corp' }), ['DvcDomainType|conditional|error']],
  ['DvcId without DvcIdType', flow({ DvcIdType: null }), ['DvcIdType|conditional|error']],
  ['DstDvcId without DstDvcIdType', flow({ DstDvcId: 'i-1' }), ['DstDvcIdType|conditional|error']],
  ['SrcUsername without SrcUsernameType', endpoint({ SrcUsernameType: null }), ['SrcUsernameType|conditional|error']],
  ['DstUserId without DstUserIdType', flow({ DstUserId: 'S-1-5-21' }), ['DstUserIdType|conditional|error']],
  ['SrcAppId without SrcAppType', endpoint({ SrcAppType: null }), ['SrcAppType|conditional|error']],
  ['DstAppName without DstAppType', flow({ DstAppName: 'Facebook' }), ['DstAppType|conditional|error']],
  ['ThreatIpAddr without ThreatField', flow({ ThreatField: null }), ['ThreatField|conditional|error']],

  // alias (R15)
  ['Dvc not one of its sources', flow({ Dvc: 'fw01' }), ['Dvc|alias|error']],
  ['Src not one of its sources', flow({ Src: 'client' }), ['Src|alias|error']],
  ['Dst not one of its sources', flow({ Dst: '10.9.9.9' }), ['Dst|alias|error']],
  ['Duration ≠ NetworkDuration', flow({ Duration: 5 }), ['Duration|alias|error']],
  ['Rule ≠ NetworkRuleName and ≠ String(NetworkRuleNumber)', flow({ Rule: 'r100' }), ['Rule|alias|error']],
  ['Hostname ≠ DstHostname', flow({ Hostname: 'web02' }), ['Hostname|alias|error']],
  ['IpAddr ≠ SrcIpAddr', flow({ IpAddr: '10.0.0.5' }), ['IpAddr|alias|error']],
  ['DvcInterface ≠ either interface', flow({ DvcInterface: 'eni-9999' }), ['DvcInterface|alias|error']],
  ['User without DstUsername', flow({ User: 'bob' }), ['User|alias|error']],
  ['Process ≠ DstProcessName', flow({ DstProcessName: 'a', Process: 'b' }), ['Process|alias|error']],
  ['SessionId without NetworkSessionId', flow({ SessionId: 's' }), ['SessionId|alias|error']],
  ['InnerVlanId ≠ SrcVlanId', flow({ SrcVlanId: '1', InnerVlanId: '2' }), ['InnerVlanId|alias|error']],
  ['OuterVlanId without DstVlanId', flow({ OuterVlanId: '2' }), ['OuterVlanId|alias|error']],
  ['endpoint IpAddr = RemoteIpAddr (MS VMConnection style)', endpoint({ IpAddr: '2001:db8::53' }), ['IpAddr|alias|error']],
  ['endpoint Hostname ≠ RemoteHostname', endpoint({ Hostname: 'host1' }), ['Hostname|alias|error']],
  ['endpoint LocalIpAddr ≠ SrcIpAddr (outbound)', endpoint({ LocalIpAddr: '10.1.1.2' }), ['LocalIpAddr|alias|error', 'IpAddr|alias|error']],
  ['endpoint RemotePortNumber ≠ DstPortNumber', endpoint({ RemotePortNumber: 54 }), ['RemotePortNumber|alias|error']],
  ['endpoint alias of an absent field', endpoint({ LocalMacAddr: '0a:1b:2c:3d:4e:5f' }), ['LocalMacAddr|alias|error']],
  ['endpoint with direction flipped to Inbound', endpoint({ NetworkDirection: 'Inbound' }), [
    'Local|alias|error', 'LocalHostname|alias|error', 'LocalIpAddr|alias|error', 'LocalPortNumber|alias|error',
    'Remote|alias|error', 'RemoteIpAddr|alias|error', 'RemotePortNumber|alias|error',
  ]],

  // unknown-field
  ['unknown field', flow({ SrcZoneName: 'dmz' }), ['SrcZoneName|unknown-field|warning']],
  ['unknown Remote* name', endpoint({ RemoteIp: '1.2.3.4' }), ['RemoteIp|unknown-field|warning']],
  ['several kinds at once', flow({ EventType: 'Foo', EventCount: -1, Dvc: 'x', Bogus: 1, SrcBytes: 'a', EventVendor: null }), [
    'Bogus|unknown-field|warning', 'Dvc|alias|error', 'EventCount|rule|error', 'EventType|allowed|error',
    'EventVendor|missing|error', 'SrcBytes|type|error',
  ]],
];

describe('validateNetworkSession and zodViolations agree on the corpus', () => {
  it('has a case for every rule kind', () => {
    const seen = new Set(CORPUS.flatMap(([, , expected]) => expected.map((e) => e.split('|').slice(1).join('|'))));
    for (const kind of ['missing|error', 'type|error', 'type|warning', 'allowed|error', 'allowed|warning', 'alias|error',
      'conditional|error', 'rule|error', 'rule|warning', 'unknown-field|warning']) {
      expect(seen, kind).toContain(kind);
    }
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CORPUS)('%s', (_name, rec, expected) => {
    const fast = validateNetworkSession(rec);
    expect(keys(fast)).toEqual([...expected].sort());
    expect(keys(zodViolations(rec))).toEqual([...expected].sort());
    expect(networkSessionSchema().safeParse(rec).success).toBe(isValid(fast));
    for (const v of fast) expect(v.message).not.toBe('');
  });
});

describe('validateNetworkSession', () => {
  it('a valid Flow record has no violation', () => {
    expect(validateNetworkSession(validFlow())).toEqual([]);
  });

  it('a valid EndpointNetworkSession record with Local/Remote aliases has no violation', () => {
    expect(validateNetworkSession(validEndpoint())).toEqual([]);
  });

  it('an invalid EventType is reported naming EventType', () => {
    const violations = validateNetworkSession({ ...validFlow(), EventType: 'Bogus' });
    expect(violations).toEqual([
      { field: 'EventType', rule: 'allowed', severity: 'error', message: expect.stringContaining('NetworkSession, EndpointNetworkSession, Flow') },
    ]);
    expect(isValid(violations)).toBe(false);
  });

  it('tolerated EventType gives a warning with the reason, and the record stays valid', () => {
    const violations = validateNetworkSession({ ...validFlow(), EventType: 'IDS' });
    expect(violations).toEqual([{ field: 'EventType', rule: 'allowed', severity: 'warning', message: 'EventType "IDS": tolerated, not 0.2.4' }]);
    expect(isValid(violations)).toBe(true);
  });

  it('reports every violation of a record, not just the first', () => {
    const violations = validateNetworkSession({ ...validFlow(), EventCount: 0, DstPortNumber: 'ssh', DvcAction: 'Block', Foo: 1 });
    expect(violations.map((v) => v.field).sort()).toEqual(['DstPortNumber', 'DvcAction', 'EventCount', 'Foo']);
  });

  it('does not modify the record', () => {
    const rec = validFlow();
    const copy = structuredClone(rec);
    validateNetworkSession({ ...rec, Dvc: null });
    validateNetworkSession(rec);
    expect(rec).toEqual(copy);
  });
});

describe('isValid', () => {
  it('is false with any error, true with warnings only', () => {
    expect(isValid([])).toBe(true);
    expect(isValid([{ field: 'X', rule: 'unknown-field', severity: 'warning', message: 'm' }])).toBe(true);
    expect(isValid([
      { field: 'X', rule: 'unknown-field', severity: 'warning', message: 'm' },
      { field: 'Y', rule: 'type', severity: 'error', message: 'm' },
    ])).toBe(false);
  });
});

describe('networkSessionSchema', () => {
  it('parses a valid record and rejects an invalid one', () => {
    expect(networkSessionSchema().safeParse(validFlow()).success).toBe(true);
    expect(networkSessionSchema().safeParse({ ...validFlow(), DvcAction: 'Block' }).success).toBe(false);
  });

  it('does not fail on warnings', () => {
    expect(networkSessionSchema().safeParse({ ...validFlow(), EventType: 'IDS', Extra: 1 }).success).toBe(true);
  });
});
