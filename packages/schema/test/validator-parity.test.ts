// Property test: on random records the fast validator and the zod schema report the same
// (field, rule, severity) set, and networkSessionSchema accepts exactly the valid records.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS, isValid, networkSessionSchema, validateNetworkSession, type Violation, zodViolations } from '../src/index.js';
import { validEndpoint, validFlow } from './records.js';

const NAMES = [
  ...FIELDS.filter((f) => !f.pattern).map((f) => f.name),
  'Local', 'Remote', 'LocalIpAddr', 'RemoteIpAddr', 'LocalHostname', 'RemoteHostname', 'LocalPortNumber',
  'LocalDomainType', 'RemoteMacAddr', 'DvcAzureResourceId', 'SrcUsernameUPN', 'RemoteIp', 'Bogus', '_Lineage',
];

const VALUES: unknown[] = [
  undefined, null, '', 'x', 'web01', 'TCP', 'tcp', 'IPv6-ICMP', 'Unassigned', 'Flow', 'NetworkSession', 'EndpointNetworkSession',
  'IDS', 'L2NetworkSession', 'Inbound', 'Outbound', 'Listen', 'External', 'Unknown', 'Deny', 'Allow', 'Start', 'FQDN',
  'ResourceGroup', 'SrcIpAddr', '0.2.4', '0.2.3', '10.0.0.1', '10.0.0.5', '203.0.113.7', '::1', '::ffff:1.2.3.4', '1.2.3',
  '0a:1b:2c:3d:4e:5f', '0A:1B:2C:3D:4E:5F', '0a:1B:2c:3d:4e:5f', '0a-1b-2c-3d-4e-5f',
  '2024-05-01T12:00:00.000Z', '2024-05-01T12:00:00+05:30', '2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z',
  '2024-05-01T24:00:00Z', '2024-13-01T00:00:00Z', '2024-05-01T12:00Z', '2024-05-01',
  0, 1, -1, 22, 100, 100.5, 101, 4600, 1.5, -90.5, 2 ** 31, -(2 ** 31), 2 ** 53, Number.NaN, Infinity,
  true, false, {}, { a: 1 }, [], new Date(0), Object.create(null),
];

const patch = fc.dictionary(fc.constantFrom(...NAMES), fc.constantFrom(...VALUES), { maxKeys: 8 });
const record = fc.tuple(fc.constantFrom(validFlow, validEndpoint, () => ({})), patch).map(([make, p]) => ({ ...make(), ...p }));

const keys = (vs: Violation[]) => vs.map((v) => `${v.field}|${v.rule}|${v.severity}`).sort();

describe('fast validator and zod schema agree on random records', () => {
  it('same violations', () => {
    fc.assert(
      fc.property(record, (rec) => {
        expect(keys(zodViolations(rec))).toEqual(keys(validateNetworkSession(rec)));
      }),
      { numRuns: 3000 },
    );
  });

  it('networkSessionSchema accepts exactly the valid records', () => {
    fc.assert(
      fc.property(record, (rec) => {
        expect(networkSessionSchema().safeParse(rec).success).toBe(isValid(validateNetworkSession(rec)));
      }),
      { numRuns: 1000 },
    );
  });
});
