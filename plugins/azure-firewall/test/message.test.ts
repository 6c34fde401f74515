import { RecordRejected } from '@asimkit/sdk';
import { describe, expect, it } from 'vitest';
import { parseFirewallMessage, type FirewallMessage } from '../src/message.js';

// Spec §2.2: every msg variant, verbatim where the spec quotes one, with what it must parse to.
const VARIANTS: [id: string, msg: string, expected: FirewallMessage][] = [
  ['N1', 'UDP request from 192.168.0.2:51106 to 89.160.20.156:53. Action: Allow. ',
    { protocol: 'UDP', src: '192.168.0.2', srcPort: 51106, dst: '89.160.20.156', dstPort: 53, action: 'Allow' }],
  ['N2', 'TCP request from 111.35.136.173:12518 to 13.78.143.217:2323. Action: Deny',
    { protocol: 'TCP', src: '111.35.136.173', srcPort: 12518, dst: '13.78.143.217', dstPort: 2323, action: 'Deny' }],
  ['N3', 'TCP request from 192.168.0.2:49680 to 89.160.20.156:1688. Action: Allow. Policy: ABC-DEF-01. Rule Collection Group: DefaultNetworkRuleCollectionGroup. Rule Collection: NetworkRulesAllow. Rule: AllowInternetOut',
    { protocol: 'TCP', src: '192.168.0.2', srcPort: 49680, dst: '89.160.20.156', dstPort: 1688, action: 'Allow', policy: 'ABC-DEF-01', ruleCollectionGroup: 'DefaultNetworkRuleCollectionGroup', ruleCollection: 'NetworkRulesAllow', rule: 'AllowInternetOut' }],
  ['N4', 'TCP request from 192.168.0.2:50306 to 89.160.20.156:3389. Action: Allow.. Rule Collection: Permit_RFC1918. Rule: Permit_RFC1918',
    { protocol: 'TCP', src: '192.168.0.2', srcPort: 50306, dst: '89.160.20.156', dstPort: 3389, action: 'Allow', ruleCollection: 'Permit_RFC1918', rule: 'Permit_RFC1918' }],
  ['N5', 'ICMP Type=8 request from 192.168.0.2 to 89.160.20.156. Action: Deny. ',
    { protocol: 'ICMP', icmpType: 8, src: '192.168.0.2', dst: '89.160.20.156', action: 'Deny' }],
  ['T1', 'HTTP request from 10.0.0.5:54074 to somemaliciousdomain.com:80. Action: Alert. ThreatIntel: Bot Networks',
    { protocol: 'HTTP', src: '10.0.0.5', srcPort: 54074, dst: 'somemaliciousdomain.com', dstPort: 80, action: 'Alert', threatIntel: 'Bot Networks' }],
  ['T2', 'HTTP request from 192.168.0.2:54314 to ocsp.sca1b.amazontrust.com:80. Url: ocsp.sca1b.amazontrust.com. Action: Deny. ThreatIntel: Bot Networks',
    { protocol: 'HTTP', src: '192.168.0.2', srcPort: 54314, dst: 'ocsp.sca1b.amazontrust.com', dstPort: 80, url: 'ocsp.sca1b.amazontrust.com', action: 'Deny', threatIntel: 'Bot Networks' }],
  ['I1', 'TCP request from 192.168.0.2:54854 to 175.16.199.1:1521. Action: alert. Signature: 2102649. IDS: SQL service_name buffer overflow attempt. Priority: 1. Classification: Attempted User Privilege Gain',
    { protocol: 'TCP', src: '192.168.0.2', srcPort: 54854, dst: '175.16.199.1', dstPort: 1521, action: 'alert', signature: '2102649', ids: 'SQL service_name buffer overflow attempt', priority: '1', classification: 'Attempted User Privilege Gain' }],
  ['I2', 'ICMP request from 192.168.0.2: to 175.16.199.1:. Action: alert. Signature: 2100366. IDS: ICMP_INFO PING *NIX. Priority: 3. Classification: Misc activity',
    { protocol: 'ICMP', src: '192.168.0.2', dst: '175.16.199.1', action: 'alert', signature: '2100366', ids: 'ICMP_INFO PING *NIX', priority: '3', classification: 'Misc activity' }],
  ['D1', "TCP request from 192.168.0.2:50306 to 89.160.20.156:3389 was DNAT'ed to 10.0.0.2:3389",
    { protocol: 'TCP', src: '192.168.0.2', srcPort: 50306, dst: '89.160.20.156', dstPort: 3389, natDst: '10.0.0.2', natDstPort: 3389 }],
  ['D2', "TCP request from 192.168.0.2:50306 to 89.160.20.156:3389 was DNAT'ed to 10.0.0.2:3389. Policy: policy-01. Rule Collection Group: DefaultDnatRuleCollectionGroup. Rule Collection: DNAT. Rule: rule",
    { protocol: 'TCP', src: '192.168.0.2', srcPort: 50306, dst: '89.160.20.156', dstPort: 3389, natDst: '10.0.0.2', natDstPort: 3389, policy: 'policy-01', ruleCollectionGroup: 'DefaultDnatRuleCollectionGroup', ruleCollection: 'DNAT', rule: 'rule' }],
  ['D3', "TCP request from 192.168.0.2:50306 to 89.160.20.156:3388 was DNAT'ed to 10.0.0.2:3388. Rule Collection: DNAT. Rule: rule",
    { protocol: 'TCP', src: '192.168.0.2', srcPort: 50306, dst: '89.160.20.156', dstPort: 3388, natDst: '10.0.0.2', natDstPort: 3388, ruleCollection: 'DNAT', rule: 'rule' }],
  ['A1', 'HTTPS request from 10.1.0.5:55640 to mydestination.com:443. Action: Allow. Rule Collection: collection1000. Rule: rule1002',
    { protocol: 'HTTPS', src: '10.1.0.5', srcPort: 55640, dst: 'mydestination.com', dstPort: 443, action: 'Allow', ruleCollection: 'collection1000', rule: 'rule1002' }],
  ['A2', 'HTTPS request from 10.0.0.1:49553 to guestconfiguration.azure.com:443. Action: Allow. Policy: azfwpolicy-nbfw-prd-weeu-01. Rule Collection Group: DefaultApplicationRuleCollectionGroup. Rule Collection: enablement-genericwebcategory-prd-allow-200. Rule: Allowed Business-Use Webcategories. Web Category: ComputersAndTechnology',
    { protocol: 'HTTPS', src: '10.0.0.1', srcPort: 49553, dst: 'guestconfiguration.azure.com', dstPort: 443, action: 'Allow', policy: 'azfwpolicy-nbfw-prd-weeu-01', ruleCollectionGroup: 'DefaultApplicationRuleCollectionGroup', ruleCollection: 'enablement-genericwebcategory-prd-allow-200', rule: 'Allowed Business-Use Webcategories', webCategory: 'ComputersAndTechnology' }],
  ['A3', 'HTTP  request from 10.0.0.1:50776 to ocsp.msocsp.com:80. Url: ocsp.msocsp.com/MFQ=. Action: Allow. Policy: p. Rule Collection Group: g. Rule Collection: generic-allow-500. Rule: Azure-to-AllowedServices, HTTP',
    { protocol: 'HTTP', src: '10.0.0.1', srcPort: 50776, dst: 'ocsp.msocsp.com', dstPort: 80, url: 'ocsp.msocsp.com/MFQ=', action: 'Allow', policy: 'p', ruleCollectionGroup: 'g', ruleCollection: 'generic-allow-500', rule: 'Azure-to-AllowedServices, HTTP' }],
  ['A4', 'HTTPS request from 10.0.2.4:56029 to md-qp4jv5snxgk5.z13.blob.storage.azure.net:443. Action: Deny. No rule matched. Proceeding with default action',
    { protocol: 'HTTPS', src: '10.0.2.4', srcPort: 56029, dst: 'md-qp4jv5snxgk5.z13.blob.storage.azure.net', dstPort: 443, action: 'Deny', reason: 'No rule matched. Proceeding with default action' }],
  ['A5', 'HTTPS request from 10.0.2.4:56030 to x.contoso.com:443. Action: Deny. Failed to resolve address x.contoso.com:443: lookup x.contoso.com on 168.63.129.16:53: no such host',
    { protocol: 'HTTPS', src: '10.0.2.4', srcPort: 56030, dst: 'x.contoso.com', dstPort: 443, action: 'Deny', reason: 'Failed to resolve address x.contoso.com:443: lookup x.contoso.com on 168.63.129.16:53: no such host' }],
  ['A6', 'HTTPS request from 10.0.0.1:6065. Action: Deny. Reason: SNI TLS extension was missing.',
    { protocol: 'HTTPS', src: '10.0.0.1', srcPort: 6065, action: 'Deny', reason: 'SNI TLS extension was missing' }],
  ['A7', 'HTTP request from 10.0.0.1:50777 to www.example.com:80. Url: www.example.com/login. Action: Deny. Request was denied by TLS inspection policy',
    { protocol: 'HTTP', src: '10.0.0.1', srcPort: 50777, dst: 'www.example.com', dstPort: 80, url: 'www.example.com/login', action: 'Deny', reason: 'Request was denied by TLS inspection policy' }],
];

