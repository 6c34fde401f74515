import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { validateNetworkSession, type NetworkSession } from '@asimkit/schema';
import { RecordRejected, Skip, type JsonObject } from '@asimkit/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFirewallMessage } from '../src/message.js';
import { AzureFirewallParser } from '../src/parser.js';
import type { AzureFirewallRow } from '../src/row.js';

/** Bounded runs: FUZZ_RUNS from the environment (`pnpm fuzz` raises it), else 500. */
const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 500;

const parser = new AzureFirewallParser();
const ctx = { options: { applicationRules: true, alerts: true }, path: 'fuzz', log: { debug() {}, info() {}, warn() {} }, receivedAt: '2000-01-01T00:00:00.000Z' };

/** Every msg of the documented legacy fixture: mutations start from each spec variant. */
const SEEDS = (JSON.parse(readFileSync(new URL('./fixtures/legacy-records-documented.json', import.meta.url), 'utf8')) as { records: JsonObject[] }).records
  .map((r) => (r.properties as { msg?: string } | undefined)?.msg)
  .filter((m): m is string => typeof m === 'string');

const FRAGMENTS = [
  ' request from ', ' to ', ':', '::', '.', '. ', '..', ' ', '  ', 'Action: ', 'Url: ', " was DNAT'ed to ", 'Type=', 'ICMP', 'HTTP',
  'Policy: ', 'Rule Collection Group: ', 'Rule Collection: ', 'Rule: ', 'Signature: ', 'IDS: ', 'Priority: ', 'ThreatIntel: ', 'Reason: ',
  '10.0.0.1', 'fe80::1', '[::1]', '65535', '65536', '0', '-1', 'x.example.com', '*', '\t', '\n', '',
];

const mutatedMessage = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })), fc.nat({ max: 8 })), { minLength: 1, maxLength: 5 }),
  )
  .map(([seed, edits]) => edits.reduce((s, [pos, insert, del]) => {
    const p = s.length === 0 ? 0 : pos % (s.length + 1);
    return s.slice(0, p) + insert + s.slice(p + del);
  }, seed));

const anyText = fc.oneof(fc.string({ maxLength: 80 }), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 20 }).map((p) => p.join('')));

const isPort = (n: unknown): boolean => n === undefined || (Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 65535);

/** msg → the parse, checked; RecordRejected is the only exception allowed. */
function checkedParse(msg: string): 'ok' | 'rejected' {
  try {
    const m = parseFirewallMessage(msg);
    expect(m.src).not.toBe('');
    expect(m.protocol).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
    for (const p of [m.srcPort, m.dstPort, m.natDstPort]) expect(isPort(p)).toBe(true);
    if (m.natDst !== undefined) expect(m.action).toBeUndefined();
    else expect(m.action).toMatch(/\S/);
    return 'ok';
  } catch (err) {
    if (err instanceof RecordRejected) return 'rejected';
    throw err;
  }
}

/** msg as a legacy raw record through decode and map: a valid session, a skip, or RecordRejected. */
function checkedRecord(msg: string, category: string): void {
  const record = { category, operationName: 'AzureFirewallNetworkRuleLog', time: '2025-01-01T00:00:00Z', resourceId: '/subscriptions/s/providers/microsoft.network/azurefirewalls/fw', properties: { msg } };
  try {
    const rows: AzureFirewallRow[] = [];
    parser.createDecoder().decodeRecord!(record, { row: (r) => void rows.push(r), skip() {} });
    for (const row of rows) {
      const out = parser.map(row, ctx);
      if (out instanceof Skip) continue;
      const s = out as NetworkSession;
      expect(validateNetworkSession(s).filter((v) => v.severity === 'error')).toEqual([]);
      for (const f of ['SrcIpAddr', 'DstIpAddr', 'DstNatIpAddr'] as const) if (s[f] !== undefined) expect(isIP(s[f])).not.toBe(0);
      for (const f of ['SrcPortNumber', 'DstPortNumber', 'DstNatPortNumber'] as const) expect(isPort(s[f])).toBe(true);
    }
  } catch (err) {
    if (!(err instanceof RecordRejected)) throw err;
  }
}

// Endpoints the grammar writes, and what must come back.
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ipv6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((p) => p.map((n) => n.toString(16)).join(':'));
const fqdn = fc.array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/), { minLength: 2, maxLength: 4 }).map((l) => l.join('.'));
const port = fc.nat(65535);
const label = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9 _,#()-]{0,30}[A-Za-z0-9_)]$/).filter((s) => !/(Policy|Rule Collection Group|Rule Collection|Rule|Web Category|ThreatIntel|Signature|IDS|Priority|Classification|Reason): /.test(s));

describe('msg parser fuzz', () => {
  it('fuzz: mutated documented sentences give RecordRejected or a well-formed parse', () => {
    fc.assert(fc.property(mutatedMessage, (msg) => void checkedParse(msg)), { numRuns: RUNS });
  });

  it('fuzz: random text gives RecordRejected or a well-formed parse', () => {
    fc.assert(fc.property(anyText, (text) => {
      checkedParse(text);
      checkedParse(`TCP request from ${text}`);
    }), { numRuns: RUNS });
  });

  it('fuzz: whatever the mapping accepts is a valid ASIM record with IP addresses and ports', () => {
    fc.assert(fc.property(fc.oneof(mutatedMessage, anyText), fc.constantFrom('AzureFirewallNetworkRule', 'AzureFirewallApplicationRule'), checkedRecord), { numRuns: RUNS });
  });

  it('fuzz: a sentence written by the documented grammar parses back to what was written', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('TCP', 'UDP', 'HTTP', 'HTTPS'),
        fc.oneof(ipv4, ipv6), port, fc.oneof(ipv4, ipv6, fqdn), port,
        fc.constantFrom('Allow', 'Deny', 'Alert', 'alert', 'drop'),
        fc.option(fc.tuple(label, label, label, label), { nil: undefined }),
        fc.constantFrom('', '.', '. ', '..'),
        (protocol, src, srcPort, dst, dstPort, action, rules, tail) => {
          const rulePart = rules ? `. Policy: ${rules[0]}. Rule Collection Group: ${rules[1]}. Rule Collection: ${rules[2]}. Rule: ${rules[3]}` : tail;
          const m = parseFirewallMessage(`${protocol} request from ${src}:${srcPort} to ${dst}:${dstPort}. Action: ${action}${rulePart}`);
          expect(m).toMatchObject({ protocol, src, srcPort, dst, dstPort, action });
          if (rules) expect([m.policy, m.ruleCollectionGroup, m.ruleCollection, m.rule]).toEqual(rules);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("fuzz: a DNAT sentence parses back to its three endpoints", () => {
    fc.assert(
      fc.property(fc.oneof(ipv4, ipv6), port, ipv4, port, fc.oneof(ipv4, ipv6), port, (src, sp, dst, dp, nat, np) => {
        const m = parseFirewallMessage(`TCP request from ${src}:${sp} to ${dst}:${dp} was DNAT'ed to ${nat}:${np}`);
        expect(m).toEqual({ protocol: 'TCP', src, srcPort: sp, dst, dstPort: dp, natDst: nat, natDstPort: np });
      }),
      { numRuns: RUNS },
    );
  });
});
