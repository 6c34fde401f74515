// pnpm bench input for fortinet-fortigate.
import { rng, pick, flow, enis, writeLines } from './common.mjs';

export const GENERATORS = {
  /** FortiGate traffic logs, FortiOS native key=value syslog. */
  'fortigate-kv': {
    source: 'fortinet-fortigate',
    async write(path, n) {
      const r = rng(11);
      const e = enis(r);
      await writeLines(path, n, '', (i) => {
        const f = flow(r, i, n, e);
        const d = new Date(f.start * 1000).toISOString();
        const action = f.action === 'ACCEPT' ? pick(r, ['accept', 'close', 'timeout']) : 'deny';
        return `<189>date=${d.slice(0, 10)} time=${d.slice(11, 19)} devname="FGT-EDGE-01" devid="FGT60F0000000001" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" eventtime=${f.start}000000000 tz="+0000" srcip=${f.src} srcport=${f.srcport} srcintf="port1" srcintfrole="${f.inbound ? 'wan' : 'lan'}" dstip=${f.dst} dstport=${f.dstport} dstintf="wan1" dstintfrole="${f.inbound ? 'lan' : 'wan'}" sessionid=${i} proto=${f.proto} action="${action}" policyid=${i % 50} policytype="policy" service="${f.proto === 6 ? 'HTTPS' : 'DNS'}" trandisp="noop" duration=${f.end - f.start} sentbyte=${f.packets * 200} rcvdbyte=${f.packets * 300} sentpkt=${f.packets} rcvdpkt=${f.packets}`;
      });
    },
  },
  /** FortiGate traffic logs as FortiOS writes them in CEF (the `FTNTFGT` layout), behind an RFC 3164 header: what Sentinel's connector takes. */
  'fortigate-cef': {
    source: 'fortinet-fortigate',
    async write(path, n) {
      const r = rng(12);
      const e = enis(r);
      const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      await writeLines(path, n, '', (i) => {
        const f = flow(r, i, n, e);
        const d = new Date(f.start * 1000);
        const header = `<189>${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} FGT-EDGE-01`;
        const action = f.action === 'ACCEPT' ? pick(r, ['accept', 'close', 'timeout']) : 'deny';
        const [srcRole, dstRole] = f.inbound ? ['wan', 'lan'] : ['lan', 'wan'];
        return `${header} CEF:0|Fortinet|Fortigate|v7.2.4|00013|traffic:forward ${action}|3|deviceExternalId=FGT60F0000000001 FTNTFGTlogid=0000000013 cat=traffic:forward FTNTFGTsubtype=forward FTNTFGTlevel=notice FTNTFGTvd=root FTNTFGTeventtime=${f.start}000000000 FTNTFGTtz=+0000 src=${f.src} spt=${f.srcport} deviceInboundInterface=port1 FTNTFGTsrcintfrole=${srcRole} dst=${f.dst} dpt=${f.dstport} deviceOutboundInterface=wan1 FTNTFGTdstintfrole=${dstRole} externalId=${i} proto=${f.proto} act=${action} FTNTFGTpolicyid=${i % 50} FTNTFGTpolicytype=policy app=${f.proto === 6 ? 'HTTPS' : 'DNS'} FTNTFGTtrandisp=noop FTNTFGTduration=${f.end - f.start} out=${f.packets * 200} in=${f.packets * 300} FTNTFGTsentpkt=${f.packets} FTNTFGTrcvdpkt=${f.packets}`;
      });
    },
  },
};