describe('parseFirewallMessage', () => {
  it.each(VARIANTS)('%s parses by its labels', (_id, msg, expected) => {
    expect(parseFirewallMessage(msg)).toEqual(expected);
  });

  it('splits IPv6 endpoints on the last colon', () => {
    expect(parseFirewallMessage('TCP request from 2001:db8:10::5:51000 to 2001:db8:20::7:443. Action: Allow. ')).toMatchObject({
      src: '2001:db8:10::5', srcPort: 51000, dst: '2001:db8:20::7', dstPort: 443,
    });
  });

  it('takes a whole IPv6 address as an ICMP endpoint without port', () => {
    expect(parseFirewallMessage('ICMP Type=128 request from fd00::4 to fd00::1:5. Action: Allow. ')).toMatchObject({
      protocol: 'ICMP', icmpType: 128, src: 'fd00::4', dst: 'fd00::1:5',
    });
  });

  it('keeps dots inside labelled values and ends the last one at its final dot', () => {
    const m = parseFirewallMessage('TCP request from 10.0.0.1:1 to 10.0.0.2:80. Action: deny. Signature: 1. IDS: ET INFO Query to .cloud TLD. Priority: 2. Classification: Bad. ');
    expect(m.ids).toBe('ET INFO Query to .cloud TLD');
    expect(m.classification).toBe('Bad');
  });

  it.each([
    ['no head', 'Something else entirely', 'msg-format'],
    ['no action', 'TCP request from 10.0.0.1:1 to 10.0.0.2:2. Url: x', 'msg-format'],
    ['no destination dot', 'TCP request from 10.0.0.1:1 to 10.0.0.2:2 and then', 'msg-format'],
    ['port out of range', 'TCP request from 10.0.0.1:65536 to 10.0.0.2:2. Action: Allow', 'bad-port'],
    ['port not a number', 'TCP request from 10.0.0.1:1 to 10.0.0.2:http. Action: Allow', 'bad-port'],
    ['empty action', 'TCP request from 10.0.0.1:1 to 10.0.0.2:2. Action: . ', 'msg-format'],
    ['protocol with spaces', 'TCP over IP request from 10.0.0.1:1 to 10.0.0.2:2. Action: Allow', 'msg-format'],
  ])('rejects %s', (_what, msg, reason) => {
    expect(() => parseFirewallMessage(msg)).toThrow(RecordRejected);
    try {
      parseFirewallMessage(msg);
    } catch (err) {
      expect((err as RecordRejected).reason).toBe(reason);
    }
  });
});
