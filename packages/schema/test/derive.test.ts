import { describe, expect, it } from 'vitest';
import {
  applyAliases,
  DVC_ACTIONS,
  eventResultFor,
  eventSeverityFor,
  FAILURE_ACTIONS,
  type NetworkSession,
  validateNetworkSession,
} from '../src/index.js';

const T = '2024-05-01T12:00:00.000Z';

/** Mandatory fields only, Dvc left empty for applyAliases to fill. */
function base(extra: Partial<NetworkSession>): NetworkSession {
  return {
    TimeGenerated: T, EventCount: 1, EventStartTime: T, EventEndTime: T, EventType: 'NetworkSession',
    EventResult: 'Success', EventProduct: 'Firewall', EventVendor: 'Acme', EventSchema: 'NetworkSession',
    EventSchemaVersion: '0.2.4', Dvc: '', ...extra,
  };
}

describe('R6 eventResultFor / R7 eventSeverityFor', () => {
  it.each(FAILURE_ACTIONS)('%s → Failure, Low', (action) => {
    expect(eventResultFor(action)).toBe('Failure');
    expect(eventSeverityFor(action)).toBe('Low');
  });

  it.each(DVC_ACTIONS.filter((a) => !(FAILURE_ACTIONS as readonly string[]).includes(a)))('%s → Success, Informational', (action) => {
    expect(eventResultFor(action)).toBe('Success');
    expect(eventSeverityFor(action)).toBe('Informational');
  });

  it('no action, empty or unknown action → Success, Informational', () => {
    for (const action of [undefined, '', 'deny', 'Block']) {
      expect(eventResultFor(action)).toBe('Success');
      expect(eventSeverityFor(action)).toBe('Informational');
    }
  });

  it('FAILURE_ACTIONS are the six of the spec', () => {
    expect(FAILURE_ACTIONS).toEqual(['Deny', 'Drop', 'Drop ICMP', 'Reset', 'Reset Source', 'Reset Destination']);
  });
});

describe('applyAliases (R15)', () => {
  it('mutates and returns the same record', () => {
    const rec = base({ DvcHostname: 'fw1' });
    expect(applyAliases(rec)).toBe(rec);
  });

  it('Dvc: DvcFQDN, then DvcId, DvcHostname, DvcIpAddr, then EventProduct', () => {
    expect(applyAliases(base({ DvcFQDN: 'fw1.corp', DvcId: 'id1', DvcHostname: 'fw1', DvcIpAddr: '10.0.0.1' })).Dvc).toBe('fw1.corp');
    expect(applyAliases(base({ DvcId: 'id1', DvcHostname: 'fw1', DvcIpAddr: '10.0.0.1' })).Dvc).toBe('id1');
    expect(applyAliases(base({ DvcHostname: 'fw1', DvcIpAddr: '10.0.0.1' })).Dvc).toBe('fw1');
    expect(applyAliases(base({ DvcIpAddr: '10.0.0.1' })).Dvc).toBe('10.0.0.1');
    expect(applyAliases(base({})).Dvc).toBe('Firewall');
  });

  it('Src/Dst: DvcId, then Hostname, then IpAddr', () => {
    const rec = applyAliases(base({ SrcIpAddr: '10.0.0.1', SrcHostname: 'a', DstIpAddr: '10.0.0.2', DstDvcId: 'd1', DstHostname: 'b' }));
    expect(rec.Src).toBe('a');
    expect(rec.Dst).toBe('d1');
  });

  it('simple copies: User, Process, Duration, SessionId, InnerVlanId, OuterVlanId', () => {
    const rec = applyAliases(base({
      DstUsername: 'bob', DstProcessName: 'sshd', NetworkDuration: 1500, NetworkSessionId: 's1', SrcVlanId: '10', DstVlanId: '20',
    }));
    expect(rec).toMatchObject({ User: 'bob', Process: 'sshd', Duration: 1500, SessionId: 's1', InnerVlanId: '10', OuterVlanId: '20' });
  });

  it('Rule: NetworkRuleName, else String(NetworkRuleNumber)', () => {
    expect(applyAliases(base({ NetworkRuleName: 'AnyAnyDrop', NetworkRuleNumber: 7 })).Rule).toBe('AnyAnyDrop');
    expect(applyAliases(base({ NetworkRuleNumber: 7 })).Rule).toBe('7');
    expect(applyAliases(base({})).Rule).toBeUndefined();
  });

  it('DvcInterface: inbound, else outbound interface', () => {
    expect(applyAliases(base({ DvcInboundInterface: 'eth0', DvcOutboundInterface: 'eth1' })).DvcInterface).toBe('eth0');
    expect(applyAliases(base({ DvcOutboundInterface: 'eth1' })).DvcInterface).toBe('eth1');
  });

  it('NetworkSession/Flow: Hostname = DstHostname, IpAddr = SrcIpAddr', () => {
    const rec = applyAliases(base({ EventType: 'Flow', SrcIpAddr: '10.0.0.1', DstIpAddr: '10.0.0.2', DstHostname: 'db' }));
    expect(rec.Hostname).toBe('db');
    expect(rec.IpAddr).toBe('10.0.0.1');
  });

  it('leaves aliases that are already set, and does not invent absent ones', () => {
    const rec = applyAliases(base({ DvcHostname: 'fw1', Dvc: 'fw1.corp', User: 'x', DstUsername: 'bob' }));
    expect(rec.Dvc).toBe('fw1.corp');
    expect(rec.User).toBe('x');
    expect('Process' in rec).toBe(false);
    expect('Src' in rec).toBe(false);
  });

  it('EndpointNetworkSession inbound: Local = Dst, Remote = Src; Hostname = RemoteHostname, IpAddr = LocalIpAddr', () => {
    const rec = applyAliases(base({
      EventType: 'EndpointNetworkSession', NetworkDirection: 'Inbound', DvcHostname: 'srv',
      SrcIpAddr: '198.51.100.9', SrcHostname: 'client', SrcPortNumber: 50000,
      DstIpAddr: '10.0.0.9', DstHostname: 'srv', DstPortNumber: 443,
    }));
    expect(rec).toMatchObject({
      Local: 'srv', LocalIpAddr: '10.0.0.9', LocalHostname: 'srv', LocalPortNumber: 443,
      Remote: 'client', RemoteIpAddr: '198.51.100.9', RemoteHostname: 'client', RemotePortNumber: 50000,
      Hostname: 'client', IpAddr: '10.0.0.9', Dvc: 'srv',
    });
    expect('LocalMacAddr' in rec).toBe(false);
    expect(validateNetworkSession(rec)).toEqual([]);
  });

  it('EndpointNetworkSession outbound: Local = Src, Remote = Dst', () => {
    const rec = applyAliases(base({
      EventType: 'EndpointNetworkSession', NetworkDirection: 'Outbound', DvcHostname: 'laptop',
      SrcIpAddr: '10.0.0.9', SrcHostname: 'laptop', DstIpAddr: '192.0.2.1', DstHostname: 'api',
    }));
    expect(rec).toMatchObject({
      LocalIpAddr: '10.0.0.9', RemoteIpAddr: '192.0.2.1', RemoteHostname: 'api', Hostname: 'api', IpAddr: '10.0.0.9',
    });
    expect(validateNetworkSession(rec)).toEqual([]);
  });

  it('EndpointNetworkSession without Inbound/Outbound: no Local/Remote aliases', () => {
    const rec = applyAliases(base({ EventType: 'EndpointNetworkSession', NetworkDirection: 'Listen', DvcHostname: 'srv', DstIpAddr: '10.0.0.9', DstPortNumber: 22 }));
    expect(Object.keys(rec).filter((k) => k.startsWith('Local') || k.startsWith('Remote'))).toEqual([]);
    expect(rec.IpAddr).toBeUndefined();
  });

  it('a record completed by applyAliases passes the validator', () => {
    const rec = applyAliases(base({
      DvcIpAddr: '10.0.0.1', SrcIpAddr: '10.0.0.2', DstIpAddr: '10.0.0.3', DstHostname: 'db', NetworkRuleNumber: 3,
      DvcInboundInterface: 'eth0', NetworkDuration: 5, DstUsername: 'u', DstUsernameType: 'Simple',
    }));
    expect(validateNetworkSession(rec)).toEqual([]);
  });
});
